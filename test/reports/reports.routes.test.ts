import t from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { testDesk } from '../helpers/app.js';
import { makeOrganization } from '../helpers/factories.js';

const msk = (local: string) => new Date(`${local}:00+03:00`);

async function desk(t: Parameters<typeof testDesk>[0]) {
  const clock = fixedClock(msk('2026-10-01T10:00'));
  const d = await testDesk(t, { clock });
  const admin = await d.agent('admin');
  const romashka = await makeOrganization(admin, { name: 'ООО Ромашка' });
  const volga = await makeOrganization(admin, { name: 'Hotel Volga' });
  const file = async (at: string, organizationId: number, priority: string, type = 'incident') => {
    clock.set(msk(at));
    const res = await admin.post('/api/v1/tickets', {
      subject: `=HYPERLINK("x") ${at}`,
      description: 'd',
      organizationId,
      type,
      priority,
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as number;
  };
  const move = async (at: string, id: number, status: string) => {
    clock.set(msk(at));
    const res = await admin.patch(`/api/v1/tickets/${id}`, { status });
    if (res.statusCode !== 200) throw new Error(res.body);
  };
  // Old backlog (created 1 Oct, still open), one resolved before November (out of it), and November's work.
  await file('2026-10-01T10:00', romashka.id, 'P3');
  const gone = await file('2026-10-02T10:00', romashka.id, 'P3');
  await move('2026-10-03T10:00', gone, 'resolved');
  const a = await file('2026-11-02T10:00', romashka.id, 'P1');
  const b = await file('2026-11-10T10:00', volga.id, 'P2', 'request');
  await file('2026-11-29T10:00', volga.id, 'P2', 'request');
  // Created in October, resolved on the first Moscow minutes of November (still 31 Oct in UTC).
  const edge = await file('2026-10-30T12:00', volga.id, 'P4');
  await move('2026-11-01T00:30', edge, 'resolved');
  await move('2026-11-05T10:00', a, 'resolved');
  await move('2026-11-12T10:00', b, 'closed');
  // Resolved after the period: still in November's backlog.
  const late = await file('2026-11-20T10:00', romashka.id, 'P1');
  await move('2026-12-02T10:00', late, 'resolved');
  return { clock, d, admin, romashka, volga };
}

t.test('tickets report: created, resolved and backlog per grouping, in Moscow dates', async (t) => {
  const s = await desk(t);
  const get = async (q: string) => {
    const res = await s.admin.get(`/api/v1/reports/tickets?from=2026-11-01&to=2026-11-30&${q}`);
    t.equal(res.statusCode, 200, q);
    return res.json();
  };
  const byStatus = await get('groupBy=status');
  // Created in Nov: a, b, the 29 Nov one, late = 4. Resolved in Nov: edge, a, b = 3. Backlog at the end:
  // the 1 Oct one, the 29 Nov one, late = 3.
  t.match(byStatus.totals, { created: 4, resolved: 3, backlog: 3 });
  t.same(
    byStatus.rows.map((r: { key: string; created: number; resolved: number; backlog: number }) => [
      r.key,
      r.created,
      r.resolved,
      r.backlog,
    ]),
    [
      ['new', 1, 0, 2],
      ['resolved', 2, 2, 1],
      ['closed', 1, 1, 0],
    ],
    'statuses in their fixed order, as they are now',
  );
  t.same(
    byStatus.backlogAge.map((b: { bucket: string; tickets: number }) => [b.bucket, b.tickets]),
    [
      ['backlogUnder1Day', 0],
      ['backlog1To3Days', 1],
      ['backlog3To7Days', 0],
      ['backlog7To30Days', 1],
      ['backlogOver30Days', 1],
    ],
    'aged at the end of 30 Nov: 29 Nov → 1–3 days, 20 Nov → 7–30, 1 Oct → 30 and more',
  );
  const byClient = await get('groupBy=organization&language=ru');
  t.same(
    byClient.rows.map((r: { label: string; created: number; resolved: number; backlog: number }) => [
      r.label,
      r.created,
      r.resolved,
      r.backlog,
    ]),
    [
      ['ООО Ромашка', 2, 1, 2],
      ['Hotel Volga', 2, 2, 1],
    ],
    'clients by name in Russian order',
  );
  t.match(byClient.definitions[0], /московскому времени/);
  const one = await get(`groupBy=priority&organizationId=${s.volga.id}`);
  t.match(one.totals, { created: 2, resolved: 2, backlog: 1 });
  t.same(
    one.rows.map((r: { key: string }) => r.key),
    ['P2', 'P4'],
  );
});

t.test('reports refuse what they cannot read', async (t) => {
  const s = await desk(t);
  const bad = async (url: string, status: number, message: RegExp) => {
    const res = await s.admin.get(url);
    t.equal(res.statusCode, status, url);
    t.match(res.json().detail ?? res.json().message, message, url);
  };
  await bad('/api/v1/reports/tickets?from=2026-11-30&to=2026-11-01', 400, /before it starts/);
  await bad('/api/v1/reports/sla?from=2026-11-01&to=2026-11-30&groupBy=team', 400, /groupBy/);
  await bad('/api/v1/reports/sla?from=2026-11-01&to=2026-11-30&colour=red', 400, /colour|additional/i);
  await bad('/api/v1/reports/sla?from=2026-11-01', 400, /to/);
  await bad('/api/v1/reports/sla.xlsx?from=2026-02-01&to=2026-02-30', 400, /2026-02-30 is not a calendar date/);
  await bad('/api/v1/reports/sla?from=2026-11-01&to=2026-11-30&organizationId=999', 404, /Client 999/);
  const accountant = await s.d.agent('accountant');
  t.equal((await accountant.get('/api/v1/reports/sla?from=2026-11-01&to=2026-11-30')).statusCode, 200);
  const engineer = await s.d.agent('engineer');
  t.equal((await engineer.get('/api/v1/reports/tickets?from=2026-11-01&to=2026-11-30')).statusCode, 200);
  const docs = (await s.d.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  for (const path of ['sla', 'tickets', 'sla.csv', 'sla.xlsx', 'tickets.csv', 'tickets.xlsx'])
    t.ok(docs.paths[`/api/v1/reports/${path}`], `${path} is in the API documentation`);
  const anonymous = await s.d.app.inject({
    method: 'GET',
    url: '/api/v1/reports/tickets?from=2026-11-01&to=2026-11-30',
  });
  t.equal(anonymous.statusCode, 401);
});

t.test('CSV and XLSX downloads carry the same figures; formulas stay text', async (t) => {
  const s = await desk(t);
  const csv = await s.admin.get('/api/v1/reports/tickets.csv?from=2026-11-01&to=2026-11-30&groupBy=priority');
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /text\/csv/);
  t.match(csv.headers['content-disposition'], /attachment; filename="tickets-priority-2026-11-01-2026-11-30.csv"/);
  const lines = csv.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  t.equal(
    lines[0],
    'Priority,Created,Resolved,Backlog,Backlog: under 1 day,Backlog: 1–3 days,Backlog: 3–7 days,Backlog: 7–30 days,Backlog: 30 days and more',
  );
  t.equal(lines.at(-1), 'Total,4,3,3,0,1,0,1,1');

  const slaCsv = await s.admin.get('/api/v1/reports/sla.csv?from=2026-11-01&to=2026-11-30&language=ru');
  t.equal(slaCsv.statusCode, 200);
  t.match(slaCsv.body, /Приоритет,Заявок,Реакция в срок/);
  t.match(slaCsv.body, /Итого,0,0,0,,0,0,,,,,,0/);

  const xlsx = await s.admin.get('/api/v1/reports/tickets.xlsx?from=2026-11-01&to=2026-11-30&groupBy=status');
  t.equal(xlsx.statusCode, 200);
  t.match(xlsx.headers['content-type'], /spreadsheetml/);
  t.same(
    [...new Set(zipEntryDays(xlsx.rawPayload))],
    [s.clock.now().toISOString().slice(0, 10)],
    'every zip entry is dated by the report (the desk clock), not the wall clock: the same report, the same bytes',
  );
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  t.same(
    book.worksheets.map((w) => w.name),
    ['Tickets – status', 'Tickets'],
  );
  const summary = book.worksheets[0]!;
  t.same(summary.getRow(1).values, [
    undefined,
    'Status',
    'Created',
    'Resolved',
    'Backlog',
    'Backlog: under 1 day',
    'Backlog: 1–3 days',
    'Backlog: 3–7 days',
    'Backlog: 7–30 days',
    'Backlog: 30 days and more',
  ]);
  t.same(summary.getRow(5).values, [undefined, 'Total', 4, 3, 3, 0, 1, 0, 1, 1]);
  const details = book.worksheets[1]!;
  t.equal(details.rowCount, 1 + 6, 'one line per ticket the report looked at: the 4 created, edge, the old backlog');
  const subjects = details.getColumn(2).values.filter((v) => typeof v === 'string') as string[];
  t.ok(
    subjects.slice(1).every((v) => v.startsWith("'=")),
    'a subject that reads as a formula is written as text',
  );
});

/** The day (YYYY-MM-DD) of each local file header of a zip: its DOS date field, bytes 12–13 after the signature. */
function zipEntryDays(zip: Buffer): string[] {
  const signature = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
  const days: string[] = [];
  for (let at = zip.indexOf(signature); at !== -1; at = zip.indexOf(signature, at + 4)) {
    const dos = zip.readUInt16LE(at + 12);
    days.push(`${1980 + (dos >> 9)}-${String((dos >> 5) & 15).padStart(2, '0')}-${String(dos & 31).padStart(2, '0')}`);
  }
  return days;
}
