import t from 'tap';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../server/db/connection.js';
import { createMigrator } from '../../server/db/migrator.js';
import { countActiveAgents } from '../../server/modules/agents/index.js';
import { actions, can } from '../../server/modules/auth/policy.js';
import { fixedClock } from '../../server/shared/clock.js';
import { loadConfig, ConfigError } from '../../server/config/config.js';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { tempDir, testDialect } from '../helpers/installation.js';
import { queryPlan } from '../helpers/query-plan.js';
import { agreementFixture, moscow8x5, serviceFixture } from '../sla/helpers.js';
import { attachmentFixture, cookieOf, portalClient, portalDesk, signIn, type PortalDesk } from './helpers.js';

const MINUTE = 60_000;

const outboxTo = (desk: PortalDesk, email: string) =>
  desk.inst.database.db.selectFrom('outbox').selectAll().where('recipient', '=', email).execute();

t.test('login link: the same 202 for a known and an unknown address; the known one gets a mail', async (t) => {
  const desk = await portalDesk(t, { devLinks: false });
  const org = await makeOrganization(desk.admin);
  await makeContact(desk.admin, org.id, { email: 'known@client.example', language: 'en' });
  const ask = (email: string) =>
    desk.app.inject({ method: 'POST', url: '/api/v1/portal/login-link', payload: { email } });
  const known = await ask('Known@Client.example');
  const unknown = await ask('nobody@client.example');
  t.equal(known.statusCode, 202);
  t.equal(unknown.statusCode, 202);
  t.equal(known.rawPayload.toString('hex'), unknown.rawPayload.toString('hex'), 'byte-identical bodies');
  t.same(known.json(), { accepted: true });
  const headers = (h: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'date' && k !== 'x-request-id'));
  t.same(headers(known.headers), headers(unknown.headers), 'identical headers but date and request id');
  t.notOk(known.headers['set-cookie'], 'no cookie is set by asking');
  const mails = await outboxTo(desk, 'known@client.example');
  t.equal(mails.length, 1, 'one mail to the known contact');
  t.match(mails[0]!.subject, /sign-in link/, 'in the contact’s language (en)');
  t.match(mails[0]!.body, /\/portal\/login\/[A-Za-z0-9_-]{43}/, 'it carries the link');
  t.equal((await outboxTo(desk, 'nobody@client.example')).length, 0, 'nothing to the unknown address');
});

