import t from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { testDesk } from '../helpers/app.js';
import { makeOrganization } from '../helpers/factories.js';
import { agreementFixture, moscow8x5 } from '../sla/helpers.js';

/**
 * `/reports/<name>/document`: every report of the catalogue as the document the screen draws — the same
 * sections the PDF has, validated by the report's own query.
 */

const msk = (local: string) => new Date(`${local}:00+03:00`);
const november = 'from=2026-11-01&to=2026-11-30';

async function desk(t: Parameters<typeof testDesk>[0]) {
  const clock = fixedClock(msk('2026-11-09T09:00'));
  const d = await testDesk(t, { clock });
  const admin = await d.agent('admin');
  const org = await makeOrganization(admin, { name: 'ООО Ромашка' });
  const agreementId = await agreementFixture(d.inst, {
    organizationId: org.id,
    calendarId: await moscow8x5(d.inst),
    number: '2026-014/ПАК',
    targets: [{ priority: 'P2', reaction: 60, resolution: 540 }],
  });
  clock.set(msk('2026-11-09T10:00'));
  const res = await admin.post('/api/v1/tickets', {
    subject: 'Не печатается счёт',
    description: 'd',
    organizationId: org.id,
    type: 'incident',
    priority: 'P2',
  });
  t.equal(res.statusCode, 201, res.statusCode === 201 ? 'the ticket is filed' : res.body);
  clock.set(msk('2026-12-02T09:00'));
  return { d, admin, org, agreementId };
}

t.test('every report answers as a document with its own query', async (t) => {
  const s = await desk(t);
  const queries: Record<string, string> = {
    sla: `${november}&groupBy=priority`,
    tickets: `${november}&groupBy=status&organizationId=${s.org.id}`,
    agents: november,
    clients: `${november}&organizationId=${s.org.id}`,
    'client-pack': `${november}&agreementId=${s.agreementId}`,
  };
  for (const [name, query] of Object.entries(queries)) {
    const res = await s.admin.get(`/api/v1/reports/${name}/document?${query}&language=en`);
    t.equal(res.statusCode, 200, res.statusCode === 200 ? name : `${name}: ${res.body}`);
    const doc = res.json();
    t.equal(doc.language, 'en', name);
    t.ok(doc.title && doc.periodLabel, `${name} has a title and a period`);
    t.ok(doc.sections.length > 0, `${name} has sections`);
  }
  const clients = (await s.admin.get(`/api/v1/reports/clients/document?${queries.clients}&language=ru`)).json();
  const table = clients.sections.find((x: { table?: unknown }) => x.table).table;
  t.match(table.rows, [{}], 'the client is a row');
  t.match(JSON.stringify(table.rows), /ООО Ромашка/);

  const pack = (await s.admin.get(`/api/v1/reports/client-pack/document?${queries['client-pack']}&language=ru`)).json();
  t.equal(pack.subtitle, 'ООО Ромашка, договор 2026-014/ПАК', 'the same pack as /reports/client-pack');
});

t.test('the query is the report’s own: what it does not take is refused', async (t) => {
  const s = await desk(t);
  const bad = async (url: string, status: number, message: RegExp) => {
    const res = await s.admin.get(url);
    t.equal(res.statusCode, status, url);
    t.match(res.json().detail ?? res.json().message, message, url);
  };
  await bad(`/api/v1/reports/client-pack/document?${november}`, 400, /agreementId/);
  await bad(`/api/v1/reports/client-pack/document?${november}&agreementId=999`, 404, /Agreement 999/);
  await bad(
    `/api/v1/reports/agents/document?${november}&organizationId=${s.org.id}`,
    400,
    /organizationId|additional/i,
  );
  await bad(`/api/v1/reports/sla/document?${november}&groupBy=team`, 400, /groupBy/);
  await bad('/api/v1/reports/tickets/document?from=2026-11-30&to=2026-11-01', 400, /before it starts/);
  const anonymous = await s.d.app.inject({ method: 'GET', url: `/api/v1/reports/agents/document?${november}` });
  t.equal(anonymous.statusCode, 401);
  const docs = (await s.d.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  for (const name of ['sla', 'tickets', 'agents', 'clients', 'client-pack'])
    t.ok(docs.paths[`/api/v1/reports/${name}/document`], `${name}/document is in the API documentation`);
});
