import t from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { findOutbox } from '../../server/modules/outbox/outbox.repository.js';
import { MAX_ATTEMPTS, backoffDelay, enqueue } from '../../server/modules/outbox/index.js';
import { deliveryWorker } from '../../server/modules/notifications/outbox-worker.js';
import { ourMessageIds } from '../../server/modules/notifications/message-ids.js';
import { REPLY_MARKER } from '../../server/modules/notifications/mail-markers.js';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { notificationDesk, smtpServer } from './helpers.js';

const START = '2026-12-01T09:00:00.000Z';
const MIN = 60_000;

t.test('backoff doubles from a minute and never waits more than six hours', async (t) => {
  t.equal(backoffDelay(1), MIN);
  t.equal(backoffDelay(2), 2 * MIN);
  t.equal(backoffDelay(5), 16 * MIN);
  t.equal(backoffDelay(9), 256 * MIN);
  t.equal(backoffDelay(10), 6 * 60 * MIN);
  t.equal(backoffDelay(30), 6 * 60 * MIN);
});

t.test('ticket mail over real SMTP: subject token, reply marker, Message-ID, threading, Auto-Submitted', async (t) => {
  const clock = fixedClock(START);
  const desk = await notificationDesk(t, { clock });
  const smtp = await smtpServer(t);
  const worker = deliveryWorker({
    ...desk.inst.config,
    smtpUrl: smtp.url,
    mailFrom: 'Support <support@desk.example>',
  });
  t.teardown(() => worker.close());
  const admin = await desk.agent('admin');
  const engineer = await desk.agent('engineer');
  const org = await makeOrganization(admin);
  const contact = await makeContact(admin, org.id, { email: 'client@client.example' });

  // The admin creates and assigns: the engineer (assignee) hears of it, the admin (actor) does not.
  const ticket = await makeTicket(admin, org.id, {
    contactId: contact.id,
    assigneeId: engineer.agentId,
    subject: 'Printer on fire',
  });
  t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 1, retried: 0, failed: 0 });
  const created = smtp.messages[0]!;
  t.equal(created.to.length, 1, 'one recipient: the assignee');
  t.match(created.header('subject'), new RegExp(`^\\[#${ticket.number}\\] New ticket: Printer on fire$`));
  t.match(
    created.header('message-id'),
    new RegExp(`^<ticket-${ticket.number}\\.created\\.[A-Za-z0-9_-]{12}@desk\\.example>$`),
  );
  t.equal(created.header('auto-submitted'), 'auto-generated');
  t.equal(created.header('x-auto-response-suppress'), 'All');
  t.equal(created.header('in-reply-to'), undefined, 'the first mail of a ticket replies to nothing');
  t.ok(created.parsed.text!.startsWith(REPLY_MARKER), 'the reply marker opens the text');
  t.match(created.parsed.html, /<div>New ticket #\d+ from Org \d+, priority P3\.<br>/, 'an HTML part too');
  const firstId = created.parsed.messageId!.replace(/[<>]/g, '');
  t.match(
    await ourMessageIds(desk.inst.database.db, `<${firstId}>`),
    { ticketId: ticket.id, direction: 'out' },
    'recorded for the inbound side',
  );
  t.equal(
    await ourMessageIds(desk.inst.database.db, `<ticket-${ticket.number}.created.forged@desk.example>`),
    undefined,
    'a look-alike id is not ours',
  );

  // The engineer replies publicly: the contact gets it, threaded under the first mail, not marked automatic.
  const reply = await engineer.post(`/api/v1/tickets/${ticket.id}/comments`, {
    body: 'We are on our way with an extinguisher.',
    public: true,
  });
  t.equal(reply.statusCode, 201);
  const commentId = reply.json().id as number;
  t.same(
    await worker.deliverDue(desk.inst.ctx()),
    { sent: 1, retried: 0, failed: 0 },
    'the engineer (actor) is not told of their own reply',
  );
  const toClient = smtp.messages[1]!;
  t.same(toClient.to, ['client@client.example']);
  t.match(
    toClient.header('message-id'),
    new RegExp(`^<ticket-${ticket.number}\\.comment-${commentId}\\.[A-Za-z0-9_-]+@desk\\.example>$`),
  );
  t.equal(toClient.header('in-reply-to'), `<${firstId}>`);
  t.equal(toClient.header('references'), `<${firstId}>`);
  t.equal(toClient.header('auto-submitted'), undefined, "a person's reply is not automatic mail");
  t.match(toClient.parsed.text, /We are on our way with an extinguisher\./);
  t.match(toClient.header('from'), /support@desk\.example/);

  // A third message references both earlier ones.
  await admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'in_progress' });
  await worker.deliverDue(desk.inst.ctx());
  const third = smtp.messages[2]!;
  t.match(third.header('subject'), new RegExp(`^\\[#${ticket.number}\\] In progress: Printer on fire$`));
  t.match(third.header('references'), new RegExp(`^<${firstId}> <ticket-${ticket.number}\\.comment-${commentId}\\.`));
});

