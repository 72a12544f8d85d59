import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { Webhook } from 'standardwebhooks';
import { fixedClock } from '../../server/shared/clock.js';
import {
  runWebhookDeliveries,
  startWebhookDeliveries,
  webhookLogCleanup,
} from '../../server/modules/webhooks/index.js';
import { startEventProcessors } from '../../server/events/event-processors.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { receiver, webhookDesk } from './helpers.js';

const ALLOW = '127.0.0.0/8';
const HOUR = 3_600_000;

type Created = { id: number; secret: string; webhook: Record<string, unknown> };

t.test(
  'signatures verify with the standardwebhooks library; a timestamp 10 minutes old is refused by it',
  async (t) => {
    const clock = fixedClock(new Date());
    const desk = await webhookDesk(t, { clock });
    const admin = await desk.agent('admin');
    const rx = await receiver(t);
    const res = await admin.post('/api/v1/webhooks', {
      url: rx.url(),
      events: ['ticket.*'],
      githubSignature: true,
      headers: { 'X-Receiver-Token': 'tok-123' },
    });
    t.equal(res.statusCode, 201, res.body);
    const created = res.json() as Created;
    t.match(created.secret, /^whsec_[A-Za-z0-9+/=]{32,}$/);

    const org = await makeOrganization(admin);
    const ticket = await makeTicket(admin, org.id);
    const run = await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
    t.same({ sent: run.sent, failed: run.failed }, { sent: 1, failed: 0 });
    t.equal(rx.received.length, 1);
    const got = rx.received[0]!;
    const verified = new Webhook(created.secret).verify(got.body, got.headers as Record<string, string>) as {
      type: string;
      data: { ticketId: number; number: number };
    };
    t.equal(verified.type, 'ticket.created');
    t.equal(verified.data.ticketId, ticket.id);
    t.equal(verified.data.number, ticket.number);
    t.equal(got.headers['x-receiver-token'], 'tok-123', 'custom headers are sent');
    t.equal(
      got.headers['x-hub-signature-256'],
      `sha256=${createHmac('sha256', created.secret).update(got.body).digest('hex')}`,
      'the GitHub-style signature is the hex HMAC of the body',
    );

    // Our timestamp is the clock's: one 10 minutes old is refused by the library (tolerance 5 minutes).
    clock.advance(-10 * 60_000);
    t.equal((await admin.post(`/api/v1/webhooks/${created.id}/test`)).statusCode, 201);
    await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
    const old = rx.received[1]!;
    t.equal(JSON.parse(old.body).type, 'webhook.test');
    t.throws(() => new Webhook(created.secret).verify(old.body, old.headers as Record<string, string>), /too old/i);

    // The secret is never answered again, nor logged; custom header values are hidden in the log.
    const answers = [
      await admin.get('/api/v1/webhooks'),
      await admin.get(`/api/v1/webhooks/${created.id}`),
      await admin.get(`/api/v1/webhooks/${created.id}/deliveries`),
    ];
    for (const a of answers) {
      t.equal(a.statusCode, 200);
      t.notOk(a.body.includes(created.secret.slice(6)), 'no GET answer holds the secret');
      t.notOk(a.body.includes('tok-123'), 'nor a custom header value');
    }
    const log = answers[2]!.json() as { items: Array<{ requestHeaders: Record<string, string>; status: string }> };
    t.equal(log.items[0]!.requestHeaders['X-Receiver-Token'], '(hidden)');
    t.match(log.items[0]!.requestHeaders['webhook-signature'], /^v1,/);
    await new Promise<void>((resolve) => desk.inst.log.flush(() => resolve()));
    const logText = readFileSync(join(desk.inst.config.dataDir, 'logs', 'ondesk.log'), 'utf8');
    t.notOk(logText.includes(created.secret.slice(6)), 'no log line holds the secret');
    const stored = await desk.inst.database.db
      .selectFrom('webhook_endpoints')
      .select('secret')
      .executeTakeFirstOrThrow();
    t.notOk(stored.secret.includes(created.secret.slice(6)), 'the database holds the secret sealed, not as written');
  },
);

