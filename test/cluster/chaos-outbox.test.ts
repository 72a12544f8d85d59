import t, { type Test } from 'tap';
import { SMTPServer } from 'smtp-server';
import { inTransaction } from '../../server/context.js';
import { enqueue } from '../../server/modules/outbox/index.js';
import { eventually } from '../helpers/cluster.js';
import { chaosDesk, seconds } from './chaos.js';

const MESSAGES = 10_000;

/**
 * A real SMTP server on loopback that keeps nothing but how often each Message-ID arrived: a message sent twice
 * counts 2, one never sent is missing from the map.
 */
async function countingSmtp(t: Test) {
  const seen = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (!head.includes('\r\n\r\n')) head += c.toString('utf8');
      });
      stream.on('end', () => {
        const id = /^message-id:\s*<([^>]+)>/im.exec(head)?.[1] ?? '(none)';
        seen.set(id, (seen.get(id) ?? 0) + 1);
        callback();
      });
    },
  });
  // A node killed at teardown leaves its session cut: that is the test ending, not a delivery.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET') throw err;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.server.address() as { port: number }).port;
  const total = () => [...seen.values()].reduce((a, b) => a + b, 0);
  return { url: `smtp://127.0.0.1:${port}`, seen, total };
}

t.test(
  `${MESSAGES.toLocaleString('en')} queued mails drained by 3 nodes over real SMTP: each sent exactly once`,
  async (t) => {
    const smtp = await countingSmtp(t);
    const desk = await chaosDesk(t, ['node-a', 'node-b', 'node-c'], {
      ONDESK_SMTP_URL: smtp.url,
      ONDESK_MAIL_FROM: 'Support <support@desk.example>',
    });
    const { db, setup } = desk;
    // Queued before any node serves, in one transaction: the three start on the same backlog.
    const now = setup.clock.now();
    await inTransaction(setup.ctx(), async (tx) => {
      for (let i = 0; i < MESSAGES; i++)
        await enqueue(
          tx.db,
          { channel: 'email', recipient: `client${i}@client.example`, subject: `message ${i}`, body: `body ${i}` },
          now,
        );
    });
    const expected = new Set(
      (await db.selectFrom('outbox').select(['id', 'created_at']).execute()).map(
        (r) => `outbox-${r.id}.${Date.parse(r.created_at)}@desk.example`,
      ),
    );
    t.equal(expected.size, MESSAGES);

    const started = Date.now();
    await Promise.all(['node-a', 'node-b', 'node-c'].map((id) => desk.start(id)));
    await eventually(
      async () => {
        const left = await db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '!=', 'sent')
          .executeTakeFirstOrThrow();
        return Number(left.n) === 0 ? true : undefined;
      },
      // Each message costs a node two commits (its claim with the Message-ID, then sent) and an SMTP session: the
      // drain takes a minute or two on a quiet machine, several on a busy one.
      480_000,
      'the outbox drained',
    );
    const drainedMs = Date.now() - started;
    // A duplicate would come after the row is marked sent only if a second node were still sending it: wait a moment.
    await new Promise((r) => setTimeout(r, 1000));

    const duplicates = [...smtp.seen].filter(([, n]) => n > 1);
    const missing = [...expected].filter((id) => !smtp.seen.has(id));
    const strangers = [...smtp.seen.keys()].filter((id) => !expected.has(id));
    t.comment(`${smtp.total()} messages received in ${seconds(drainedMs)} s (from the first node's start)`);
    t.equal(smtp.total(), MESSAGES, `${MESSAGES} messages reached the SMTP server`);
    t.same(duplicates, [], 'zero duplicates');
    t.same(missing, [], 'zero missing');
    t.same(strangers, [], 'no message the outbox did not queue');

    const byNode = await db
      .selectFrom('outbox')
      .select(['claimed_by', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'sent')
      .groupBy('claimed_by')
      .orderBy('claimed_by')
      .execute();
    const shares = byNode.map((r) => `${r.claimed_by}: ${Number(r.n)}`).join(', ');
    t.comment(`sent by ${shares}`);
    t.same(
      byNode.map((r) => r.claimed_by),
      ['node-a', 'node-b', 'node-c'],
      `each node sent some (${shares})`,
    );
    t.ok(
      byNode.every((r) => Number(r.n) > 0),
      'every share is more than none',
    );
    t.equal(
      byNode.reduce((sum, r) => sum + Number(r.n), 0),
      MESSAGES,
      'the shares add up',
    );
  },
);
