import t from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { findOutbox } from '../../server/modules/outbox/outbox.repository.js';
import { deliveryWorker } from '../../server/modules/notifications/outbox-worker.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { httpGatewayServer, notificationDesk, smppServer } from './helpers.js';

const START = '2026-12-01T09:00:00.000Z';

t.test('SMS through a local HTTP gateway: body template escaped, auth header, counters', async (t) => {
  const gateway = await httpGatewayServer(t, (n) => (n === 1 ? 503 : 200));
  const clock = fixedClock(START);
  const desk = await notificationDesk(t, {
    clock,
    env: {
      ONDESK_SMS_PROVIDER: 'http',
      ONDESK_SMS_HTTP_URL: gateway.url,
      ONDESK_SMS_HTTP_AUTH_HEADER: 'Authorization: Bearer s3cret',
      ONDESK_SMS_HTTP_BODY: '{"phone":"{{to}}","message":"{{text}}","sender":"{{from}}"}',
      ONDESK_SMS_FROM: 'Ondesk',
    },
  });
  const worker = deliveryWorker(desk.inst.config);
  t.same(worker.channels, ['sms']);
  const admin = await desk.agent('admin');
  const manager = await desk.agent('manager');
  const engineer = await desk.agentWith('engineer', { phone: '+7 912 345-67-89' });
  const nophone = await desk.agent('engineer');

  t.equal(
    (await engineer.post(`/api/v1/agents/${admin.agentId}/sms`, { text: 'hi' })).statusCode,
    403,
    'engineers do not send SMS',
  );
  const none = await admin.post(`/api/v1/agents/${nophone.agentId}/sms`, { text: 'hi' });
  t.equal(none.statusCode, 422);
  t.match(none.json().detail, /has no valid phone number/);

  const text = 'Сервер "db1" упал\nзайди в {{ticket}} & перезапусти';
  const sent = await manager.post(`/api/v1/agents/${engineer.agentId}/sms`, { text });
  t.equal(sent.statusCode, 202);
  t.match(sent.json(), { to: '+79123456789', status: 'pending' });
  t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 1, retried: 0, failed: 0 });
  t.equal(gateway.requests.length, 1);
  const req = gateway.requests[0]!;
  t.equal(req.method, 'POST');
  t.equal(req.headers.authorization, 'Bearer s3cret');
  t.equal(req.headers['content-type'], 'application/json');
  t.same(
    JSON.parse(req.body),
    { phone: '+79123456789', message: text, sender: 'Ondesk' },
    'quotes and line breaks cannot break the JSON',
  );

  // The gateway fails once (503): retried a minute later.
  await manager.post(`/api/v1/agents/${engineer.agentId}/sms`, { text: 'second' });
  t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 0, retried: 1, failed: 0 });
  const id = (await admin.get('/api/v1/outbox?status=pending')).json().items[0].id;
  t.match((await findOutbox(desk.inst.database.db, id))!.last_error, /answered 503/);
  clock.advance(60_000);
  t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 1, retried: 0, failed: 0 });

  const counters = (await manager.get('/api/v1/sms/counters')).json();
  t.match(counters, { provider: /^http:127\.0\.0\.1:\d+$/, month: '2026-12', cap: null, sent: 2, refused: 0 });
});

