import t from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { testDesk } from '../helpers/app.js';
import { makeOrganization } from '../helpers/factories.js';
import { agreementFixture, moscow8x5 } from '../sla/helpers.js';

const msk = (local: string) => new Date(`${local}:00+03:00`);

async function desk(t: Parameters<typeof testDesk>[0]) {
  const clock = fixedClock(msk('2026-11-09T09:00'));
  const d = await testDesk(t, { clock });
  const admin = await d.agent('admin');
  const romashka = await makeOrganization(admin, { name: 'ООО Ромашка' });
  const agreementId = await agreementFixture(d.inst, {
    organizationId: romashka.id,
    calendarId: await moscow8x5(d.inst),
    number: '2026-014/ПАК',
    targets: [{ priority: 'P2', reaction: 60, resolution: 540 }],
  });
  const at = async (local: string, method: 'post' | 'patch', url: string, body: Record<string, unknown>) => {
    clock.set(msk(local));
    const res = await admin[method](url, body);
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const ticket = await at('2026-11-09T10:00', 'post', '/api/v1/tickets', {
    subject: 'Не печатается счёт',
    description: 'd',
    organizationId: romashka.id,
    type: 'incident',
    priority: 'P2',
  });
  await at('2026-11-09T11:30', 'post', `/api/v1/tickets/${ticket.id}/comments`, { body: 'Смотрим', public: true });
  await at('2026-11-09T12:00', 'patch', `/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
  clock.set(msk('2026-12-02T09:00'));
  return { d, admin, agreementId };
}

const november = 'from=2026-11-01&to=2026-11-30';

t.test('agents, clients and client pack answer as JSON, refuse what they cannot read', async (t) => {
  const s = await desk(t);
  const agents = await s.admin.get(`/api/v1/reports/agents?${november}&language=en`);
  t.equal(agents.statusCode, 200, agents.body);
  t.match(agents.json(), {
    rows: [{ ticketsHandled: 1, firstResponses: 1, resolutions: 1, reopened: 0, reopenRate: 0 }],
    total: { ticketsHandled: 1 },
  });
  t.match(agents.json().definitions.join(' '), /Satisfaction: the average score \(1–5\)/);

  const clients = await s.admin.get(`/api/v1/reports/clients?${november}`);
  t.equal(clients.statusCode, 200, clients.body);
  // The reply came 90 business minutes after creation against a 60-minute target: the reaction is breached.
  t.match(clients.json().rows, [{ organizationName: 'ООО Ромашка', created: 1, resolved: 1, reactionCompliance: 0 }]);

  const pack = await s.admin.get(`/api/v1/reports/client-pack?${november}&agreementId=${s.agreementId}&language=ru`);
  t.equal(pack.statusCode, 200, pack.body);
  const doc = pack.json();
  t.equal(doc.subtitle, 'ООО Ромашка, договор 2026-014/ПАК');
  t.same(
    doc.sections.map((x: { heading: string }) => x.heading),
    [
      'Заявки периода',
      'Соблюдение SLA по приоритетам',
      'Нарушения с пояснениями',
      'Часы и пакет',
      'Часы по сотрудникам',
      'Удовлетворённость клиента',
    ],
  );
  t.same(doc.sections[5].definitions, ['В периоде на опросы не отвечали.'], 'no answers: the pack says so');
  t.same(
    doc.sections[2].table.rows[0].explanation,
    'Реакция просрочена на 30 раб. мин: срок 09.11 11:00, ответ 09.11 11:30',
  );
  t.match(doc.sections[3].definitions[0], /нет пакета часов/, 'an agreement without a package says so');

  const bad = async (url: string, status: number, message: RegExp) => {
    const res = await s.admin.get(url);
    t.equal(res.statusCode, status, url);
    t.match(res.json().detail ?? res.json().message, message, url);
  };
  await bad(`/api/v1/reports/client-pack?${november}`, 400, /agreementId/);
  await bad(`/api/v1/reports/client-pack?${november}&agreementId=999`, 404, /Agreement 999/);
  await bad(`/api/v1/reports/clients?${november}&organizationId=999`, 404, /Client 999/);
  await bad(`/api/v1/reports/agents?${november}&groupBy=team`, 400, /groupBy|additional/i);
  await bad('/api/v1/reports/agents?from=2026-11-30&to=2026-11-01', 400, /before it starts/);
  const anonymous = await s.d.app.inject({ method: 'GET', url: `/api/v1/reports/agents?${november}` });
  t.equal(anonymous.statusCode, 401);
  const docs = (await s.d.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  for (const path of ['agents', 'clients', 'client-pack', 'agents.csv', 'clients.xlsx', 'client-pack.pdf'])
    t.ok(docs.paths[`/api/v1/reports/${path}`], `${path} is in the API documentation`);
});

t.test('an empty period says what to do next', async (t) => {
  const s = await desk(t);
  const agents = await s.admin.get('/api/v1/reports/agents?from=2026-01-01&to=2026-01-31&language=en');
  t.same(agents.json().rows, []);
  const pdf = await s.admin.get('/api/v1/reports/clients.csv?from=2026-01-01&to=2026-01-31&language=en');
  t.equal(pdf.statusCode, 200);
  t.match(pdf.body, /Total,0,0,,,0,,,0/);
});

t.test('the client pack downloads as PDF and as a workbook with a sheet per section', async (t) => {
  const s = await desk(t);
  const query = `${november}&agreementId=${s.agreementId}&language=ru`;
  const pdf = await s.admin.get(`/api/v1/reports/client-pack.pdf?${query}`);
  t.equal(pdf.statusCode, 200);
  t.match(pdf.headers['content-type'], /application\/pdf/);
  t.match(pdf.headers['content-disposition'], /filename="client-pack-2026-014_-2026-11-01-2026-11-30.pdf"/);
  t.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  const xlsx = await s.admin.get(`/api/v1/reports/client-pack.xlsx?${query}`);
  t.equal(xlsx.statusCode, 200);
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  t.same(
    book.worksheets.map((w) => w.name),
    [
      'Соблюдение SLA по приоритетам',
      'Заявки периода',
      'Нарушения с пояснениями',
      'Часы и пакет',
      'Часы по сотрудникам',
    ],
  );
  t.match(book.worksheets[2]!.getRow(2).values, [undefined, 1, 'Не печатается счёт', 'P2', 'реакция', /просрочена/]);
  const csv = await s.admin.get(`/api/v1/reports/agents.csv?${november}&language=en`);
  t.match(
    csv.body.split('\r\n')[0],
    /^\uFEFFEngineer,Tickets handled,First responses,Resolutions,Reopened,Reopen rate,Billable,Non-billable,Average score,Answers$/,
  );
});