t.test('a rotated secret signs alongside the new one for 24 hours, then stops', async (t) => {
  const clock = fixedClock(new Date());
  const desk = await webhookDesk(t, { clock });
  const admin = await desk.agent('admin');
  const rx = await receiver(t);
  const created = (await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['*'] })).json() as Created;
  const rotated = await admin.post(`/api/v1/webhooks/${created.id}/rotate-secret`);
  t.equal(rotated.statusCode, 200, rotated.body);
  const next = rotated.json() as Created;
  t.not(next.secret, created.secret);
  t.ok(next.webhook.previousSecretUntil);

  await admin.post(`/api/v1/webhooks/${created.id}/test`);
  await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
  const during = rx.received[0]!;
  t.equal(String(during.headers['webhook-signature']).split(' ').length, 2, 'two signatures while both secrets sign');
  t.ok(
    new Webhook(next.secret).verify(during.body, during.headers as Record<string, string>),
    'the new secret verifies',
  );
  t.ok(
    new Webhook(created.secret).verify(during.body, during.headers as Record<string, string>),
    'so does the old one',
  );

  clock.advance(25 * HOUR);
  await admin.post(`/api/v1/webhooks/${created.id}/test`);
  await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
  const after = rx.received[1]!;
  const signatures = String(after.headers['webhook-signature']).split(' ');
  t.equal(signatures.length, 1, 'one signature after the overlap');
  const id = String(after.headers['webhook-id']);
  const ts = String(after.headers['webhook-timestamp']);
  const mac = (secret: string) =>
    'v1,' +
    createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update(`${id}.${ts}.${after.body}`)
      .digest('base64');
  t.equal(signatures[0], mac(next.secret), 'by the new secret');
  t.not(signatures[0], mac(created.secret));
});

t.test('a receiver down for 2 hours gets every event afterwards, in order, once each', async (t) => {
  const clock = fixedClock('2026-12-07T08:00:00.000Z');
  const start = clock.now().getTime();
  const desk = await webhookDesk(t, { clock });
  const admin = await desk.agent('admin');
  const rx = await receiver(t);
  let down = true;
  rx.state.answer = () => (down ? { status: 503 } : { status: 204 });
  const created = (
    await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['ticket.created'] })
  ).json() as Created;
  const org = await makeOrganization(admin);
  const numbers: number[] = [];
  // Tickets keep coming while the receiver is down: at once, after 10 minutes, after an hour and a half.
  const filingAt = new Set([0, 10, 90]);
  for (let minute = 0; minute <= 4 * 60; minute++) {
    if (filingAt.has(minute)) for (let i = 0; i < 2; i++) numbers.push((await makeTicket(admin, org.id)).number);
    if (clock.now().getTime() - start >= 2 * HOUR) down = false;
    await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
    clock.advance(60_000);
  }
  const delivered = rx.received.map((r) => (JSON.parse(r.body) as { data: { number: number } }).data.number);
  t.same(delivered, numbers, 'every ticket once, in the order filed');
  t.equal(new Set(rx.received.map((r) => r.headers['webhook-id'])).size, numbers.length, 'each message id once');
  t.ok(rx.all.length > rx.received.length, 'attempts were refused while it was down');
  const log = (await admin.get(`/api/v1/webhooks/${created.id}/deliveries?status=succeeded`)).json() as {
    items: Array<{ attempts: number; responseStatus: number }>;
  };
  t.equal(log.items.length, numbers.length);
  t.equal(
    log.items[log.items.length - 1]!.attempts,
    5,
    'the first message took five attempts (0 s, 5 s, 5 min, 30 min, 2 h)',
  );
  const endpoint = (await admin.get(`/api/v1/webhooks/${created.id}`)).json() as {
    active: boolean;
    failingSince: null;
  };
  t.same({ active: endpoint.active, failingSince: endpoint.failingSince }, { active: true, failingSince: null });
});

