import t from 'tap';
import type { Installation } from '../../server/installation.js';
import { inTransaction } from '../../server/context.js';
import { fixedClock } from '../../server/shared/clock.js';
import { enqueue } from '../../server/modules/outbox/index.js';
import { claimDue, countPending } from '../../server/modules/outbox/outbox.repository.js';
import { deliveryWorker } from '../../server/modules/notifications/outbox-worker.js';
import { twoNodes } from './nodes.js';
import { smtpServer } from '../notifications/helpers.js';

async function queueMails(inst: Installation, n: number) {
  const now = inst.clock.now();
  await inTransaction(inst.ctx(), async (tx) => {
    for (let i = 0; i < n; i++)
      await enqueue(
        tx.db,
        { channel: 'email', recipient: `client${i}@client.example`, subject: `message ${i}`, body: `body ${i}` },
        now,
      );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test('two nodes racing on 1,000 queued mails over real SMTP send each exactly once', async (t) => {
  const [a, b] = await twoNodes(t);
  await queueMails(a, 1000);
  const smtp = await smtpServer(t);
  const mailConfig = { smtpUrl: smtp.url, mailFrom: 'Support <support@desk.example>' };
  const workers = [
    { inst: a, worker: deliveryWorker({ ...a.config, ...mailConfig }), sent: 0 },
    { inst: b, worker: deliveryWorker({ ...b.config, ...mailConfig }), sent: 0 },
  ];
  t.teardown(() => workers.forEach((w) => w.worker.close()));
  // Each node drains as fast as it can, small batches so the two interleave, until nothing is pending.
  await Promise.all(
    workers.map(async (w) => {
      for (;;) {
        const report = await w.worker.deliverDue(w.inst.ctx(), 20);
        w.sent += report.sent;
        t.equal(report.retried + report.failed, 0);
        if (report.sent === 0) {
          if ((await countPending(w.inst.database.db, 'email')) === 0) return;
          await sleep(20);
        }
      }
    }),
  );
  t.equal(smtp.messages.length, 1000, '1,000 messages reached the SMTP server');
  const subjects = smtp.messages.map((m) => m.header('subject'));
  t.equal(new Set(subjects).size, 1000, 'each of the 1,000 exactly once');
  t.equal(workers[0]!.sent + workers[1]!.sent, 1000);
  t.ok(workers[0]!.sent > 0 && workers[1]!.sent > 0, `both nodes sent (${workers[0]!.sent} + ${workers[1]!.sent})`);
  const byNode = await a.database.db
    .selectFrom('outbox')
    .select(['claimed_by', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['claimed_by', 'status'])
    .orderBy('claimed_by')
    .execute();
  t.same(
    byNode.map((r) => ({ node: r.claimed_by, status: r.status, n: Number(r.n) })),
    [
      { node: 'node-a', status: 'sent', n: workers[0]!.sent },
      { node: 'node-b', status: 'sent', n: workers[1]!.sent },
    ],
    'each row records the node that sent it',
  );
});

t.test('a batch claimed by a node that died is sent by another node once the claim expires', async (t) => {
  const clock = fixedClock('2026-12-01T09:00:00.000Z');
  const [a, b] = await twoNodes(t, { clock });
  await queueMails(a, 30);
  // Node A claims twenty and dies before sending any.
  const claimed = await inTransaction(a.ctx(), (tx) => claimDue(tx.db, ['email'], 'node-a', clock.now(), 20));
  t.equal(claimed.length, 20);
  t.same(
    claimed.map((r) => r.subject),
    Array.from({ length: 20 }, (_, i) => `message ${i}`),
    'oldest first',
  );
  const smtp = await smtpServer(t);
  const worker = deliveryWorker({ ...b.config, smtpUrl: smtp.url, mailFrom: 'support@desk.example' });
  t.teardown(() => worker.close());

  t.same(await worker.deliverDue(b.ctx(), 50), { sent: 10, retried: 0, failed: 0 }, 'B sends only the unclaimed ten');
  clock.advance(59_000);
  t.same(await worker.deliverDue(b.ctx(), 50), { sent: 0, retried: 0, failed: 0 }, "A's claim still holds");
  clock.advance(1_000);
  t.same(await worker.deliverDue(b.ctx(), 50), { sent: 20, retried: 0, failed: 0 }, 'expired: B sends the twenty');
  t.equal(new Set(smtp.messages.map((m) => m.header('subject'))).size, 30, 'thirty distinct messages, none twice');
  t.equal(smtp.messages.length, 30);
  t.equal(await countPending(b.database.db, 'email'), 0);
});

t.test('a failed attempt frees the claim: the retry is for whichever node comes when it is due', async (t) => {
  const clock = fixedClock('2026-12-01T09:00:00.000Z');
  const [a, b] = await twoNodes(t, { clock });
  await queueMails(a, 1);
  const smtp = await smtpServer(t, (n) => (n === 0 ? { code: 451, message: 'try later' } : null));
  const config = { smtpUrl: smtp.url, mailFrom: 'support@desk.example' };
  const workerA = deliveryWorker({ ...a.config, ...config });
  const workerB = deliveryWorker({ ...b.config, ...config });
  t.teardown(() => (workerA.close(), workerB.close()));
  t.same(await workerA.deliverDue(a.ctx()), { sent: 0, retried: 1, failed: 0 }, 'A tries and is told to retry');
  const row = await a.database.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
  t.match(row, { status: 'pending', attempts: 1, claimed_by: null, claim_expires_at: null });
  t.same(await workerB.deliverDue(b.ctx()), { sent: 0, retried: 0, failed: 0 }, 'not before its backoff');
  clock.advance(60_000);
  t.same(await workerB.deliverDue(b.ctx()), { sent: 1, retried: 0, failed: 0 }, 'B sends the retry');
  t.match(await a.database.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow(), {
    status: 'sent',
    attempts: 2,
    claimed_by: 'node-b',
  });
});
