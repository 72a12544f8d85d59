import t from 'tap';
import ExcelJS from 'exceljs';
import { testDesk } from '../helpers/app.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';

t.test('the on-call pay report: hours, night hours and pages per engineer, as JSON, CSV and XLSX', async (t) => {
  const clock = fixedClock('2026-02-10T09:00:00Z');
  const desk = await testDesk(t, { clock });
  const admin = await desk.agent('admin');
  const accountant = await desk.agent('accountant');
  const first = await desk.agent('engineer');
  const second = await desk.agent('engineer');
  const team = (
    await admin.post('/api/v1/teams', { name: 'Night desk', memberIds: [first.agentId, second.agentId] })
  ).json() as { id: number };

  const empty = await accountant.get('/api/v1/reports/duty-pay?month=2026-01');
  t.equal(empty.statusCode, 200, empty.body);
  t.same(empty.json().items, [], 'no schedules, nobody to pay');

  const schedule = await admin.post('/api/v1/duty-schedules', {
    teamId: team.id,
    timezone: 'Europe/Moscow',
    name: 'Nights and weekends',
    layers: [
      { members: [first.agentId, second.agentId], shiftMinutes: 1440, handoff: '09:00', startsOn: '2026-01-01' },
    ],
  });
  t.equal(schedule.statusCode, 201, schedule.body);

  // Three pages of the first engineer (each its own round: SMS and e-mail of one step are one page): two in
  // January, one of them acknowledged, and one in February.
  const org = await makeOrganization(admin);
  const ticket = await makeTicket(admin, org.id);
  await desk.inst.database.db
    .insertInto('duty_pages')
    .values([
      {
        ticket_id: ticket.id,
        step: 0,
        round: 0,
        target: 'line:1',
        agent_id: first.agentId,
        channel: 'sms',
        at: '2026-01-10T23:00:00.000Z',
        acknowledged_at: '2026-01-10T23:05:00.000Z',
      },
      {
        ticket_id: ticket.id,
        step: 0,
        round: 1,
        target: 'line:1',
        agent_id: first.agentId,
        channel: 'sms',
        at: '2026-01-20T01:00:00.000Z',
        acknowledged_at: null,
      },
      {
        ticket_id: ticket.id,
        step: 0,
        round: 2,
        target: 'line:1',
        agent_id: first.agentId,
        channel: 'sms',
        at: '2026-02-02T01:00:00.000Z',
        acknowledged_at: null,
      },
    ])
    .execute();

  const res = await accountant.get('/api/v1/reports/duty-pay?month=2026-01');
  t.equal(res.statusCode, 200, res.body);
  const report = res.json() as {
    items: {
      agentId: number;
      shifts: number;
      onCallMinutes: number;
      nightMinutes: number;
      onCallHours: number;
      nightHours: number;
      pages: number;
      acknowledged: number;
    }[];
    totals: { onCallMinutes: number; nightMinutes: number; pages: number; acknowledged: number };
  };
  // From 1 January 09:00 to 1 February 00:00 Moscow time somebody was on call: 30 days and 15 hours. Nights
  // 22:00–06:00: thirty whole ones (1→2 … 30→31 January) and two hours of the night into February.
  t.equal(report.totals.onCallMinutes, 30 * 1440 + 15 * 60, 'every minute of January on call');
  t.equal(report.totals.nightMinutes, 30 * 480 + 120, 'night minutes, the last night cut at the month');
  const byAgent = new Map(report.items.map((i) => [i.agentId, i]));
  const a = byAgent.get(first.agentId)!;
  const b = byAgent.get(second.agentId)!;
  t.same(
    [a.shifts, a.onCallMinutes, a.nightMinutes, a.onCallHours, a.nightHours],
    [16, 15 * 1440 + 900, 15 * 480 + 120, 375, 122],
    'the first engineer: 1st, 3rd … 31st (cut at midnight)',
  );
  t.same([b.shifts, b.onCallMinutes, b.nightMinutes, b.onCallHours, b.nightHours], [15, 15 * 1440, 15 * 480, 360, 120]);
  t.same([a.pages, a.acknowledged, b.pages, b.acknowledged], [2, 1, 0, 0], 'pages of the month only');
  t.same([report.totals.pages, report.totals.acknowledged], [2, 1]);

  const february = (await accountant.get('/api/v1/reports/duty-pay?month=2026-02')).json();
  const aFeb = february.items.find((i: { agentId: number }) => i.agentId === first.agentId);
  t.ok(aFeb.onCallMinutes >= 540, 'the shift over the month boundary pays its February hours in February');
  t.equal(aFeb.pages, 1);

  const csv = await accountant.get('/api/v1/reports/duty-pay.csv?month=2026-01');
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /text\/csv/);
  t.match(csv.headers['content-disposition'], /duty-pay-2026-01\.csv/);
  const rows = csv.body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  t.equal(rows[0], 'Engineer,Shifts,On-call hours,Of them night hours (22–06),Pages,Acknowledged', 'a header row');
  t.equal(rows.length, 1 + report.items.length);
  const firstName = (await admin.get(`/api/v1/agents/${first.agentId}`)).json().name as string;
  t.ok(rows.includes(`${firstName},16,375,122,2,1`), 'the first engineer in figures');

  const xlsx = await accountant.get('/api/v1/reports/duty-pay.xlsx?month=2026-01');
  t.equal(xlsx.statusCode, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  t.equal(sheet.name, 'On call 2026-01');
  t.same((sheet.getRow(1).values as unknown[]).slice(1), [
    'Engineer',
    'Shifts',
    'On-call hours',
    'Of them night hours (22–06)',
    'Pages',
    'Acknowledged',
  ]);
  t.equal(sheet.rowCount, 2 + report.items.length, 'header, a row per engineer, totals');
  t.same((sheet.getRow(sheet.rowCount).values as unknown[]).slice(1), ['Total', '', 735, 242, 2, 1]);

  const bad = await accountant.get('/api/v1/reports/duty-pay?month=2026-13');
  t.equal(bad.statusCode, 400);
  t.match(bad.json().detail, /YYYY-MM/);
  t.equal((await first.get('/api/v1/reports/duty-pay?month=2026-01')).statusCode, 403, 'engineers do not read pay');
});

t.test("night hours and month ends are those of the schedule's zone, not the engineer's or the desk's", async (t) => {
  const desk = await testDesk(t, { clock: fixedClock('2026-02-10T09:00:00Z') });
  const admin = await desk.agent('admin');
  const far = await desk.agent('engineer');
  const team = (await admin.post('/api/v1/teams', { name: 'Vladivostok', memberIds: [far.agentId] })).json() as {
    id: number;
  };
  const schedule = await admin.post('/api/v1/duty-schedules', {
    teamId: team.id,
    timezone: 'Asia/Vladivostok',
    layers: [{ members: [far.agentId], shiftMinutes: 1440, handoff: '09:00', startsOn: '2026-01-01' }],
  });
  t.equal(schedule.statusCode, 201, schedule.body);
  const [line] = (await admin.get('/api/v1/reports/duty-pay?month=2026-01')).json().items;
  // 1 January 09:00 to 1 February 00:00 in Vladivostok; thirty whole nights and two hours of the last one.
  t.same([line.onCallMinutes, line.nightMinutes], [30 * 1440 + 900, 30 * 480 + 120]);
});
