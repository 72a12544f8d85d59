import t from 'tap';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import { testDesk, type ApiClient, type TestDesk } from '../helpers/app.js';
import { makeAgreement, makeCalendar, makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';
import { inTransaction } from '../../server/context.js';
import { publish } from '../../server/events/event-bus.js';
import { surveysJob } from '../../server/modules/surveys/index.js';
import { updateTicket } from '../../server/modules/tickets/index.js';

const BASE = 'https://desk.example.com';
const MINUTE = 60_000;

async function setup(t: Test) {
  const clock = fixedClock('2026-12-01T09:00:00.000Z');
  const desk = await testDesk(t, { clock });
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const en = await makeContact(admin, org.id, { name: 'Jane Doe', language: 'en' });
  const ru = await makeContact(admin, org.id, { name: 'Иван Петров', language: 'ru' });
  return { clock, desk, admin, org, en, ru };
}

const surveyOf = (desk: TestDesk, ticketId: number) =>
  desk.inst.database.db.selectFrom('surveys').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();

const mailsTo = (desk: TestDesk, recipient: string) =>
  desk.inst.database.db
    .selectFrom('outbox')
    .selectAll()
    .where('recipient', '=', recipient)
    .where('dedupe_key', 'like', 'survey:%')
    .execute();

async function resolve(api: ApiClient, id: number, status = 'resolved') {
  const res = await api.patch(`/api/v1/tickets/${id}`, { status });
  if (res.statusCode !== 200) throw new Error(`resolve: ${res.body}`);
}

const linksIn = (body: string) => [
  ...body.matchAll(/https:\/\/desk\.example\.com\/survey\/([A-Za-z0-9_-]{43})\/([1-5])/g),
];

t.test('a resolved ticket gets a survey, mailed after the delay with five links in the contact language', async (t) => {
  const { clock, desk, admin, org, en, ru } = await setup(t);
  const a = await makeTicket(admin, org.id, { contactId: en.id, subject: 'Printer jams' });
  const b = await makeTicket(admin, org.id, { contactId: ru.id, subject: 'Не печатает принтер' });
  await resolve(admin, a.id);
  await resolve(admin, b.id);
  const pending = await surveyOf(desk, a.id);
  t.match(pending, { contact_id: en.id, language: 'en', sent_at: null, token_hash: null, score: null });
  t.equal(pending!.send_after, '2026-12-01T10:00:00.000Z', 'the desk default delay: 60 minutes');
  t.equal((await surveyOf(desk, b.id))!.language, 'ru');

  t.same(await surveysJob(desk.inst.ctx(), { baseUrl: BASE }), { sent: 0 }, 'nothing before the delay');
  clock.advance(60 * MINUTE);
  t.same(await surveysJob(desk.inst.ctx(), { baseUrl: BASE }), { sent: 2 });
  t.same(await surveysJob(desk.inst.ctx(), { baseUrl: BASE }), { sent: 0 }, 'each survey goes out once');

  const [mailEn] = await mailsTo(desk, (await contactEmail(desk, en.id))!);
  t.match(mailEn!.subject, /^How did we do\? Ticket #\d+: Printer jams$/);
  t.match(mailEn!.body, /Hello, Jane Doe!/);
  t.match(mailEn!.body, /5 — excellent: https:\/\/desk\.example\.com\/survey\//);
  const enLinks = linksIn(mailEn!.body);
  t.same(
    enLinks.map((m) => m[2]),
    ['5', '4', '3', '2', '1'],
    'five score links, best first',
  );
  t.equal(new Set(enLinks.map((m) => m[1])).size, 1, 'one token for the five links');
  const [mailRu] = await mailsTo(desk, (await contactEmail(desk, ru.id))!);
  t.match(mailRu!.subject, /^Оцените нашу работу: заявка №\d+ «Не печатает принтер»$/);
  t.match(mailRu!.body, /1 — очень плохо: https:\/\/desk\.example\.com\/survey\//);
  t.equal(linksIn(mailRu!.body).length, 5);
  const sent = (await surveyOf(desk, a.id))!;
  t.equal(sent.sent_at, '2026-12-01T10:00:00.000Z');
  t.not(sent.token_hash, enLinks[0]![1], 'the database keeps the hash, not the token');
  t.equal(sent.token_hash!.length, 64);
});

async function contactEmail(desk: TestDesk, id: number) {
  return (await desk.inst.database.db.selectFrom('contacts').select('email').where('id', '=', id).executeTakeFirst())
    ?.email;
}

async function sentSurvey(t: Test) {
  const s = await setup(t);
  const ticket = await makeTicket(s.admin, s.org.id, { contactId: s.en.id, subject: 'VPN is down' });
  await resolve(s.admin, ticket.id);
  s.clock.advance(61 * MINUTE);
  await surveysJob(s.desk.inst.ctx(), { baseUrl: BASE });
  const [mail] = await mailsTo(s.desk, (await contactEmail(s.desk, s.en.id))!);
  const token = linksIn(mail!.body)[0]![1]!;
  return { ...s, ticket, token };
}

t.test('a score link records at once; another link later overwrites; the comment page saves', async (t) => {
  const { clock, desk, admin, org, ticket, token } = await sentSurvey(t);
  t.equal((await admin.get(`/api/v1/tickets/${ticket.id}/satisfaction`)).json().score, null, 'sent, not answered');

  const head = await desk.app.inject({ method: 'HEAD', url: `/survey/${token}/1` });
  t.equal(head.statusCode, 200);
  t.equal((await surveyOf(desk, ticket.id))!.score, null, 'a HEAD request (a link checker) records nothing');
  const first = await desk.app.inject({ method: 'GET', url: `/survey/${token}/2` });
  t.equal(first.statusCode, 200);
  t.match(first.headers['content-type'], /^text\/html/);
  const csp = String(first.headers['content-security-policy']);
  t.match(csp, /default-src 'none'/);
  t.match(csp, /style-src 'sha256-/);
  t.match(csp, /form-action 'self'/);
  t.notMatch(csp, /https?:/, 'the policy names no other host');
  t.notMatch(first.body, /<script|https?:\/\/(?!desk)/, 'no script, nothing from another host');
  t.match(first.body, /Thank you for your rating!/);
  t.match(first.body, /Your score: 2 — poor/);
  t.match(first.body, new RegExp(`<form method="post" action="/survey/${token}">`));
  t.match(first.body, /name="viewport" content="width=device-width/);
  let row = (await surveyOf(desk, ticket.id))!;
  t.equal(row.score, 2);
  t.equal(row.answered_at, clock.now().toISOString());

  clock.advance(2 * 86_400_000);
  const second = await desk.app.inject({ method: 'GET', url: `/survey/${token}/5` });
  t.equal(second.statusCode, 200);
  t.match(second.body, /Your score: 5 — excellent/);
  row = (await surveyOf(desk, ticket.id))!;
  t.equal(row.score, 5, 'a changed mind overwrites the score');
  t.equal(row.answered_at, clock.now().toISOString(), 'and the time of the answer');
  t.equal(
    await desk.inst.database.db
      .selectFrom('surveys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n)),
    1,
    'one answer per ticket',
  );

  const comment = await desk.app.inject({
    method: 'POST',
    url: `/survey/${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ comment: 'Fast & friendly <b>thanks</b>\r\nagain' }).toString(),
  });
  t.equal(comment.statusCode, 200);
  t.match(comment.body, /Thank you, your comment is saved\./);
  t.match(comment.body, /Fast &amp; friendly &lt;b&gt;thanks&lt;\/b&gt;/, 'the comment is shown escaped');
  t.equal((await surveyOf(desk, ticket.id))!.comment, 'Fast & friendly <b>thanks</b>\nagain');

  const tooLong = await desk.app.inject({
    method: 'POST',
    url: `/survey/${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ comment: 'a'.repeat(2001) }).toString(),
  });
  t.equal(tooLong.statusCode, 400);
  t.match(tooLong.body, /longer than 2000 characters/);
  t.match(tooLong.body, /a{2001}<\/textarea>/, 'the refused text comes back in the form');
  t.equal((await surveyOf(desk, ticket.id))!.comment, 'Fast & friendly <b>thanks</b>\nagain', 'the saved one stays');

  const wrongField = await desk.app.inject({
    method: 'POST',
    url: `/survey/${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'comment=x&score=1',
  });
  t.equal(wrongField.statusCode, 400, 'unknown form fields are refused');

  const sat = await admin.get(`/api/v1/tickets/${ticket.id}/satisfaction`);
  t.equal(sat.statusCode, 200);
  t.same(sat.json(), {
    score: 5,
    comment: 'Fast & friendly <b>thanks</b>\nagain',
    answeredAt: clock.now().toISOString(),
    sentAt: '2026-12-01T10:01:00.000Z',
  });
  const orgSat = await admin.get(`/api/v1/organizations/${org.id}/satisfaction?from=2026-12-01&to=2026-12-31`);
  t.same(orgSat.json(), { average: 5, count: 1, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 } });
  const before = await admin.get(`/api/v1/organizations/${org.id}/satisfaction?to=2026-11-30`);
  t.same(before.json(), { average: null, count: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
  const badPeriod = await admin.get(`/api/v1/organizations/${org.id}/satisfaction?from=2026-12-31&to=2026-12-01`);
  t.equal(badPeriod.statusCode, 400);
  t.match(badPeriod.json().detail, /from must be before to/);
});

t.test('unknown tokens answer 404, expired links 410, both as pages', async (t) => {
  const { clock, desk, admin, token } = await sentSurvey(t);
  const unknown = await desk.app.inject({
    method: 'GET',
    url: `/survey/${'x'.repeat(43)}/5`,
    headers: { 'accept-language': 'ru-RU,ru;q=0.9' },
  });
  t.equal(unknown.statusCode, 404);
  t.match(unknown.body, /Ссылка не найдена/);
  t.equal((await desk.app.inject({ method: 'GET', url: `/survey/short/5` })).statusCode, 404);
  const badScore = await desk.app.inject({ method: 'GET', url: `/survey/${token}/7` });
  t.equal(badScore.statusCode, 404, 'a score outside 1–5 records nothing');
  const noTicket = await admin.get('/api/v1/tickets/999999/satisfaction');
  t.equal(noTicket.statusCode, 404);

  clock.advance(31 * 86_400_000);
  const expired = await desk.app.inject({ method: 'GET', url: `/survey/${token}/4` });
  t.equal(expired.statusCode, 410);
  t.match(expired.body, /This link has expired/);
  const expiredComment = await desk.app.inject({
    method: 'POST',
    url: `/survey/${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'comment=late',
  });
  t.equal(expiredComment.statusCode, 410);
  const row = await desk.inst.database.db.selectFrom('surveys').selectAll().executeTakeFirstOrThrow();
  t.equal(row.score, null, 'neither wrote anything');
  t.equal(row.comment, null);
});

t.test('no survey: no e-mail, surveys off, outside the sample, closed by the contact', async (t) => {
  const { desk, admin, org, en, ru } = await setup(t);
  const calendar = await makeCalendar(admin);
  const noMail = await makeContact(admin, org.id, { email: null, phone: '+7 900 000-00-00' });
  const t1 = await makeTicket(admin, org.id, { contactId: noMail.id });
  await resolve(admin, t1.id);
  t.equal(await surveyOf(desk, t1.id), undefined, 'a contact without e-mail');
  const t0 = await makeTicket(admin, org.id);
  await resolve(admin, t0.id);
  t.equal(await surveyOf(desk, t0.id), undefined, 'a ticket without a contact');

  const agreement = await makeAgreement(admin, { organizationId: org.id, calendarId: calendar.id });
  const inherited = await admin.get(`/api/v1/agreements/${agreement.id}/survey-settings`);
  t.same(inherited.json(), { enabled: true, samplePercent: 100, delayMinutes: 60, inherited: true });
  const off = await admin.request('PUT', `/api/v1/agreements/${agreement.id}/survey-settings`, {
    enabled: false,
    samplePercent: 100,
    delayMinutes: 30,
  });
  t.same(off.json(), { enabled: false, samplePercent: 100, delayMinutes: 30, inherited: false });
  const t2 = await makeTicket(admin, org.id, { contactId: en.id });
  await desk.inst.database.db
    .updateTable('tickets')
    .set({ agreement_id: agreement.id })
    .where('id', '=', t2.id)
    .execute();
  await resolve(admin, t2.id);
  t.equal(await surveyOf(desk, t2.id), undefined, "the agreement's surveys are off");

  await admin.request('PUT', `/api/v1/agreements/${agreement.id}/survey-settings`, {
    enabled: true,
    samplePercent: 0,
    delayMinutes: 30,
  });
  const t3 = await makeTicket(admin, org.id, { contactId: en.id });
  await desk.inst.database.db
    .updateTable('tickets')
    .set({ agreement_id: agreement.id })
    .where('id', '=', t3.id)
    .execute();
  await resolve(admin, t3.id);
  t.equal(await surveyOf(desk, t3.id), undefined, 'outside the sample (0 %)');

  await admin.request('PUT', `/api/v1/agreements/${agreement.id}/survey-settings`, {
    enabled: true,
    samplePercent: 100,
    delayMinutes: 30,
  });
  const t4 = await makeTicket(admin, org.id, { contactId: en.id });
  await desk.inst.database.db
    .updateTable('tickets')
    .set({ agreement_id: agreement.id })
    .where('id', '=', t4.id)
    .execute();
  await resolve(admin, t4.id);
  t.equal((await surveyOf(desk, t4.id))!.send_after, '2026-12-01T09:30:00.000Z', "the agreement's own delay");

  // The contact closes their own ticket (the portal's close: a status change by a contact actor).
  const t5 = await makeTicket(admin, org.id, { contactId: ru.id });
  const contactCtx = desk.inst.ctx({
    kind: 'contact',
    id: ru.id,
    organizationId: org.id,
    name: 'Иван',
    language: 'ru',
  });
  await inTransaction(contactCtx, async (tx) => {
    await tx.db.updateTable('tickets').set({ status: 'closed' }).where('id', '=', t5.id).execute();
    await publish(tx, 'ticket.updated', {
      ticketId: t5.id,
      organizationId: org.id,
      type: 'incident',
      changes: [{ field: 'status', from: 'new', to: 'closed' }],
      status: { from: 'new', to: 'closed' },
    });
  });
  t.equal(await surveyOf(desk, t5.id), undefined, 'closed by the contact themselves');
  // The portal closes for a contact as the system actor `portal:contact:<id>` through the ticket service.
  const t7 = await makeTicket(admin, org.id, { contactId: ru.id });
  await updateTicket(desk.inst.ctx({ kind: 'system', name: `portal:contact:${ru.id}` }), t7.id, { status: 'closed' });
  t.equal(await surveyOf(desk, t7.id), undefined, 'closed by the contact from the portal');
  const t8 = await makeTicket(admin, org.id, { contactId: ru.id });
  await updateTicket(desk.inst.ctx({ kind: 'system', name: 'auto-close' }), t8.id, { status: 'closed' });
  t.ok(await surveyOf(desk, t8.id), 'a close by the desk itself (a system job) is surveyed');

  const desk0 = await admin.request('PUT', '/api/v1/survey-settings', {
    enabled: false,
    samplePercent: 50,
    delayMinutes: 10,
  });
  t.same(desk0.json(), { enabled: false, samplePercent: 50, delayMinutes: 10 });
  const t6 = await makeTicket(admin, org.id, { contactId: en.id });
  await resolve(admin, t6.id);
  t.equal(await surveyOf(desk, t6.id), undefined, 'desk-wide off: tickets without an agreement get none');
  const reset = await admin.del(`/api/v1/agreements/${agreement.id}/survey-settings`);
  t.same(reset.json(), { enabled: false, samplePercent: 50, delayMinutes: 10, inherited: true });

  const bad = await admin.request('PUT', `/api/v1/agreements/${agreement.id}/survey-settings`, {
    enabled: true,
    samplePercent: 150,
    delayMinutes: 30,
  });
  t.equal(bad.statusCode, 400);
  t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  const extra = await admin.request('PUT', '/api/v1/survey-settings', {
    enabled: true,
    samplePercent: 10,
    delayMinutes: 30,
    color: 'red',
  });
  t.equal(extra.statusCode, 400, 'unknown fields are refused');
  const engineer = await desk.agent('engineer');
  const refused = await engineer.request('PUT', '/api/v1/survey-settings', {
    enabled: true,
    samplePercent: 10,
    delayMinutes: 30,
  });
  t.equal(refused.statusCode, 403);
  t.equal((await engineer.get(`/api/v1/agreements/${agreement.id}/survey-settings`)).statusCode, 200);
  t.equal((await admin.get('/api/v1/agreements/999999/survey-settings')).statusCode, 404);
});

t.test(
  'closed straight from open by an agent: surveyed; resolved → closed and reopen make no second one',
  async (t) => {
    const { clock, desk, admin, org, en } = await setup(t);
    const a = await makeTicket(admin, org.id, { contactId: en.id });
    await resolve(admin, a.id, 'closed');
    t.ok(await surveyOf(desk, a.id), 'an agent closing an open ticket ends its work: it gets a survey');

    const b = await makeTicket(admin, org.id, { contactId: en.id });
    await resolve(admin, b.id);
    const first = (await surveyOf(desk, b.id))!;
    await resolve(admin, b.id, 'open');
    clock.advance(2 * 60 * MINUTE);
    await surveysJob(desk.inst.ctx(), { baseUrl: BASE });
    t.equal((await surveyOf(desk, b.id))!.sent_at, null, 'a reopened ticket is not surveyed while open');
    await resolve(admin, b.id);
    const again = (await surveyOf(desk, b.id))!;
    t.equal(again.id, first.id, 'still one survey');
    t.equal(again.send_after, new Date(clock.now().getTime() + 60 * MINUTE).toISOString(), 'due after the new resolve');
    await resolve(admin, b.id, 'closed');
    t.equal((await surveyOf(desk, b.id))!.send_after, again.send_after, 'resolved → closed changes nothing');
  },
);

t.test('the agents report shows each engineer the average score and the answers of the period', async (t) => {
  const { clock, desk, admin, org, en, ru } = await setup(t);
  const engineer = await desk.agent('engineer');
  const a = await makeTicket(admin, org.id, { contactId: en.id, assigneeId: engineer.agentId });
  const b = await makeTicket(admin, org.id, { contactId: ru.id, assigneeId: engineer.agentId });
  await resolve(admin, a.id);
  await resolve(admin, b.id);
  clock.advance(61 * MINUTE);
  await surveysJob(desk.inst.ctx(), { baseUrl: BASE });
  for (const [contact, score] of [
    [en, 5],
    [ru, 2],
  ] as const) {
    const [mail] = await mailsTo(desk, (await contactEmail(desk, contact.id))!);
    const token = linksIn(mail!.body)[0]![1]!;
    t.equal((await desk.app.inject({ method: 'GET', url: `/survey/${token}/${score}` })).statusCode, 200);
  }
  const report = await admin.get('/api/v1/reports/agents?from=2026-12-01&to=2026-12-31&language=en');
  t.equal(report.statusCode, 200, report.body);
  const row = report.json().rows.find((r: { agentId: number }) => r.agentId === engineer.agentId);
  t.match(row, { satisfactionAverage: 3.5, satisfactionAnswers: 2 });
  t.match(report.json().total, { satisfactionAverage: 3.5, satisfactionAnswers: 2 });
  const november = await admin.get('/api/v1/reports/agents?from=2026-11-01&to=2026-11-30');
  t.match(november.json().total, { satisfactionAverage: null, satisfactionAnswers: 0 }, 'answers count by their day');
  const doc = await admin.get('/api/v1/reports/agents/document?from=2026-12-01&to=2026-12-31&language=ru');
  t.equal(doc.statusCode, 200, doc.body);
  const section = doc.json().sections.find((s: { heading: string }) => s.heading === 'Удовлетворённость клиентов');
  t.same(
    section.table.columns.map((c: { label: string }) => c.label),
    ['Сотрудник', 'Средняя оценка', 'Ответов'],
  );
  t.match(section.table.totals, { satisfactionAverage: 3.5, satisfactionAnswers: 2 });

  const clients = await admin.get(`/api/v1/reports/clients?from=2026-12-01&to=2026-12-31&organizationId=${org.id}`);
  t.equal(clients.statusCode, 200, clients.body);
  t.match(clients.json().rows, [{ organizationId: org.id, satisfactionAverage: 3.5, satisfactionAnswers: 2 }]);
  const clientsDoc = await admin.get('/api/v1/reports/clients/document?from=2026-12-01&to=2026-12-31&language=en');
  const summary = clientsDoc.json().sections[0];
  t.same(
    summary.table.columns.slice(-2).map((c: { label: string }) => c.label),
    ['Satisfaction', 'Survey answers'],
  );
  t.match(summary.table.totals, { satisfactionAverage: 3.5, satisfactionAnswers: 2 });
});

t.test("without a base URL the job links to the desk's public URL from its settings", async (t) => {
  const { clock, desk, admin, org, en } = await setup(t);
  writeFileSync(
    join(desk.inst.config.dataDir, 'ondesk.json'),
    JSON.stringify({ publicUrl: 'https://support.example.org/' }),
  );
  const ticket = await makeTicket(admin, org.id, { contactId: en.id });
  await resolve(admin, ticket.id);
  clock.advance(61 * MINUTE);
  t.same(await surveysJob(desk.inst.ctx()), { sent: 1 });
  const [mail] = await mailsTo(desk, (await contactEmail(desk, en.id))!);
  t.match(mail!.body, /\n5 — excellent: https:\/\/support\.example\.org\/survey\/[A-Za-z0-9_-]{43}\/5\n/);
});

t.test("the client pack of an agreement ends with its tickets' satisfaction", async (t) => {
  const { clock, desk, admin, org, en, ru } = await setup(t);
  const calendar = await makeCalendar(admin);
  const agreement = await makeAgreement(admin, { organizationId: org.id, calendarId: calendar.id });
  for (const contact of [en, ru]) {
    const ticket = await makeTicket(admin, org.id, { contactId: contact.id });
    await desk.inst.database.db
      .updateTable('tickets')
      .set({ agreement_id: agreement.id })
      .where('id', '=', ticket.id)
      .execute();
    await resolve(admin, ticket.id);
  }
  clock.advance(61 * MINUTE);
  await surveysJob(desk.inst.ctx(), { baseUrl: BASE });
  for (const [contact, score] of [
    [en, 4],
    [ru, 5],
  ] as const) {
    const [mail] = await mailsTo(desk, (await contactEmail(desk, contact.id))!);
    await desk.app.inject({ method: 'GET', url: `/survey/${linksIn(mail!.body)[0]![1]}/${score}` });
  }
  const pack = await admin.get(
    `/api/v1/reports/client-pack?from=2026-12-01&to=2026-12-31&agreementId=${agreement.id}&language=en`,
  );
  t.equal(pack.statusCode, 200, pack.body);
  const section = pack.json().sections.at(-1);
  t.equal(section.heading, 'Client satisfaction');
  t.match(section.definitions.join(' '), /Average score: 4\.5 of 5 from 2 answers\./);
  t.same(
    section.table.rows.map((r: { score: string; answers: number }) => [r.score, r.answers]),
    [
      ['5 — excellent', 1],
      ['4 — good', 1],
      ['3 — fair', 0],
      ['2 — poor', 0],
      ['1 — very poor', 0],
    ],
  );
  const pdf = await admin.get(
    `/api/v1/reports/client-pack.pdf?from=2026-12-01&to=2026-12-31&agreementId=${agreement.id}&language=en`,
  );
  t.equal(pdf.statusCode, 200);
  const file = join(desk.inst.config.dataDir, 'pack.pdf');
  writeFileSync(file, pdf.rawPayload);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  t.match(text, /Client satisfaction/);
  t.match(text, /Average score: 4\.5 of 5 from 2 answers\./);
  t.match(text, /5 — excellent\s+1/);
  const november = await admin.get(
    `/api/v1/reports/client-pack?from=2026-11-01&to=2026-11-30&agreementId=${agreement.id}&language=ru`,
  );
  t.same(november.json().sections.at(-1).definitions, ['В периоде на опросы не отвечали.']);
});