t.test('SMS through a local SMPP server (the smpp package), rule-driven, long and Cyrillic text', async (t) => {
  const smsc = await smppServer(t, { systemId: 'ondesk', password: 'pw' });
  const clock = fixedClock(START);
  const desk = await notificationDesk(t, {
    clock,
    env: {
      ONDESK_SMS_PROVIDER: 'smpp',
      ONDESK_SMS_SMPP_URL: smsc.url,
      ONDESK_SMS_SMPP_SYSTEM_ID: 'ondesk',
      ONDESK_SMS_SMPP_PASSWORD: 'pw',
      ONDESK_SMS_FROM: 'Desk',
    },
  });
  const worker = deliveryWorker(desk.inst.config);
  const admin = await desk.agent('admin');
  const engineer = await desk.agentWith('engineer', { phone: '+79001112233', language: 'ru' });
  const rules = await admin.request('PUT', '/api/v1/notification-rules', {
    rules: [{ event: 'ticket.assigned', channel: 'sms', recipient: 'assignee' }],
  });
  t.equal(rules.statusCode, 200);
  const org = await makeOrganization(admin);
  const ticket = await makeTicket(admin, org.id, { subject: 'Не печатает принтер' });
  await admin.patch(`/api/v1/tickets/${ticket.id}`, { assigneeId: engineer.agentId });
  const long = 'Очень длинное сообщение: '.repeat(6).trim();
  await admin.post(`/api/v1/agents/${engineer.agentId}/sms`, { text: long });

  t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 2, retried: 0, failed: 0 });
  t.match(smsc.submitted, [
    {
      systemId: 'ondesk',
      to: '+79001112233',
      from: 'Desk',
      text: new RegExp(`^\\[#${ticket.number}\\] Назначена на engineer \\d+: Не печатает принтер$`),
    },
    { to: '+79001112233', text: long },
  ]);
  t.match((await admin.get('/api/v1/sms/counters')).json(), { provider: /^smpp:127\.0\.0\.1:\d+$/, sent: 2 });

  // Wrong credentials: the SMSC refuses the bind; a permanent failure with the reason.
  const wrong = deliveryWorker({ ...desk.inst.config, smsSmppPassword: 'nope' });
  await admin.post(`/api/v1/agents/${engineer.agentId}/sms`, { text: 'x' });
  t.same(await wrong.deliverDue(desk.inst.ctx()), { sent: 0, retried: 0, failed: 1 });
  t.match((await admin.get('/api/v1/outbox?status=failed')).json().items[0], {
    channel: 'sms',
    lastError: /refused the bind/,
  });
});

t.test('the monthly cap refuses SMS with a clear message and still records them', async (t) => {
  const gateway = await httpGatewayServer(t);
  const clock = fixedClock('2026-12-31T20:00:00.000Z');
  const desk = await notificationDesk(t, {
    clock,
    env: { ONDESK_SMS_PROVIDER: 'http', ONDESK_SMS_HTTP_URL: gateway.url, ONDESK_SMS_MONTHLY_CAP: '2' },
  });
  const worker = deliveryWorker(desk.inst.config);
  const admin = await desk.agent('admin');
  const engineer = await desk.agentWith('engineer', { phone: '+79001112233' });
  const send = (text: string) => admin.post(`/api/v1/agents/${engineer.agentId}/sms`, { text });

  t.equal((await send('one')).statusCode, 202);
  t.equal((await send('two')).statusCode, 202, 'queued ones count toward the cap');
  const third = await send('three');
  t.equal(third.statusCode, 429);
  t.match(third.json(), {
    code: 'sms_cap_reached',
    detail: /monthly SMS cap is reached: 2 SMS through http:127\.0\.0\.1:\d+ in 2026-12\. Raise smsMonthlyCap/,
  });
  t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 2, retried: 0, failed: 0 });
  t.equal(gateway.requests.length, 2);
  const failed = (await admin.get('/api/v1/outbox?status=failed')).json().items;
  t.match(
    failed,
    [{ channel: 'sms', body: 'three', lastError: /monthly SMS cap is reached/ }],
    'the refused SMS is recorded',
  );
  t.match((await admin.get('/api/v1/sms/counters')).json(), { cap: 2, sent: 2, refused: 1 });

  // Queued by a rule past the cap: the worker refuses it the same way.
  await admin.request('PUT', '/api/v1/notification-rules', {
    rules: [{ event: 'ticket.assigned', channel: 'sms', recipient: 'assignee' }],
  });
  const org = await makeOrganization(admin);
  await makeTicket(admin, org.id, { assigneeId: engineer.agentId });
  await admin.patch(`/api/v1/tickets/${(await makeTicket(admin, org.id)).id}`, { assigneeId: engineer.agentId });
  t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 0, retried: 0, failed: 1 });
  t.equal(gateway.requests.length, 2, 'nothing beyond the cap reached the gateway');

  // A new month, a new count.
  clock.set('2027-01-01T00:00:00.000Z');
  t.equal((await send('happy new year')).statusCode, 202);
  t.same(await worker.deliverDue(desk.inst.ctx()), { sent: 1, retried: 0, failed: 0 });
  t.match((await admin.get('/api/v1/sms/counters')).json(), {
    month: '2027-01',
    sent: 1,
    refused: 0,
    history: [
      { month: '2027-01', sent: 1 },
      { month: '2026-12', sent: 2, refused: 2 },
    ],
  });
});