t.test('loopback, link-local, private and names resolving to them are refused without the allow list', async (t) => {
  const desk = await webhookDesk(t, { allow: null });
  const admin = await desk.agent('admin');
  for (const url of [
    'http://127.0.0.1/x',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.1/x',
    'http://[::1]:8080/x',
    'http://[::ffff:192.168.1.5]/x',
  ]) {
    const res = await admin.post('/api/v1/webhooks', { url, events: ['ticket.created'] });
    t.equal(res.statusCode, 422, url);
    t.match(res.json(), { code: 'invalid_webhook', detail: /does not call .*(loopback|link-local|private)/ }, url);
  }
  // A name is resolved when it is called: localhost is refused then, with the reason in the log.
  const rx = await receiver(t);
  const res = await admin.post('/api/v1/webhooks', {
    url: `http://localhost:${rx.port}/hook`,
    events: ['ticket.created'],
  });
  t.equal(res.statusCode, 201, res.body);
  const created = res.json() as Created;
  await admin.post(`/api/v1/webhooks/${created.id}/test`);
  const run = await runWebhookDeliveries(desk.inst.ctx());
  t.equal(run.failed, 1);
  t.equal(rx.all.length, 0, 'nothing reached the receiver');
  const log = (await admin.get(`/api/v1/webhooks/${created.id}/deliveries`)).json() as {
    items: Array<{ error: string; status: string; nextAttemptAt: string | null }>;
  };
  t.match(log.items[0], {
    status: 'pending',
    error: /^refused: localhost resolves to (127\.0\.0\.1|::1) is a loopback address/,
  });
  t.ok(log.items[0]!.nextAttemptAt, 'retried later: an admin may allow the range meanwhile');

  // Literal addresses saved while an admin allowed them are refused once the range is no longer allowed.
  const ranges = ['127.0.0.0/8', '169.254.0.0/16', '10.0.0.0/8', '::1/128'];
  t.equal((await admin.request('PUT', '/api/v1/webhooks/settings', { allow: ranges })).statusCode, 200);
  const literal: number[] = [];
  for (const url of [
    'http://127.0.0.1:9/x',
    'http://169.254.169.254/latest',
    'http://10.0.0.1/x',
    'http://[::1]:9/x',
  ]) {
    const made = await admin.post('/api/v1/webhooks', { url, events: ['*'] });
    t.equal(made.statusCode, 201, made.body);
    literal.push((made.json() as Created).id);
  }
  t.equal((await admin.request('PUT', '/api/v1/webhooks/settings', { allow: [] })).statusCode, 200);
  for (const id of literal) await admin.post(`/api/v1/webhooks/${id}/test`);
  const refusedRun = await runWebhookDeliveries(desk.inst.ctx());
  t.same({ sent: refusedRun.sent, failed: refusedRun.failed }, { sent: 0, failed: 4 });
  const reasons = [];
  for (const id of literal) {
    const page = (await admin.get(`/api/v1/webhooks/${id}/deliveries`)).json() as { items: Array<{ error: string }> };
    reasons.push(page.items[0]!.error);
  }
  t.match(reasons, [
    /^refused: 127\.0\.0\.1 is a loopback address/,
    /^refused: 169\.254\.169\.254 is a link-local address/,
    /^refused: 10\.0\.0\.1 is a private address/,
    /^refused: ::1 is a loopback address/,
  ]);

  // The admins' own allowed ranges let it through.
  const put = await admin.request('PUT', '/api/v1/webhooks/settings', { allow: ['127.0.0.0/8', '::1/128'] });
  t.equal(put.statusCode, 200, put.body);
  t.equal((await admin.request('PUT', '/api/v1/webhooks/settings', { allow: ['10.0.0.0/33'] })).statusCode, 422);
  t.equal((await admin.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/x', events: ['*'] })).statusCode, 201);
});

t.test('410 Gone turns the endpoint off at once and tells the admins', async (t) => {
  const desk = await webhookDesk(t);
  const admin = await desk.agent('admin');
  const rx = await receiver(t);
  rx.state.answer = () => ({ status: 410, body: 'gone for good' });
  const created = (await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['*'] })).json() as Created;
  await admin.post(`/api/v1/webhooks/${created.id}/test`);
  await admin.post(`/api/v1/webhooks/${created.id}/test`);
  await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
  t.equal(rx.all.length, 1, 'nothing more is sent');
  const endpoint = (await admin.get(`/api/v1/webhooks/${created.id}`)).json() as {
    active: boolean;
    disabledReason: string;
  };
  t.equal(endpoint.active, false);
  t.match(endpoint.disabledReason, /410 Gone/);
  const log = (await admin.get(`/api/v1/webhooks/${created.id}/deliveries`)).json() as {
    items: Array<{ status: string; responseStatus: number | null; responseBody: string | null }>;
  };
  t.match(log.items[1], { status: 'failed', responseStatus: 410, responseBody: 'gone for good' });
  t.match(log.items[0], { status: 'pending' });
  const mails = await desk.inst.database.db.selectFrom('outbox').selectAll().where('channel', '=', 'email').execute();
  t.equal(mails.length, 1);
  t.match(mails[0], { subject: /^Webhook turned off: http:\/\/127\.0\.0\.1/, body: /410 Gone/ });

  // Turned back on, it picks up the message that waited.
  rx.state.answer = () => ({ status: 200 });
  t.equal((await admin.patch(`/api/v1/webhooks/${created.id}`, { active: true })).statusCode, 200);
  await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
  t.equal(rx.received.length, 1);
});

