import t from 'tap';
import { ingestRawMessage } from '../../server/modules/inbound-mail/inbound-mail.service.js';
import { compose, settings } from '../mail/helpers.js';
import { makeOrganization } from '../helpers/factories.js';
import {
  filled,
  footprint,
  formDesk,
  getChallenge,
  SITE,
  solve,
  submitJson,
  values,
  type Challenge,
  type FormDesk,
} from './helpers.js';

async function makeForm(desk: FormDesk, body: Record<string, unknown> = {}) {
  const res = await desk.admin.post('/api/v1/forms', {
    organizationId: desk.organizationId,
    origins: [SITE],
    serviceId: desk.serviceId,
    priority: 'P2',
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json() as { key: string; embedSnippet: string; [k: string]: unknown };
}

function multipart(fields: Record<string, string>, files: { name: string; type: string; content: Buffer }[]) {
  const boundary = '----ondesk' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

t.test('forms are managed by admins and managers; origins and fields are checked', async (t) => {
  const desk = await formDesk(t);
  const form = await makeForm(desk, { name: 'Site form' });
  t.match(form.key, /^[A-Za-z0-9_-]{24}$/, 'a random url-safe key');
  t.match(form, {
    name: 'Site form',
    organizationId: desk.organizationId,
    organizationName: 'SmartNut',
    origins: [SITE],
    serviceId: desk.serviceId,
    priority: 'P2',
    active: true,
    holdUnknownDomains: false,
    limits: { perIp: 20, perEmail: 5, total: 500 },
  });
  t.match(form.embedSnippet, new RegExp(`/embed/form\\.js" data-form-key="${form.key}" async></script>$`));
  t.same(
    (form.fields as { name: string }[]).map((f) => f.name),
    ['name', 'email', 'phone', 'subject', 'message'],
    'the default fields',
  );

  const manager = await desk.agent('manager');
  t.equal(
    (await manager.post('/api/v1/forms', { origins: [SITE] })).statusCode,
    201,
    'a manager may create a desk form',
  );
  const engineer = await desk.agent('engineer');
  t.equal((await engineer.post('/api/v1/forms', { origins: [SITE] })).statusCode, 403, 'an engineer may not');
  t.equal((await engineer.get('/api/v1/forms')).statusCode, 403);

  const list = (await desk.admin.get('/api/v1/forms')).json() as { items: { key: string }[] };
  t.equal(list.items.length, 2);

  const badOrigin = await desk.admin.post('/api/v1/forms', { origins: ['https://client.example/contact'] });
  t.equal(badOrigin.statusCode, 400);
  t.match(badOrigin.json(), { detail: /not a site address/ });
  const noEmail = await desk.admin.post('/api/v1/forms', {
    origins: [SITE],
    fields: [
      { name: 'name', type: 'text', label: { ru: 'Имя', en: 'Name' }, required: true },
      { name: 'message', type: 'textarea', label: { ru: 'Текст', en: 'Text' }, required: true },
    ],
  });
  t.equal(noEmail.statusCode, 400);
  t.match(noEmail.json(), { detail: /needs the field email/ });
  const unknownField = await desk.admin.post('/api/v1/forms', { origins: [SITE], colour: 'red' });
  t.equal(unknownField.statusCode, 400, 'unknown fields are refused');

  const patched = await desk.admin.patch(`/api/v1/forms/${form.key}`, {
    origins: ['https://www.client.example', 'HTTPS://Client.Example:443'],
    holdUnknownDomains: true,
    limits: { perEmail: 3 },
    fields: [
      ...(form.fields as object[]),
      { name: 'site_url', type: 'text', label: { ru: 'Адрес сайта', en: 'Site address' }, required: false },
      {
        name: 'topic',
        type: 'select',
        label: { ru: 'Тема', en: 'Topic' },
        required: true,
        options: ['Bug', 'Question'],
      },
    ],
  });
  t.equal(patched.statusCode, 200, patched.body);
  t.match(patched.json(), {
    origins: ['https://www.client.example', SITE],
    holdUnknownDomains: true,
    limits: { perIp: 20, perEmail: 3, total: 500 },
  });
  t.equal((await desk.admin.del(`/api/v1/forms/${form.key}`)).statusCode, 204);
  t.equal((await desk.admin.get(`/api/v1/forms/${form.key}`)).statusCode, 404);
  t.equal((await getChallenge(desk.app, form.key)).statusCode, 404, 'a deleted form answers nothing');
});

t.test('CORS: only the form’s origins are named back, preflights included; others are refused', async (t) => {
  const desk = await formDesk(t);
  const form = await makeForm(desk, { origins: [SITE, 'http://localhost:8080'] });
  for (const origin of [SITE, 'http://localhost:8080']) {
    const res = await getChallenge(desk.app, form.key, origin);
    t.equal(res.statusCode, 200);
    t.equal(res.headers['access-control-allow-origin'], origin, `${origin} is named back`);
    t.match(res.headers.vary, /Origin/);
    t.notOk(res.headers['access-control-allow-credentials'], 'never credentials');
  }
  const body = res0(await getChallenge(desk.app, form.key));
  t.match(body, { form: { key: form.key, language: 'ru' }, honeypot: 'website', minFillMs: 3000 });
  t.match(body.challenge, { algorithm: 'SHA-256', maxnumber: 300_000 });

  const other = await getChallenge(desk.app, form.key, 'https://evil.example');
  t.equal(other.statusCode, 403);
  t.equal(other.headers['access-control-allow-origin'], undefined);
  t.match(other.headers['content-type'], /application\/problem\+json/);
  t.match(other.json(), { code: 'origin_not_allowed', detail: /https:\/\/evil\.example is not one of them/ });

  const preflight = await desk.app.inject({
    method: 'OPTIONS',
    url: `/api/v1/forms/${form.key}/submit`,
    headers: {
      origin: SITE,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });
  t.equal(preflight.statusCode, 204);
  t.equal(preflight.headers['access-control-allow-origin'], SITE);
  t.match(preflight.headers['access-control-allow-methods'], /POST/);
  t.match(preflight.headers['access-control-allow-headers'], /content-type/);
  const badPreflight = await desk.app.inject({
    method: 'OPTIONS',
    url: `/api/v1/forms/${form.key}/submit`,
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  t.equal(badPreflight.statusCode, 403);
  t.equal(badPreflight.headers['access-control-allow-origin'], undefined);

  const before = await footprint(desk.inst);
  const payload = await filled(desk, form.key);
  const foreign = await submitJson(desk.app, form.key, payload, { origin: 'https://evil.example' });
  t.equal(foreign.statusCode, 403);
  const noOrigin = await desk.app.inject({
    method: 'POST',
    url: `/api/v1/forms/${form.key}/submit`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });
  t.equal(noOrigin.statusCode, 403, 'a request naming no origin is refused too');
  t.same(await footprint(desk.inst), before, 'a foreign origin creates nothing');
});

const res0 = (r: { json(): unknown }) => r.json() as Challenge;

t.test(
  'a submission files a web_form ticket of the client, acknowledged by mail; replies thread into it',
  async (t) => {
    const desk = await formDesk(t);
    const form = await makeForm(desk);
    const before = await footprint(desk.inst);
    const res = await submitJson(desk.app, form.key, await filled(desk, form.key));
    t.equal(res.statusCode, 201, res.body);
    t.equal(res.headers['access-control-allow-origin'], SITE);
    const { status, ticketNumber } = res.json() as { status: string; ticketNumber: number };
    t.equal(status, 'created');
    const db = desk.inst.database.db;
    const ticket = await db
      .selectFrom('tickets')
      .selectAll()
      .where('number', '=', ticketNumber)
      .executeTakeFirstOrThrow();
    t.match(ticket, {
      channel: 'web_form',
      organization_id: desk.organizationId,
      service_id: desk.serviceId,
      priority: 'P2',
      subject: 'The site is down',
    });
    t.match(ticket.description, /answers 502 since this morning/);
    t.match(
      ticket.description,
      /Ваше имя: Anna Petrova/,
      'the other fields under the message, labelled in the form’s language',
    );
    t.not(ticket.agreement_id, null, 'the agreement covering the service gives it its SLA');
    const contact = await db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', ticket.contact_id!)
      .executeTakeFirstOrThrow();
    t.match(contact, { email: 'anna@client.example', name: 'Anna Petrova', organization_id: desk.organizationId });
    const after = await footprint(desk.inst);
    t.equal(after.tickets, before.tickets + 1);
    t.equal(after.spentProofs, 1, 'the proof is spent');

    const ack = await db.selectFrom('outbox').selectAll().where('recipient', '=', 'anna@client.example').execute();
    t.equal(ack.length, 1, 'one acknowledgement queued');
    t.match(ack[0]!.subject, new RegExp(`\\[#${ticketNumber}\\]`));
    t.match(ack[0]!.payload, /"event":"ticket.acknowledgement"/);

    // The sender answers the acknowledgement by mail: the subject token threads it.
    const reply = await compose({
      from: 'Anna Petrova <anna@client.example>',
      to: 'support@desk.test',
      subject: `Re: [#${ticketNumber}] ${ticket.subject}`,
      text: 'It works again, thank you.',
    });
    const threaded = await ingestRawMessage(desk.inst.ctx(), reply, { kind: 'test' }, settings());
    t.match(threaded, { outcome: 'comment', ticketId: ticket.id });
    // And a reply that only names the submission by In-Reply-To threads as well.
    const inbound = await db.selectFrom('inbound_messages').selectAll().where('ticket_id', '=', ticket.id).execute();
    const original = inbound.find((m) => m.source === `web-form:${form.key}`)!;
    t.ok(original, 'the submission is kept as a message of the ticket');
    const byRef = await compose({
      from: 'anna@client.example',
      to: 'support@desk.test',
      subject: 'One more thing',
      inReplyTo: `<${original.message_id}>`,
      text: 'The contact page too.',
    });
    t.match(await ingestRawMessage(desk.inst.ctx(), byRef, { kind: 'test' }, settings()), {
      outcome: 'comment',
      ticketId: ticket.id,
    });
  },
);

t.test('every refused submission creates nothing', async (t) => {
  const desk = await formDesk(t);
  const form = await makeForm(desk);
  const other = await makeForm(desk);
  const ok = await filled(desk, form.key);
  t.equal((await submitJson(desk.app, form.key, ok)).statusCode, 201);
  const before = await footprint(desk.inst);

  const cases: [string, () => Promise<unknown>, number, RegExp][] = [
    [
      'a filled honeypot',
      async () => ({ ...(await filled(desk, form.key)), website: 'http://spam.example' }),
      400,
      /Reload the page/,
    ],
    ['a fill time under 3 s', () => filled(desk, form.key, values(), 1_500), 400, /too quickly/],
    ['a replayed proof-of-work', async () => ok, 409, /already sent/],
    [
      'a missing proof-of-work',
      async () => {
        const { altcha: _drop, ...rest } = await filled(desk, form.key);
        return rest;
      },
      400,
      /could not be verified/,
    ],
    [
      'a wrong number',
      async () => {
        const body = await filled(desk, form.key);
        const p = JSON.parse(Buffer.from(body.altcha, 'base64').toString());
        return { ...body, altcha: Buffer.from(JSON.stringify({ ...p, number: p.number + 1 })).toString('base64') };
      },
      400,
      /could not be verified/,
    ],
    [
      "another form's proof",
      async () => {
        const mine = await filled(desk, form.key);
        const theirs = await filled(desk, other.key, values(), 0);
        return { ...mine, altcha: theirs.altcha };
      },
      400,
      /could not be verified/,
    ],
    ['an expired token', () => filled(desk, form.key, values(), 2 * 3600_000 + 1_000), 400, /open too long/],
    [
      'a forged token',
      async () => {
        const body = await filled(desk, form.key);
        const [, nonce, mac] = body.token.split('.');
        return { ...body, token: `${Date.parse('2026-12-07T08:00:00Z')}.${nonce}.${mac}` };
      },
      400,
      /Reload the page/,
    ],
    [
      'a missing e-mail',
      () => filled(desk, form.key, { ...values(), email: '' }),
      400,
      /E-mail: required|Электронная почта: required/,
    ],
  ];
  for (const [what, body, status, detail] of cases) {
    const res = await submitJson(desk.app, form.key, await body());
    t.equal(res.statusCode, status, `${what}: ${res.statusCode}`);
    t.match(res.headers['content-type'], /problem\+json/);
    t.match(res.json(), { detail }, what);
    t.equal(res.headers['access-control-allow-origin'], SITE, `${what}: the page can read why`);
    t.same(await footprint(desk.inst), before, `${what} creates nothing`);
  }

  // Multipart with a file and a filled honeypot: the file is stored nowhere.
  await desk.admin.patch(`/api/v1/forms/${form.key}`, { attachments: true });
  const body = await filled(desk, form.key);
  const mp = multipart({ ...body.values, token: body.token, altcha: body.altcha, website: 'x' }, [
    { name: 'screenshot.png', type: 'image/png', content: Buffer.from('fake png bytes') },
  ]);
  const refused = await desk.app.inject({
    method: 'POST',
    url: `/api/v1/forms/${form.key}/submit`,
    headers: { origin: SITE, 'content-type': mp.contentType },
    payload: mp.payload,
  });
  t.equal(refused.statusCode, 400);
  t.same(await footprint(desk.inst), before, 'a refused multipart submission stores no file');

  const good = await filled(desk, form.key);
  const accepted = multipart({ ...good.values, token: good.token, altcha: good.altcha }, [
    { name: 'screenshot.png', type: 'image/png', content: Buffer.from('real png bytes') },
  ]);
  const res = await desk.app.inject({
    method: 'POST',
    url: `/api/v1/forms/${form.key}/submit`,
    headers: { origin: SITE, 'content-type': accepted.contentType },
    payload: accepted.payload,
  });
  t.equal(res.statusCode, 201, res.body);
  const ticket = await desk.inst.database.db
    .selectFrom('tickets')
    .select('id')
    .where('number', '=', (res.json() as { ticketNumber: number }).ticketNumber)
    .executeTakeFirstOrThrow();
  const files = await desk.inst.database.db
    .selectFrom('attachments')
    .selectAll()
    .where('ticket_id', '=', ticket.id)
    .execute();
  t.same(
    files.map((f) => [f.file_name, f.size]),
    [['screenshot.png', 14]],
    'the file became an attachment of the ticket',
  );
});

t.test('rate limits per e-mail, per IP and in total refuse with 429 and create nothing', async (t) => {
  const desk = await formDesk(t);
  const form = await makeForm(desk, { limits: { perEmail: 2, perIp: 3, total: 4 } });
  const send = async (email: string, ip: string) =>
    submitJson(desk.app, form.key, await filled(desk, form.key, values(email)), { ip });
  t.equal((await send('a@client.example', '198.51.100.1')).statusCode, 201);
  t.equal((await send('a@client.example', '198.51.100.1')).statusCode, 201);
  let before = await footprint(desk.inst);
  const perEmail = await send('a@client.example', '198.51.100.2');
  t.equal(perEmail.statusCode, 429, 'the third from one e-mail within the hour');
  t.match(perEmail.json(), { code: 'too_many_submissions', detail: /try again in \d+ min/ });
  t.same(await footprint(desk.inst), before);
  t.equal((await send('b@client.example', '198.51.100.1')).statusCode, 201);
  before = await footprint(desk.inst);
  t.equal((await send('c@client.example', '198.51.100.1')).statusCode, 429, 'the fourth from one IP');
  t.same(await footprint(desk.inst), before);
  t.equal((await send('d@client.example', '198.51.100.9')).statusCode, 201);
  before = await footprint(desk.inst);
  t.equal((await send('e@client.example', '198.51.100.10')).statusCode, 429, 'the fifth in total');
  t.same(await footprint(desk.inst), before);
  desk.clock.advance(3600_000);
  t.equal((await send('e@client.example', '198.51.100.10')).statusCode, 201, 'an hour later the form takes more');
});

t.test(
  'the desk’s form places senders like mail and holds unknown domains; release files a web_form ticket',
  async (t) => {
    const desk = await formDesk(t);
    const form = await makeForm(desk, { organizationId: null, holdUnknownDomains: true, priority: 'P1' });
    const domains = await desk.admin.request('PUT', `/api/v1/organizations/${desk.organizationId}/mail-domains`, {
      domains: ['client.example'],
    });
    t.equal(domains.statusCode, 200, domains.body);

    const known = await submitJson(desk.app, form.key, await filled(desk, form.key, values('ivan@client.example')));
    t.equal(known.statusCode, 201, known.body);
    t.match(known.json(), { status: 'created' });
    const ticket = await desk.inst.database.db
      .selectFrom('tickets')
      .selectAll()
      .where('number', '=', (known.json() as { ticketNumber: number }).ticketNumber)
      .executeTakeFirstOrThrow();
    t.match(ticket, { organization_id: desk.organizationId, channel: 'web_form', priority: 'P1' }, 'by the domain');

    const before = await footprint(desk.inst);
    const stranger = await submitJson(desk.app, form.key, await filled(desk, form.key, values('boss@unknown.example')));
    t.equal(stranger.statusCode, 201, stranger.body);
    t.same(stranger.json(), { status: 'held' });
    const after = await footprint(desk.inst);
    t.equal(after.tickets, before.tickets, 'no ticket while held');
    t.equal(after.contacts, before.contacts, 'no contact while held');
    t.equal(after.inbound, before.inbound + 1);

    const held = (await desk.admin.get('/api/v1/inbound-messages?status=held')).json() as {
      items: { id: number; source: string; from: string; reason: string }[];
    };
    t.equal(held.items.length, 1, 'listed in the holding list');
    t.match(held.items[0], {
      source: `web-form:${form.key}`,
      from: 'boss@unknown.example',
      reason: /no client owns the domain unknown\.example/,
    });

    const released = await desk.admin.post(`/api/v1/inbound-messages/${held.items[0]!.id}/new-ticket`, {
      organizationId: desk.organizationId,
    });
    t.equal(released.statusCode, 200, released.body);
    const filedTicket = await desk.inst.database.db
      .selectFrom('tickets')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    t.match(filedTicket, {
      channel: 'web_form',
      priority: 'P1',
      organization_id: desk.organizationId,
      subject: 'The site is down',
    });
    const again = await desk.admin.post(`/api/v1/inbound-messages/${held.items[0]!.id}/release`, {});
    t.equal(again.statusCode, 409, 'released once');
  },
);

t.test('a held submission released without a ticket becomes its own web_form ticket', async (t) => {
  const desk = await formDesk(t);
  const form = await makeForm(desk, { organizationId: null, holdUnknownDomains: true, serviceId: null });
  await desk.admin.request('PUT', `/api/v1/organizations/${desk.organizationId}/mail-domains`, {
    domains: ['client.example'],
  });
  const res = await submitJson(desk.app, form.key, await filled(desk, form.key, values('new@newcomer.example')));
  t.same(res.json(), { status: 'held' });
  const [row] = ((await desk.admin.get('/api/v1/inbound-messages?status=held')).json() as { items: { id: number }[] })
    .items;
  // The admin adds the domain to the client, then asks for ingestion again: now it files.
  await desk.admin.request('PUT', `/api/v1/organizations/${desk.organizationId}/mail-domains`, {
    domains: ['client.example', 'newcomer.example'],
  });
  const reingested = await desk.admin.post(`/api/v1/inbound-messages/${row!.id}/reingest`, {});
  t.equal(reingested.statusCode, 200, reingested.body);
  t.match(reingested.json(), { status: 'ticket' });
  const ticket = await desk.inst.database.db
    .selectFrom('tickets')
    .selectAll()
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  t.match(ticket, { channel: 'web_form', organization_id: desk.organizationId });
  const ack = await desk.inst.database.db
    .selectFrom('outbox')
    .selectAll()
    .where('recipient', '=', 'new@newcomer.example')
    .execute();
  t.equal(ack.length, 1, 'the released sender is acknowledged too');

  // Released by an admin who vouches for the sender: the new ticket it was held from being.
  const other = await submitJson(desk.app, form.key, await filled(desk, form.key, values('who@stranger.example')));
  t.same(other.json(), { status: 'held' });
  const [heldRow] = (
    (await desk.admin.get('/api/v1/inbound-messages?status=held')).json() as { items: { id: number }[] }
  ).items;
  const released = await desk.admin.post(`/api/v1/inbound-messages/${heldRow!.id}/release`, {});
  t.equal(released.statusCode, 200, released.body);
  t.match(released.json(), { status: 'ticket', reason: /released by/ });
  const releasedTicket = await desk.inst.database.db
    .selectFrom('tickets')
    .selectAll()
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  t.match(releasedTicket, { channel: 'web_form', subject: 'The site is down' });
  t.not(releasedTicket.organization_id, desk.organizationId, 'a stranger goes to the unsorted client');
  t.equal(releasedTicket.contact_id, null);
});

t.test('a client without an active agreement is told so, and nothing is filed', async (t) => {
  const desk = await formDesk(t);
  const lapsed = await makeOrganization(desk.admin, { name: 'No contract LLC' });
  const form = await makeForm(desk, { organizationId: lapsed.id, serviceId: null });
  const before = await footprint(desk.inst);
  const res = await submitJson(desk.app, form.key, await filled(desk, form.key));
  t.equal(res.statusCode, 422);
  t.match(res.json(), { code: 'no_active_agreement', detail: /no active agreement/ });
  const after = await footprint(desk.inst);
  t.same(
    { tickets: after.tickets, contacts: after.contacts, spentProofs: after.spentProofs, inbound: after.inbound },
    { tickets: before.tickets, contacts: before.contacts, spentProofs: before.spentProofs, inbound: before.inbound },
    'no ticket, contact, message row or spent proof',
  );
});

t.test('the embed script is small, plain and servable to other origins', async (t) => {
  const desk = await formDesk(t);
  const res = await desk.app.inject({ method: 'GET', url: '/embed/form.js', headers: { 'accept-encoding': 'gzip' } });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/javascript/);
  t.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
  t.equal(res.headers['content-encoding'], 'gzip');
  t.match(res.headers['cache-control'], /public, max-age=\d+/);
  const gzipped = res.rawPayload.length;
  t.ok(gzipped <= 30 * 1024, `form.js is ${gzipped} bytes gzipped (≤ 30 KB)`);
  const plain = await desk.app.inject({ method: 'GET', url: '/embed/form.js' });
  const source = plain.body;
  t.notMatch(source, /\bimport\s*[({'"]|\bimport\s+\w/, 'no imports');
  t.notMatch(source, /https?:\/\/(?!desk\.example)[a-z]/i, 'names no other host');
  const cached = await desk.app.inject({
    method: 'GET',
    url: '/embed/form.js',
    headers: { 'if-none-match': String(plain.headers.etag) },
  });
  t.equal(cached.statusCode, 304);
  t.ok(solve, 'solver helper present');
});