t.test('login link: opens once within 15 minutes; used and expired links answer 410', async (t) => {
  const clock = fixedClock('2026-12-04T09:00:00.000Z');
  const desk = await portalDesk(t, { clock });
  const org = await makeOrganization(desk.admin);
  await makeContact(desk.admin, org.id, { email: 'anna@client.example', language: 'ru' });
  const ask = async () =>
    new URL(
      (
        (
          await desk.app.inject({
            method: 'POST',
            url: '/api/v1/portal/login-link',
            payload: { email: 'anna@client.example' },
          })
        ).json() as {
          link: string;
        }
      ).link,
    ).pathname;
  const path = await ask();
  const scanned = await desk.app.inject({ method: 'HEAD', url: path });
  t.equal(scanned.statusCode, 200, 'a mail scanner’s HEAD is answered…');
  t.notOk(cookieOf(scanned, 'ondesk_portal'), '…without a session');
  const first = await desk.app.inject({ method: 'GET', url: path });
  t.equal(first.statusCode, 303);
  t.equal(first.headers.location, '/portal/');
  const setCookie = String(first.headers['set-cookie']);
  t.match(setCookie, /^ondesk_portal=/, 'the portal cookie, not the agents’ one');
  t.match(setCookie, /HttpOnly/);
  t.match(setCookie, /SameSite=Lax/);
  const again = await desk.app.inject({ method: 'GET', url: path, headers: { 'accept-language': 'en-US,en;q=0.9' } });
  t.equal(again.statusCode, 410, 'a used link is gone');
  t.match(again.headers['content-type'], /text\/html/);
  t.match(again.body, /This link was already used or has expired/);
  t.match(again.body, /href="\/portal\/login"/);
  t.notOk(cookieOf(again, 'ondesk_portal'));
  const ru = await desk.app.inject({ method: 'GET', url: path, headers: { 'accept-language': 'ru-RU,ru;q=0.9' } });
  t.match(ru.body, /Ссылка уже использована или устарела/, 'in Russian for a Russian browser');

  const late = await ask();
  clock.advance(15 * MINUTE + 1000);
  t.equal((await desk.app.inject({ method: 'GET', url: late })).statusCode, 410, 'an expired link is gone');
  t.equal((await desk.app.inject({ method: 'GET', url: '/portal/login/not-a-token' })).statusCode, 410);

  const unknown = (
    await desk.app.inject({ method: 'POST', url: '/api/v1/portal/login-link', payload: { email: 'x@nowhere.example' } })
  ).json() as { link: string };
  t.match(unknown.link, /\/portal\/login\//, 'the dev flag answers a link for an unknown address too');
  t.equal(
    (await desk.app.inject({ method: 'GET', url: new URL(unknown.link).pathname })).statusCode,
    410,
    'a dead one',
  );
});

t.test('at most five link requests per address an hour: the sixth sends nothing', async (t) => {
  const clock = fixedClock('2026-12-04T09:00:00.000Z');
  const desk = await portalDesk(t, { clock });
  const org = await makeOrganization(desk.admin);
  await makeContact(desk.admin, org.id, { email: 'busy@client.example' });
  const answers = [];
  for (let i = 0; i < 6; i++) {
    const res = await desk.app.inject({
      method: 'POST',
      url: '/api/v1/portal/login-link',
      payload: { email: 'busy@client.example' },
    });
    answers.push(res);
    clock.advance(MINUTE);
  }
  t.same(
    answers.map((a) => a.statusCode),
    [202, 202, 202, 202, 202, 202],
    'every request is answered 202',
  );
  t.equal((await outboxTo(desk, 'busy@client.example')).length, 5, 'five mails, not six');
  const sixth = new URL((answers[5]!.json() as { link: string }).link).pathname;
  t.equal((await desk.app.inject({ method: 'GET', url: sixth })).statusCode, 410, 'the sixth link was never made');
  clock.advance(60 * MINUTE);
  await desk.app.inject({
    method: 'POST',
    url: '/api/v1/portal/login-link',
    payload: { email: 'busy@client.example' },
  });
  t.equal((await outboxTo(desk, 'busy@client.example')).length, 6, 'an hour later a link goes again');
});

t.test('the dev flag is refused when the desk is published over https', async (t) => {
  let refusal: unknown;
  try {
    loadConfig({
      dataDir: tempDir(t),
      env: { ONDESK_DEV_LOGIN_LINKS: '1', ONDESK_PUBLIC_URL: 'https://desk.example.com' },
    });
  } catch (err) {
    refusal = err;
  }
  t.ok(refusal instanceof ConfigError, 'the server refuses to start (a configuration error)');
  t.throws(
    () =>
      loadConfig({
        dataDir: tempDir(t),
        env: { ONDESK_DEV_LOGIN_LINKS: '1', ONDESK_PUBLIC_URL: 'https://desk.example.com' },
      }),
    /refused when publicUrl .* is https/,
  );
  t.equal(loadConfig({ dataDir: tempDir(t), env: { ONDESK_DEV_LOGIN_LINKS: '1' } }).devLoginLinks, true);
});

t.test('password sign-in, CSRF, logout, and who the portal cookie is', async (t) => {
  const desk = await portalDesk(t);
  const org = await makeOrganization(desk.admin, { name: 'ООО Ромашка' });
  const contact = await makeContact(desk.admin, org.id, { email: 'pass@client.example', name: 'Пётр' });
  const portal = await signIn(desk.app, 'pass@client.example');
  const me = await portal.get('/api/v1/portal/me');
  t.match(me.json(), {
    contact: {
      id: contact.id,
      name: 'Пётр',
      email: 'pass@client.example',
      role: 'requester',
      organization: { id: org.id, name: 'ООО Ромашка' },
    },
    visibility: 'own',
    hasPassword: false,
  });
  t.equal(me.json().csrfToken, portal.csrfToken);

  const noCsrf = await portal.send(
    'PUT',
    '/api/v1/portal/me/password',
    { password: 'correct horse battery' },
    { csrf: false },
  );
  t.equal(noCsrf.statusCode, 403, 'a mutation without the CSRF token is refused');
  t.equal(noCsrf.json().code, 'csrf_failed');
  const weak = await portal.send('PUT', '/api/v1/portal/me/password', { password: 'short' });
  t.equal(weak.statusCode, 422);
  t.equal(
    (await portal.send('PUT', '/api/v1/portal/me/password', { password: 'correct horse battery' })).statusCode,
    204,
  );
  t.equal((await portal.get('/api/v1/portal/me')).json().hasPassword, true);
  const noCurrent = await portal.send('PUT', '/api/v1/portal/me/password', { password: 'another good password' });
  t.equal(noCurrent.statusCode, 422, 'a set password must be proven before it changes');
  t.equal(noCurrent.json().code, 'current_password_required');

  const wrong = await desk.app.inject({
    method: 'POST',
    url: '/api/v1/portal/login',
    payload: { email: 'pass@client.example', password: 'wrong password!' },
  });
  t.equal(wrong.statusCode, 401);
  const unknown = await desk.app.inject({
    method: 'POST',
    url: '/api/v1/portal/login',
    payload: { email: 'nobody@client.example', password: 'wrong password!' },
  });
  t.equal(unknown.statusCode, 401);
  t.equal(unknown.json().detail, wrong.json().detail, 'one answer for unknown addresses and wrong passwords');
  const ok = await desk.app.inject({
    method: 'POST',
    url: '/api/v1/portal/login',
    payload: { email: 'PASS@client.example', password: 'correct horse battery' },
  });
  t.equal(ok.statusCode, 200);
  t.match(ok.json(), { contact: { id: contact.id, role: 'requester' }, csrfToken: String });
  const second = portalClient(desk.app, cookieOf(ok, 'ondesk_portal')!, ok.json().csrfToken);
  t.equal((await second.get('/api/v1/portal/me')).statusCode, 200);

  const patched = await second.send('PATCH', '/api/v1/portal/me', { language: 'en', name: 'Peter' });
  t.equal(patched.statusCode, 200);
  t.match(patched.json().contact, { name: 'Peter', language: 'en' });

  t.equal((await second.post('/api/v1/portal/logout')).statusCode, 204);
  t.equal((await second.get('/api/v1/portal/me')).statusCode, 401, 'signed out');
  t.equal((await portal.get('/api/v1/portal/me')).statusCode, 200, 'the other session stays');

  // A disabled contact is out at once, session or not.
  await desk.admin.patch(`/api/v1/organizations/${org.id}/contacts/${contact.id}`, { portalEnabled: false });
  t.equal((await portal.get('/api/v1/portal/me')).statusCode, 401, 'a contact disabled by an agent is signed out');
});

t.test('contacts never reach agent routes, agents never reach portal routes', async (t) => {
  const desk = await portalDesk(t);
  const org = await makeOrganization(desk.admin);
  await makeContact(desk.admin, org.id, { email: 'c@client.example' });
  const seatsBefore = await countActiveAgents(desk.inst.ctx());
  const portal = await signIn(desk.app, 'c@client.example');
  t.equal(await countActiveAgents(desk.inst.ctx()), seatsBefore, 'a signed-in contact takes no licensed seat');
  for (const url of [
    '/api/v1/tickets',
    '/api/v1/organizations',
    '/api/v1/search?q=test',
    `/api/v1/organizations/${org.id}/contacts`,
    '/api/v1/auth/session',
  ]) {
    const res = await portal.get(url);
    t.equal(res.statusCode, 401, `a contact's cookie is no one on ${url}`);
  }
  const create = await portal.post('/api/v1/tickets', {
    subject: 'x',
    description: 'y',
    organizationId: org.id,
    type: 'request',
    priority: 'P3',
  });
  t.equal(create.statusCode, 401, 'nor may it file through the agents’ route');
  // Spelled another way, the address still meets the route's own rule.
  t.equal((await portal.get('/api/v1/%74ickets')).statusCode, 401);

  const asAgent = await desk.admin.get('/api/v1/portal/me');
  t.equal(asAgent.statusCode, 401, 'an API token is no one on the portal');
  const encoded = await desk.admin.get('/api/v1/%70ortal/tickets');
  t.equal(encoded.statusCode, 401, 'however the portal address is spelled');
  const agentCookie = await desk.app.inject({
    method: 'GET',
    url: '/api/v1/portal/tickets',
    headers: { cookie: `ondesk_session=whatever` },
  });
  t.equal(agentCookie.statusCode, 401, 'an agent session cookie is no one on the portal');
});

t.test('filing: on an active agreement’s service; refused on a planned one, naming it and its start', async (t) => {
  const desk = await portalDesk(t);
  const calendarId = await moscow8x5(desk.inst);
  const org = await makeOrganization(desk.admin);
  const active = await serviceFixture(desk.inst, 'Поддержка 1С');
  const planned = await serviceFixture(desk.inst, 'Сайт');
  const unrelated = await serviceFixture(desk.inst, 'Чужая услуга');
  await agreementFixture(desk.inst, {
    organizationId: org.id,
    calendarId,
    number: '2026-001',
    serviceIds: [active],
    targets: [{ priority: 'P3', reaction: 60, resolution: 480 }],
  });
  await agreementFixture(desk.inst, {
    organizationId: org.id,
    calendarId,
    number: '2026-014',
    status: 'planned',
    start: '2027-01-01',
    serviceIds: [planned],
    targets: [{ priority: 'P3', reaction: 60, resolution: 480 }],
  });
  const contact = await makeContact(desk.admin, org.id, { email: 'ru@client.example', language: 'ru' });
  await makeContact(desk.admin, org.id, { email: 'en@client.example', language: 'en' });
  const ru = await signIn(desk.app, 'ru@client.example');
  const en = await signIn(desk.app, 'en@client.example');

  const services = (await ru.get('/api/v1/portal/services')).json();
  t.same(
    services.items.map((s: { name: string; available: boolean; reason: string | null }) => [
      s.name,
      s.available,
      s.reason,
    ]),
    [
      ['Поддержка 1С', true, null],
      ['Сайт', false, 'Договор 2026-014 запланирован: начнёт действовать 01.01.2027'],
    ],
    'every service of the organization’s agreements, available only under an active one',
  );

  const refused = await ru.post('/api/v1/portal/tickets', {
    subject: 'Сайт лежит',
    description: 'Не открывается',
    serviceId: planned,
  });
  t.equal(refused.statusCode, 422);
  t.equal(refused.json().code, 'no_active_agreement');
  t.equal(refused.json().detail, 'Договор 2026-014 запланирован: начнёт действовать 01.01.2027');
  const refusedEn = await en.post('/api/v1/portal/tickets', {
    subject: 'Site down',
    description: 'x',
    serviceId: planned,
  });
  t.equal(refusedEn.json().detail, 'Agreement 2026-014 is planned: it starts on Jan 1, 2027');
  const foreign = await ru.post('/api/v1/portal/tickets', { subject: 'x', description: 'y', serviceId: unrelated });
  t.equal(foreign.statusCode, 422, 'a service outside the organization’s agreements is refused too');
  t.equal(foreign.json().code, 'no_active_agreement');
  t.equal(
    await desk.inst.database.db
      .selectFrom('tickets')
      .select('id')
      .execute()
      .then((r) => r.length),
    0,
    'nothing was filed',
  );

  const filed = await ru.post('/api/v1/portal/tickets', {
    subject: 'Не проводится документ',
    description: 'Ошибка при проведении',
    serviceId: active,
  });
  t.equal(filed.statusCode, 201);
  const ticket = filed.json();
  t.match(ticket, {
    subject: 'Не проводится документ',
    status: 'new',
    priority: 'P3',
    service: { id: active, name: 'Поддержка 1С' },
    agreement: { number: '2026-001' },
    requester: { id: contact.id },
    canReply: true,
    canClose: true,
    canReopen: false,
    comments: [],
    attachments: [],
  });
  t.match(ticket.reactionDue, /^\d{4}-\d\d-\d\dT/, 'the agreement’s due times');
  const row = await desk.inst.database.db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', ticket.id)
    .executeTakeFirstOrThrow();
  t.match(row, { channel: 'portal', contact_id: contact.id, type: 'request', organization_id: org.id });
  const event = await desk.inst.database.db
    .selectFrom('domain_events')
    .selectAll()
    .where('type', '=', 'ticket.created')
    .executeTakeFirstOrThrow();
  t.equal(event.actor, `system:portal:contact:${contact.id}`, 'the event says which contact filed it');

  const agreements = (await ru.get('/api/v1/portal/agreements')).json();
  t.same(
    agreements.items.map((a: { number: string }) => a.number),
    ['2026-001'],
    'only active agreements',
  );
  t.match(agreements.items[0], {
    tier: '8x5',
    calendar: { name: 'Moscow 8x5', timezone: 'Europe/Moscow' },
    services: [{ id: active, name: 'Поддержка 1С' }],
    targets: [{ priority: 'P3', reactionMinutes: 60, resolutionMinutes: 480 }],
    daysToExpiry: Number,
  });
});

t.test('replies, files, internal notes, reopen window and closing', async (t) => {
  const clock = fixedClock('2026-12-04T09:00:00.000Z');
  const desk = await portalDesk(t, { clock });
  const org = await makeOrganization(desk.admin);
  const contact = await makeContact(desk.admin, org.id, { email: 'r@client.example', language: 'en' });
  const ticket = await makeTicket(desk.admin, org.id, { contactId: contact.id });
  const portal = await signIn(desk.app, 'r@client.example');
  await desk.admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'We are on it', public: true });
  const note = await desk.admin.post(`/api/v1/tickets/${ticket.id}/comments`, {
    body: 'SECRET internal note',
    public: false,
  });
  const noteFile = await attachmentFixture(desk.inst, ticket.id, note.json().id, 'secret-file');
  const publicFile = await attachmentFixture(desk.inst, ticket.id, null, 'public-file');
  await desk.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'waiting_for_client' });

  const detail = (await portal.get(`/api/v1/portal/tickets/${ticket.id}`)).json();
  t.same(
    detail.comments.map((c: { body: string }) => c.body),
    ['We are on it'],
    'public replies only',
  );
  t.equal(detail.comments[0].author.kind, 'agent');
  t.same(
    detail.attachments.map((a: { id: number }) => a.id),
    [publicFile],
    'a file of an internal note is not shown',
  );
  t.notMatch(JSON.stringify(detail), /SECRET/);
  t.equal((await portal.get(`/api/v1/portal/attachments/${noteFile}`)).statusCode, 404, 'nor downloadable');
  const download = await portal.get(`/api/v1/portal/attachments/${publicFile}`);
  t.equal(download.statusCode, 200);
  t.equal(download.body, 'public-file');
  t.equal(download.headers['content-type'], 'application/octet-stream');
  t.equal(download.headers['content-security-policy'], "default-src 'none'; sandbox");
  t.match(download.headers['content-disposition'], /^attachment;/);

  const replied = await portal.post(`/api/v1/portal/tickets/${ticket.id}/comments`, {
    body: 'Thanks, here are the logs',
  });
  t.equal(replied.statusCode, 201);
  t.match(replied.json(), { body: 'Thanks, here are the logs', author: { kind: 'contact', name: contact.name } });
  const afterReply = (await desk.admin.get(`/api/v1/tickets/${ticket.id}`)).json();
  t.equal(afterReply.status, 'open', 'the client’s reply takes the ticket off "waiting for client"');
  const history = (await desk.admin.get(`/api/v1/tickets/${ticket.id}/history`)).json();
  t.ok(
    history.items.some((h: { action: string }) => h.action === 'replied'),
    'the reply is in the history',
  );

  const uploaded = await portal.upload(`/api/v1/portal/tickets/${ticket.id}/attachments`, [
    { name: 'log1.txt', content: 'first log' },
    { name: 'log2.txt', content: 'second log' },
  ]);
  t.equal(uploaded.statusCode, 201);
  t.same(
    uploaded.json().items.map((i: { fileName: string; size: number }) => [i.fileName, i.size]),
    [
      ['log1.txt', 9],
      ['log2.txt', 10],
    ],
  );
  const files = (await desk.admin.get(`/api/v1/tickets/${ticket.id}/attachments`)).json();
  t.ok(
    files.items.some((f: { fileName: string }) => f.fileName === 'log2.txt'),
    'the agents see the files',
  );
  const tooMany = await portal.upload(
    `/api/v1/portal/tickets/${ticket.id}/attachments`,
    Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.txt`, content: `file ${i}` })),
  );
  t.equal(tooMany.statusCode, 413, 'more than ten files at once is refused');
  t.equal(tooMany.json().detail, 'Attach at most 10 files at once');
  t.notOk(
    (await desk.admin.get(`/api/v1/tickets/${ticket.id}/attachments`))
      .json()
      .items.some((f: { fileName: string }) => f.fileName === 'f0.txt'),
    'and none of them is recorded',
  );
  const wrongField = await desk.app.inject({
    method: 'POST',
    url: `/api/v1/portal/tickets/${ticket.id}/attachments`,
    headers: {
      cookie: `ondesk_portal=${portal.cookie}`,
      'x-csrf-token': portal.csrfToken,
      'content-type': 'application/json',
    },
    payload: '{}',
  });
  t.equal(wrongField.statusCode, 400, 'not multipart: a clear 400');

  t.equal(
    (await portal.post(`/api/v1/portal/tickets/${ticket.id}/reopen`)).statusCode,
    409,
    'an open ticket is not reopened',
  );
  await desk.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
  const resolved = (await portal.get(`/api/v1/portal/tickets/${ticket.id}`)).json();
  t.equal(resolved.canReopen, true);
  t.equal(
    resolved.reopenUntil,
    new Date(Date.parse(resolved.resolvedAt) + 14 * 86_400_000).toISOString(),
    '14 days by default',
  );
  const reopened = await portal.post(`/api/v1/portal/tickets/${ticket.id}/reopen`);
  t.equal(reopened.statusCode, 200);
  t.equal(reopened.json().status, 'open');
  const closed = await portal.post(`/api/v1/portal/tickets/${ticket.id}/close`);
  t.equal(closed.statusCode, 200);
  t.match(closed.json(), { status: 'closed', canReply: false, canClose: false, canReopen: true });
  t.equal(
    (await portal.post(`/api/v1/portal/tickets/${ticket.id}/comments`, { body: 'one more' })).statusCode,
    409,
    'no reply on a closed ticket',
  );
  const events = await desk.inst.database.db
    .selectFrom('domain_events')
    .select(['type', 'actor', 'data'])
    .where('type', '=', 'ticket.updated')
    .execute();
  t.ok(
    events.some((e) => e.actor === `system:portal:contact:${contact.id}` && /"to":"closed"/.test(e.data)),
    'closing by the contact is a ticket.updated event of that contact',
  );

  await desk.admin.request('PUT', `/api/v1/organizations/${org.id}/portal`, {
    visibility: 'own',
    reopenDays: 3,
    enabled: true,
  });
  clock.advance(4 * 86_400_000);
  const late = await portal.post(`/api/v1/portal/tickets/${ticket.id}/reopen`);
  t.equal(late.statusCode, 409, 'past the organization’s reopen window');
  t.equal(late.json().code, 'cannot_reopen');
  t.match(late.json().detail, /could be reopened until \d{4}-\d\d-\d\d/);
});

t.test('visibility: own, organization, chosen (supervisors see all, requesters their own)', async (t) => {
  const desk = await portalDesk(t);
  const org = await makeOrganization(desk.admin);
  const anna = await makeContact(desk.admin, org.id, { email: 'anna@v.example' });
  const boss = await makeContact(desk.admin, org.id, { email: 'boss@v.example' });
  const annaTicket = await makeTicket(desk.admin, org.id, { contactId: anna.id });
  const bossTicket = await makeTicket(desk.admin, org.id, { contactId: boss.id });
  const nobodys = await makeTicket(desk.admin, org.id);
  const other = await makeOrganization(desk.admin);
  const foreign = await makeTicket(desk.admin, other.id);
  const a = await signIn(desk.app, 'anna@v.example');
  const b = await signIn(desk.app, 'boss@v.example');
  const ids = async (c: typeof a) =>
    ((await c.get('/api/v1/portal/tickets?status=all')).json().items as { id: number }[])
      .map((i) => i.id)
      .sort((x, y) => x - y);
  const setVisibility = (visibility: string) =>
    desk.admin.request('PUT', `/api/v1/organizations/${org.id}/portal`, { visibility, reopenDays: 14, enabled: true });

  t.same(await ids(a), [annaTicket.id], 'own: the contact’s own tickets');
  t.equal((await a.get(`/api/v1/portal/tickets/${bossTicket.id}`)).statusCode, 404, 'another’s is missing');
  await setVisibility('organization');
  t.same(await ids(a), [annaTicket.id, bossTicket.id, nobodys.id], 'organization: every ticket of it');
  t.equal((await a.get('/api/v1/portal/me')).json().visibility, 'organization');
  await setVisibility('chosen');
  await desk.admin.patch(`/api/v1/organizations/${org.id}/contacts/${boss.id}`, { portalRole: 'supervisor' });
  t.same(await ids(a), [annaTicket.id], 'chosen: a requester sees their own');
  t.same(await ids(b), [annaTicket.id, bossTicket.id, nobodys.id], 'chosen: a supervisor sees the organization’s');
  t.equal((await b.get(`/api/v1/portal/tickets/${foreign.id}`)).statusCode, 404, 'never another organization’s');
  const missing = await b.get('/api/v1/portal/tickets/999999');
  t.same(
    (await b.get(`/api/v1/portal/tickets/${foreign.id}`)).json().detail.replace(/\d+/, 'N'),
    missing.json().detail.replace(/\d+/, 'N'),
    'answered exactly like a missing one',
  );

  const settings = await desk.admin.get(`/api/v1/organizations/${org.id}/portal`);
  t.same(settings.json(), { visibility: 'chosen', reopenDays: 14, enabled: true });
  await desk.admin.request('PUT', `/api/v1/organizations/${org.id}/portal`, {
    visibility: 'chosen',
    reopenDays: 14,
    enabled: false,
  });
  t.equal((await a.get('/api/v1/portal/me')).statusCode, 401, 'a portal switched off signs everyone out');
  const bad = await desk.admin.request('PUT', `/api/v1/organizations/${org.id}/portal`, {
    visibility: 'everyone',
    reopenDays: 14,
    enabled: true,
  });
  t.equal(bad.statusCode, 400);
});

t.test('list: status tabs, search and pages', async (t) => {
  const desk = await portalDesk(t);
  const org = await makeOrganization(desk.admin);
  const c = await makeContact(desk.admin, org.id, { email: 'l@client.example' });
  const printer = await makeTicket(desk.admin, org.id, { contactId: c.id, subject: 'Принтер не печатает' });
  const mail = await makeTicket(desk.admin, org.id, { contactId: c.id, subject: 'Почта не приходит' });
  const done = await makeTicket(desk.admin, org.id, { contactId: c.id, subject: 'Готово' });
  await desk.admin.patch(`/api/v1/tickets/${done.id}`, { status: 'resolved' });
  const portal = await signIn(desk.app, 'l@client.example');
  const list = async (query: string) =>
    ((await portal.get(`/api/v1/portal/tickets${query}`)).json().items as { id: number }[]).map((i) => i.id);
  t.same(await list(''), [mail.id, printer.id], 'open by default, newest first');
  t.same(await list('?status=closed'), [done.id]);
  t.same(await list('?status=resolved'), [done.id]);
  t.same(await list('?status=all'), [done.id, mail.id, printer.id]);
  t.same(await list('?status=all&q=принтер'), [printer.id], 'search by words');
  t.same(await list(`?status=all&q=%23${mail.number}`), [mail.id], 'or by number');
  const page1 = (await portal.get('/api/v1/portal/tickets?status=all&limit=2')).json();
  t.equal(page1.items.length, 2);
  const page2 = (await portal.get(`/api/v1/portal/tickets?status=all&limit=2&cursor=${page1.nextCursor}`)).json();
  t.same(
    page2.items.map((i: { id: number }) => i.id),
    [printer.id],
  );
  t.equal(page2.nextCursor, null);
  t.equal((await portal.get('/api/v1/portal/tickets?status=bogus')).statusCode, 400);
  t.equal((await portal.get('/api/v1/portal/tickets?extra=1')).statusCode, 400, 'unknown query fields are refused');
});

t.test('agents: contact portal fields, invitations', async (t) => {
  const desk = await portalDesk(t);
  const org = await makeOrganization(desk.admin);
  const other = await makeOrganization(desk.admin);
  const c = await makeContact(desk.admin, org.id, { email: 'inv@client.example', language: 'ru' });
  const noMail = await makeContact(desk.admin, org.id, { email: null });
  const patched = await desk.admin.patch(`/api/v1/organizations/${org.id}/contacts/${c.id}`, {
    portalRole: 'billing',
    phone: '+7 900 000-00-00',
  });
  t.equal(patched.statusCode, 200);
  t.match(patched.json(), { portalRole: 'billing', portalEnabled: true, phone: '+7 900 000-00-00' });
  t.equal(
    (await desk.admin.patch(`/api/v1/organizations/${other.id}/contacts/${c.id}`, { portalRole: 'supervisor' }))
      .statusCode,
    404,
    'only a contact of that organization',
  );
  t.equal(
    (await desk.admin.patch(`/api/v1/contacts/${c.id}`, { portalEnabled: false })).json().portalEnabled,
    false,
    'the plain contact route takes them too',
  );
  const refused = await desk.admin.post(`/api/v1/organizations/${org.id}/contacts/${c.id}/portal-invite`);
  t.equal(refused.statusCode, 422, 'a contact without portal access is not invited');
  await desk.admin.patch(`/api/v1/contacts/${c.id}`, { portalEnabled: true });
  const invited = await desk.admin.post(`/api/v1/organizations/${org.id}/contacts/${c.id}/portal-invite`);
  t.equal(invited.statusCode, 202);
  const mails = await outboxTo(desk, 'inv@client.example');
  t.equal(mails.length, 1);
  t.match(mails[0]!.subject, /Доступ к порталу поддержки/);
  const path = /\/portal\/login\/[A-Za-z0-9_-]+/.exec(mails[0]!.body)![0];
  const opened = await desk.app.inject({ method: 'GET', url: path });
  t.equal(opened.statusCode, 303, 'the mailed link signs the contact in');
  t.equal(
    (await desk.admin.post(`/api/v1/organizations/${org.id}/contacts/${noMail.id}/portal-invite`)).statusCode,
    422,
  );
  const engineer = await desk.admin.post('/api/v1/agents', { email: 'eng@desk.test', name: 'Eng', role: 'engineer' });
  t.equal(engineer.statusCode, 201);
});

t.test('the portal page is its own bundle under its own policy', async (t) => {
  const desk = await portalDesk(t);
  for (const url of ['/portal', '/portal/', '/portal/tickets/5', '/portal/login']) {
    const res = await desk.app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 200, url);
    t.match(res.body, /\/portal\/main\.js/, `${url} serves ui/portal/index.html`);
    t.notMatch(res.body, /\/app\/main\.js/, 'not the desk’s bundle');
    t.match(res.headers['content-security-policy'], /script-src 'self' 'sha256-/);
  }
  const desk1 = await desk.app.inject({ method: 'GET', url: '/tickets' });
  t.not(
    desk1.headers['content-security-policy'],
    (await desk.app.inject({ method: 'GET', url: '/portal/' })).headers['content-security-policy'],
    'each page has the hash of its own import map',
  );
});

t.test('migration 015 over a desk with contacts and tickets: defaults, and down keeps the data', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'portal-migration.db'));
  t.teardown(() => handle.close());
  const migrator = createMigrator(handle.db);
  await migrator.migrateTo('2026-12-04-014-dashboard-aggregates');
  const now = '2026-12-01T10:00:00.000Z';
  await sql`insert into organizations (name, tags, created_at, updated_at) values ('ООО Ромашка', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into contacts (organization_id, name, email, language, created_at, updated_at) values (1, 'Ольга', 'olga@romashka.example', 'ru', ${now}, ${now})`.execute(
    handle.db,
  );
  await migrator.migrateTo('2026-12-04-015-portal');
  const contact = await handle.db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow();
  t.match(
    contact,
    { name: 'Ольга', portal_role: 'requester', portal_enabled: 1 },
    'existing contacts are requesters with access',
  );
  await t.rejects(
    sql`update contacts set portal_role = 'admin'`.execute(handle.db),
    /CHECK constraint failed/,
    'only the three roles',
  );
  await migrator.migrateTo('2026-12-04-014-dashboard-aggregates');
  const after = await sql<{ name: string }>`select name from contacts`.execute(handle.db);
  t.same(after.rows, [{ name: 'Ольга' }], 'down keeps the contacts');
});

t.test('the list queries read by the organization’s or the requester’s index', async (t) => {
  const desk = await portalDesk(t);
  const plan = (query: string) => queryPlan(desk.inst.database.db, query);
  const postgres = testDialect === 'postgres';
  t.match(
    await plan(
      `select tickets.id from tickets where tickets.organization_id = 1 and tickets.id < 2 order by tickets.id desc limit 26`,
    ),
    postgres
      ? /Index (Only )?Scan (Backward )?using tickets_organization on tickets/
      : /USING (COVERING )?INDEX tickets_organization/,
  );
  t.match(
    await plan(
      `select tickets.id from tickets where tickets.organization_id = 1 and tickets.contact_id = 2 order by tickets.id desc limit 26`,
    ),
    postgres
      ? /Index (Only )?Scan (Backward )?using tickets_contact on tickets/
      : /USING (COVERING )?INDEX tickets_contact/,
  );
});

t.test('the policy gives a contact none of the desk’s actions', async (t) => {
  const contact = { kind: 'contact', id: 1, organizationId: 1, name: 'C', language: 'ru' } as const;
  const allowed = actions.filter((action) => can(contact, action));
  t.same(allowed, [], 'no action of the desk is a contact’s');
  t.ok(actions.length > 40, `${actions.length} actions checked`);
});