t.test('failing for 3 days turns the endpoint off and mails admins in their language', async (t) => {
  const clock = fixedClock('2026-12-07T08:00:00.000Z');
  const desk = await webhookDesk(t, { clock });
  const admin = await desk.agent('admin', 'en');
  const ruAdmin = await desk.agent('admin', 'ru');
  t.ok(ruAdmin.agentId);
  const rx = await receiver(t);
  rx.state.answer = () => ({ status: 500, body: 'x'.repeat(10_000) });
  const created = (await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['*'] })).json() as Created;
  await admin.post(`/api/v1/webhooks/${created.id}/test`);
  const start = clock.now().getTime();
  let active = true;
  while (active && clock.now().getTime() - start < 4 * 86_400_000) {
    await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
    active = ((await admin.get(`/api/v1/webhooks/${created.id}`)).json() as { active: boolean }).active;
    clock.advance(HOUR);
  }
  t.equal(active, false);
  const offAfter = clock.now().getTime() - HOUR - start;
  t.ok(
    offAfter >= 3 * 86_400_000 && offAfter < 3 * 86_400_000 + 24 * HOUR,
    'turned off at the first failure past 3 days',
  );
  t.equal(
    rx.all.length,
    10,
    'attempts at 0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: the last one past 3 days',
  );
  const log = (await admin.get(`/api/v1/webhooks/${created.id}/deliveries`)).json() as {
    items: Array<{ responseBody: string; attempts: number }>;
  };
  t.equal(log.items[0]!.responseBody.length, 4096, 'the answer is kept to 4 KB');
  const mails = await desk.inst.database.db
    .selectFrom('outbox')
    .select(['recipient', 'subject', 'body'])
    .orderBy('id')
    .execute();
  t.equal(mails.length, 2);
  t.match(mails[0], { subject: /^Webhook turned off/, body: /three days/ });
  t.match(mails[1], { subject: /^Вебхук отключён/, body: /три дня/ });
});

t.test('a redirect is a failure and is not followed', async (t) => {
  const desk = await webhookDesk(t);
  const admin = await desk.agent('admin');
  const rx = await receiver(t);
  rx.state.answer = (r) => (r.url === '/hook' ? { status: 302, headers: { location: '/elsewhere' } } : { status: 200 });
  const created = (await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['*'] })).json() as Created;
  await admin.post(`/api/v1/webhooks/${created.id}/test`);
  const run = await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
  t.same({ sent: run.sent, failed: run.failed }, { sent: 0, failed: 1 });
  t.same(
    rx.all.map((r) => r.url),
    ['/hook'],
    'the redirect was not followed',
  );
  const log = (await admin.get(`/api/v1/webhooks/${created.id}/deliveries`)).json() as {
    items: Array<{ status: string; responseStatus: number; error: string }>;
  };
  t.match(log.items[0], { status: 'pending', responseStatus: 302, error: /redirect 302 to \/elsewhere/ });
});