t.test('no header injection from a subject or a recipient with line breaks', async (t) => {
  const clock = fixedClock(START);
  const desk = await notificationDesk(t, { clock });
  const smtp = await smtpServer(t);
  const worker = deliveryWorker({ ...desk.inst.config, smtpUrl: smtp.url, mailFrom: 'support@desk.example' });
  t.teardown(() => worker.close());
  const admin = await desk.agent('admin');
  const engineer = await desk.agent('engineer');
  const org = await makeOrganization(admin);
  const res = await admin.post('/api/v1/tickets', {
    subject: 'Hi\r\nBcc: x@evil.example',
    description: 'x',
    organizationId: org.id,
    type: 'incident',
    priority: 'P3',
    assigneeId: engineer.agentId,
  });
  // Whether the API keeps the subject or not, what a module queues directly must not inject either.
  const db = desk.inst.database.db;
  await desk.inst.database.writes.run((trx) =>
    enqueue(
      trx,
      {
        channel: 'email',
        recipient: 'ops@desk.example',
        subject: 'Alert\r\nBcc: x@evil.example\nX-Evil: 1',
        body: 'body',
      },
      clock.now(),
    ),
  );
  await desk.inst.database.writes.run((trx) =>
    enqueue(
      trx,
      { channel: 'email', recipient: 'ops@desk.example\r\nBcc: x@evil.example', subject: 'two', body: 'body' },
      clock.now(),
    ),
  );
  const report = await worker.deliverDue(desk.inst.ctx());
  t.equal(smtp.messages.length, res.statusCode === 201 ? 2 : 1);
  for (const m of smtp.messages) {
    t.notOk(
      m.headers.some(([k]) => k === 'bcc' || k === 'x-evil'),
      'no injected header',
    );
    t.notOk(m.to.includes('x@evil.example'), 'no injected recipient');
    t.notMatch(m.header('subject')!, /[\r\n]/);
  }
  t.ok(
    smtp.messages.some((m) => m.header('subject') === 'Alert Bcc: x@evil.example X-Evil: 1'),
    'the line breaks became spaces',
  );
  t.equal(report.failed, 1, 'a recipient that is not one address fails, it is never split');
  const failed = await db.selectFrom('outbox').selectAll().where('status', '=', 'failed').executeTakeFirstOrThrow();
  t.match(failed.last_error, /is not one e-mail address/);
});

