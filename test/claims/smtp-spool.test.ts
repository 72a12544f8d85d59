import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import t from 'tap';
import nodemailer from 'nodemailer';
import type { Installation } from '../../server/installation.js';
import { inTransaction } from '../../server/context.js';
import { fixedClock } from '../../server/shared/clock.js';
import { startMailReceivers } from '../../server/modules/inbound-mail/receivers.js';
import { mailStore, defaultInboundSettings } from '../../server/modules/inbound-mail/inbound-mail.service.js';
import { fileOrphanedMail, SPOOL_MAX_TRIES } from '../../server/modules/inbound-mail/inbound-spool.js';
import { insertSpooled } from '../../server/modules/inbound-mail/spool.repository.js';
import { twoNodes } from './nodes.js';

const rawMail = (i: number) =>
  Buffer.from(
    `From: client${i}@client.example\r\nTo: support@desk.test\r\nSubject: Spooled ${i}\r\n` +
      `Message-ID: <spooled-${i}@client.example>\r\nDate: Sat, 05 Dec 2026 09:00:00 +0000\r\n\r\nPrinter ${i} is broken\r\n`,
  );

/** What a receiving node leaves when it dies after spooling: the raw stored, the row claimed by it. */
async function orphan(inst: Installation, i: number, claimedUntil: string, raw = rawMail(i)) {
  const ctx = inst.ctx();
  const stored = await mailStore(ctx).put(Readable.from([raw]), Number.MAX_SAFE_INTEGER);
  await inTransaction(ctx, (tx) =>
    insertSpooled(tx.db, {
      id: randomUUID(),
      raw_sha256: stored.sha256,
      raw_size: stored.size,
      source: 'smtp',
      envelope_from: `client${i}@client.example`,
      received_at: new Date(Date.parse('2026-12-05T09:00:00.000Z') + i).toISOString(),
      attempts: 1,
      claimed_by: 'node-dead',
      claim_expires_at: claimedUntil,
    }),
  );
}

t.test('the SMTP receiver spools, files and clears: 250 after the message is a ticket', async (t) => {
  const [a] = await twoNodes(t, { overrides: { mailFrom: 'support@desk.test', inboundSmtpPort: 0 } });
  const receivers = await startMailReceivers(a);
  t.teardown(() => receivers.stop());
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: receivers.smtp!.port, ignoreTLS: true });
  const info = await smtp.sendMail({ from: 'c@client.example', to: 'support@desk.test', subject: 'Hi', text: 'x' });
  t.match(info.response, /^250/);
  t.match(await a.database.db.selectFrom('inbound_messages').selectAll().execute(), [
    { status: 'ticket', source: 'smtp', from_address: 'c@client.example' },
  ]);
  t.same(await a.database.db.selectFrom('inbound_spool').selectAll().execute(), [], 'nothing left in the spool');
});

t.test('mail spooled by a node that died is filed by another once the claim expires', async (t) => {
  const clock = fixedClock('2026-12-05T09:00:00.000Z');
  const [a, b] = await twoNodes(t, { clock, overrides: { mailFrom: 'support@desk.test' } });
  await orphan(a, 1, '2026-12-05T09:01:00.000Z');
  t.same(await fileOrphanedMail(b.ctx(), defaultInboundSettings), { filed: 0, failed: 0 }, 'claimed: left alone');
  clock.set('2026-12-05T09:01:00.000Z');
  const filed: number[] = [];
  t.same(await fileOrphanedMail(b.ctx(), defaultInboundSettings, { onIngested: (r) => filed.push(r.inboundId) }), {
    filed: 1,
    failed: 0,
  });
  const rows = await b.database.db.selectFrom('inbound_messages').selectAll().execute();
  t.match(rows, [{ status: 'ticket', source: 'smtp', subject: 'Spooled 1', message_id: 'spooled-1@client.example' }]);
  t.same(filed, [rows[0]!.id]);
  t.same(await b.database.db.selectFrom('inbound_spool').selectAll().execute(), []);
});

t.test('two nodes sweeping 30 orphaned messages at once file each exactly once', async (t) => {
  const clock = fixedClock('2026-12-05T09:05:00.000Z');
  const [a, b] = await twoNodes(t, { clock, overrides: { mailFrom: 'support@desk.test' } });
  for (let i = 0; i < 30; i++) await orphan(a, i, '2026-12-05T09:01:00.000Z');
  const sweep = async (inst: Installation) => {
    let filed = 0;
    for (;;) {
      const r = await fileOrphanedMail(inst.ctx(), defaultInboundSettings, { limit: 4 });
      t.equal(r.failed, 0);
      if (r.filed === 0) return filed;
      filed += r.filed;
    }
  };
  const [byA, byB] = await Promise.all([sweep(a), sweep(b)]);
  t.equal(byA + byB, 30, `30 filed in all (${byA} by A, ${byB} by B)`);
  const messages = await a.database.db.selectFrom('inbound_messages').select(['subject', 'status', 'reason']).execute();
  t.equal(messages.length, 30, 'thirty messages, none filed twice');
  t.equal(new Set(messages.map((m) => m.subject)).size, 30);
  t.same(
    messages.filter((m) => m.status !== 'ticket'),
    [],
    'each became a ticket',
  );
  const tickets = await a.database.db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  t.equal(Number(tickets.n), 30, 'thirty tickets');
});

t.test('a raw message no node can read is tried again, then failed with its reason', async (t) => {
  const clock = fixedClock('2026-12-05T09:00:00.000Z');
  const [a] = await twoNodes(t, { clock, overrides: { mailFrom: 'support@desk.test' } });
  await orphan(a, 7, '2026-12-05T09:00:00.000Z');
  const row = await a.database.db.selectFrom('inbound_spool').selectAll().executeTakeFirstOrThrow();
  const { rm } = await import('node:fs/promises');
  await rm(mailStore(a.ctx()).pathOf(row.raw_sha256));
  for (let i = 1; i < SPOOL_MAX_TRIES; i++) {
    clock.advance(60_000);
    t.same(await fileOrphanedMail(a.ctx(), defaultInboundSettings), { filed: 0, failed: 1 });
  }
  t.match(await a.database.db.selectFrom('inbound_spool').selectAll().executeTakeFirstOrThrow(), {
    status: 'failed',
    attempts: SPOOL_MAX_TRIES,
    last_error: /raw message unreadable/,
  });
  clock.advance(60_000);
  t.same(await fileOrphanedMail(a.ctx(), defaultInboundSettings), { filed: 0, failed: 0 }, 'no longer tried');
});