t.test('event types, client filter, full payload, comments split by visibility', async (t) => {
  const desk = await webhookDesk(t);
  const admin = await desk.agent('admin');
  const engineer = await desk.agent('engineer');
  const rx = await receiver(t);
  t.equal((await engineer.post('/api/v1/webhooks', { url: rx.url(), events: ['*'] })).statusCode, 403);
  const bad = await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['ticket.created', 'ticket.exploded'] });
  t.equal(bad.statusCode, 422);
  t.match(bad.json(), { detail: /Unknown event type: ticket\.exploded/ });
  t.equal((await admin.post('/api/v1/webhooks', { url: 'ftp://example.com/x', events: ['*'] })).statusCode, 422);
  t.equal(
    (await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['*'], headers: { 'webhook-id': 'x' } })).statusCode,
    422,
  );
  t.equal((await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['*'], extra: 1 })).statusCode, 400);
  const types = (await admin.get('/api/v1/webhooks/event-types')).json() as { items: string[] };
  t.ok(types.items.includes('comment.internal_created') && types.items.includes('agreement.transitioned'));

  const orgA = await makeOrganization(admin);
  const orgB = await makeOrganization(admin);
  const full = (
    await admin.post('/api/v1/webhooks', {
      url: rx.url('/full'),
      events: ['ticket.created', 'comment.*'],
      organizationId: orgA.id,
      payload: 'full',
    })
  ).json() as Created;
  const publicOnly = (
    await admin.post('/api/v1/webhooks', { url: rx.url('/public'), events: ['comment.public_created'] })
  ).json() as Created;
  t.ok(full.id && publicOnly.id);
  const a = await makeTicket(admin, orgA.id, { subject: 'Printer on fire' });
  await makeTicket(admin, orgB.id);
  t.equal(
    (await admin.post(`/api/v1/tickets/${a.id}/comments`, { body: 'We are on it', public: true })).statusCode,
    201,
  );
  t.equal(
    (await admin.post(`/api/v1/tickets/${a.id}/comments`, { body: 'Internal: call Bob', public: false })).statusCode,
    201,
  );
  await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
  const fullBodies = rx.received.filter((r) => r.url === '/full').map((r) => JSON.parse(r.body));
  t.same(
    fullBodies.map((b) => b.type),
    ['ticket.created', 'comment.public_created', 'comment.internal_created'],
    'client A only, in order',
  );
  t.match(fullBodies[0].data, {
    ticketId: a.id,
    ticket: { id: a.id, subject: 'Printer on fire', organizationId: orgA.id },
  });
  t.match(fullBodies[2].data, { comment: { body: 'Internal: call Bob', public: false } });
  const publicBodies = rx.received.filter((r) => r.url === '/public').map((r) => JSON.parse(r.body));
  t.equal(publicBodies.length, 1, 'internal notes never reach a public-only endpoint');
  t.same(Object.keys(publicBodies[0].data).sort(), ['commentId', 'ticketId'], 'thin: ids only');
  t.notOk(JSON.stringify(publicBodies[0]).includes('We are on it'));

  const patched = await admin.patch(`/api/v1/webhooks/${publicOnly.id}`, { events: ['agreement.*'], active: false });
  t.match(patched.json(), { events: ['agreement.*'], active: false });
  t.equal((await admin.del(`/api/v1/webhooks/${publicOnly.id}`)).statusCode, 204);
  t.equal((await admin.get(`/api/v1/webhooks/${publicOnly.id}`)).statusCode, 404);
});