t.test(
  'a refused attempt is retried with backoff; permanent refusals fail at once and can be retried by hand',
  async (t) => {
    const clock = fixedClock(START);
    const desk = await notificationDesk(t, { clock });
    let refuse: 'first' | 'permanent' | 'none' = 'first';
    const smtp = await smtpServer(t, (n) =>
      refuse === 'first' && n === 0
        ? { code: 451, message: 'Try again later' }
        : refuse === 'permanent'
          ? { code: 550, message: 'Mailbox unavailable' }
          : null,
    );
    const worker = deliveryWorker({ ...desk.inst.config, smtpUrl: smtp.url, mailFrom: 'support@desk.example' });
    t.teardown(() => worker.close());
    const admin = await desk.agent('admin');
    const db = desk.inst.database.db;
    await desk.inst.database.writes.run((trx) =>
      enqueue(trx, { channel: 'email', recipient: 'a@desk.example', subject: 'one', body: 'x' }, clock.now()),
    );

    t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 0, retried: 1, failed: 0 });
    let row = (await findOutbox(db, 1))!;
    t.match(row, { status: 'pending', attempts: 1, next_attempt_at: '2026-12-01T09:01:00.000Z' });
    t.match(row.last_error, /451.*Try again later/);
    t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 0, retried: 0, failed: 0 }, 'not before its time');
    clock.advance(MIN);
    t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 1, retried: 0, failed: 0 });
    row = (await findOutbox(db, 1))!;
    t.match(row, { status: 'sent', attempts: 2, last_error: null, sent_at: '2026-12-01T09:01:00.000Z' });

    refuse = 'permanent';
    await desk.inst.database.writes.run((trx) =>
      enqueue(trx, { channel: 'email', recipient: 'b@desk.example', subject: 'two', body: 'x' }, clock.now()),
    );
    t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 0, retried: 0, failed: 1 });
    const failed = await admin.get('/api/v1/outbox?status=failed');
    t.equal(failed.statusCode, 200);
    t.match(failed.json().items, [{ id: 2, status: 'failed', attempts: 1, lastError: /550.*Mailbox unavailable/ }]);

    refuse = 'none';
    const engineer = await desk.agent('engineer');
    t.equal((await engineer.post('/api/v1/outbox/2/retry')).statusCode, 403, 'retrying is for admins');
    const retried = await admin.post('/api/v1/outbox/2/retry');
    t.equal(retried.statusCode, 200);
    t.match(retried.json(), { status: 'pending', attempts: 0, lastError: /550/ });
    t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 1, retried: 0, failed: 0 });
    t.equal((await admin.post('/api/v1/outbox/2/retry')).statusCode, 409, 'a sent item is not sent twice');
    t.equal((await admin.post('/api/v1/outbox/999/retry')).statusCode, 404);
    t.equal(smtp.messages.length, 2);
  },
);

t.test(`after ${MAX_ATTEMPTS} temporary refusals an item is failed with the reason`, async (t) => {
  const clock = fixedClock(START);
  const desk = await notificationDesk(t, { clock });
  const smtp = await smtpServer(t, () => ({ code: 421, message: 'Service not available' }));
  const worker = deliveryWorker({ ...desk.inst.config, smtpUrl: smtp.url });
  t.teardown(() => worker.close());
  await desk.inst.database.writes.run((trx) =>
    enqueue(trx, { channel: 'email', recipient: 'a@desk.example', subject: 's', body: 'x' }, clock.now()),
  );
  const waits: number[] = [];
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const before = clock.now().getTime();
    await worker.deliverDue(desk.inst.ctx());
    const row = (await findOutbox(desk.inst.database.db, 1))!;
    if (row.status === 'failed') break;
    waits.push(Date.parse(row.next_attempt_at) - before);
    clock.set(row.next_attempt_at);
  }
  t.same(
    waits,
    [1, 2, 4, 8, 16, 32, 64, 128, 256].map((m) => m * MIN),
  );
  const row = (await findOutbox(desk.inst.database.db, 1))!;
  t.match(row, { status: 'failed', attempts: MAX_ATTEMPTS, last_error: /421.*gave up after 10 attempts/ });
});

t.test('with no SMTP configured, mail stays pending and admins read it', async (t) => {
  const clock = fixedClock(START);
  const desk = await notificationDesk(t, { clock });
  const worker = deliveryWorker(desk.inst.config);
  t.same(worker.channels, [], 'nothing to deliver with');
  const admin = await desk.agent('admin');
  const engineer = await desk.agent('engineer');
  const org = await makeOrganization(admin);
  const ticket = await makeTicket(admin, org.id, { assigneeId: engineer.agentId });
  clock.advance(24 * 60 * MIN);
  t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 0, retried: 0, failed: 0 });
  const pending = await admin.get('/api/v1/outbox?status=pending');
  t.equal(pending.statusCode, 200);
  t.match(pending.json().items, [
    {
      channel: 'email',
      status: 'pending',
      attempts: 0,
      subject: `[#${ticket.number}] New ticket: ${ticket.subject}`,
      lastError: null,
    },
  ]);
  t.match(pending.json().counts, [{ status: 'pending', channel: 'email', count: 1 }]);
  t.same(pending.json().delivery, { email: false, sms: null }, 'the admin is told nothing sends mail or SMS');
  t.equal((await admin.get(`/api/v1/outbox/${pending.json().items[0].id}`)).statusCode, 200);
  t.equal((await engineer.get('/api/v1/outbox')).statusCode, 403);
});