t.test('the delivery log pages and filters; one delivery or a time range is sent again', async (t) => {
  const clock = fixedClock('2026-12-07T08:00:00.000Z');
  const desk = await webhookDesk(t, { clock });
  const admin = await desk.agent('admin');
  const rx = await receiver(t);
  const created = (await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['ticket.*'] })).json() as Created;
  const org = await makeOrganization(admin);
  for (let i = 0; i < 5; i++) {
    await makeTicket(admin, org.id);
    clock.advance(60_000);
  }
  await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
  await admin.post(`/api/v1/webhooks/${created.id}/test`);
  await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
  t.equal(rx.received.length, 6);

  const page1 = (await admin.get(`/api/v1/webhooks/${created.id}/deliveries?limit=4`)).json() as {
    items: Array<{ id: number; eventType: string }>;
    nextCursor: string;
  };
  t.equal(page1.items.length, 4);
  t.equal(page1.items[0]!.eventType, 'webhook.test', 'newest first');
  const page2 = (
    await admin.get(`/api/v1/webhooks/${created.id}/deliveries?limit=4&cursor=${page1.nextCursor}`)
  ).json() as {
    items: Array<{ id: number }>;
    nextCursor: string | null;
  };
  t.equal(page2.items.length, 2);
  t.equal(page2.nextCursor, null);
  const onlyTickets = (await admin.get(`/api/v1/webhooks/${created.id}/deliveries?event=ticket.created`)).json() as {
    items: unknown[];
  };
  t.equal(onlyTickets.items.length, 5);

  const one = await admin.post(`/api/v1/webhooks/${created.id}/deliveries/${page2.items[1]!.id}/redeliver`);
  t.equal(one.statusCode, 201, one.body);
  const range = await admin.post(`/api/v1/webhooks/${created.id}/redeliver`, {
    from: '2026-12-07T08:01:00.000Z',
    to: '2026-12-07T08:02:00.000Z',
  });
  t.equal(range.statusCode, 202, range.body);
  t.same(range.json(), { queued: 2 });
  await runWebhookDeliveries(desk.inst.ctx(), { allow: ALLOW });
  t.equal(rx.received.length, 9);
  t.equal(
    rx.received[6]!.headers['webhook-id'],
    rx.received[0]!.headers['webhook-id'],
    'a redelivery keeps the message id',
  );
  t.equal((await admin.post(`/api/v1/webhooks/${created.id}/deliveries/999999/redeliver`)).statusCode, 404);

  // Log rows older than 30 days go; the endpoint stays.
  clock.advance(31 * 86_400_000);
  const cleaned = await webhookLogCleanup(desk.inst.ctx());
  t.equal(cleaned.deleted, 9);
  t.equal(
    ((await admin.get(`/api/v1/webhooks/${created.id}/deliveries`)).json() as { items: unknown[] }).items.length,
    0,
  );
});

t.test(
  'in production a timer sends within seconds; the events processor running alongside queues nothing twice',
  async (t) => {
    const desk = await webhookDesk(t);
    const admin = await desk.agent('admin');
    const rx = await receiver(t);
    await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['ticket.created'] });
    const stopProcessors = startEventProcessors(desk.inst, 20);
    const stopWebhooks = startWebhookDeliveries(desk.inst, 50);
    t.teardown(async () => {
      await stopProcessors();
      await stopWebhooks();
    });
    const org = await makeOrganization(admin);
    const numbers: number[] = [];
    for (let i = 0; i < 20; i++) numbers.push((await makeTicket(admin, org.id)).number);
    const started = Date.now();
    while (rx.received.length < numbers.length && Date.now() - started < 10_000)
      await new Promise((resolve) => setTimeout(resolve, 50));
    t.ok(Date.now() - started < 5_000, 'delivered within seconds');
    await new Promise((resolve) => setTimeout(resolve, 300));
    t.same(
      rx.received.map((r) => (JSON.parse(r.body) as { data: { number: number } }).data.number),
      numbers,
      'each once, in order',
    );
  },
);
