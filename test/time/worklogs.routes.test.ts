/**
 * The time API through app.inject on a real SQLite file with a fixed clock: the public contract of timers,
 * worklogs, the hour package and the time report (JSON, CSV, XLSX), validation as problem+json, permissions.
 */
import t, { type Test } from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeOrganization } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';
import { weekdays } from '../agreements/helpers.js';

const problemJson = /^application\/problem\+json/;
async function timeApi(t: Test) {
  const clock = fixedClock('2026-12-03T07:00:00Z');
  const desk = await testDesk(t, { clock });
  const manager = await desk.agent('manager');
  const engineer = await desk.agent('engineer');
  const org = await makeOrganization(manager, { name: 'ООО Ромашка' });
  const calendar = (
    await manager.post('/api/v1/calendars', {
      name: 'Москва 8x5',
      timezone: 'Europe/Moscow',
      week: weekdays([['09:00', '18:00']]),
    })
  ).json();
  const service = (await manager.post('/api/v1/services', { name: 'Сопровождение 1С' })).json();
  const agreement = (
    await manager.post('/api/v1/agreements', {
      organizationId: org.id,
      number: '2026-020',
      title: 'Пакет 10 часов',
      calendarId: calendar.id,
      start: '2026-01-01',
      end: '2026-12-31',
      tier: '8x5',
      kind: 'prepaid_hours',
      hoursPackage: 10,
      serviceIds: [service.id],
    })
  ).json();
  const ticket = (
    await engineer.post('/api/v1/tickets', {
      subject: 'Не проводится документ',
      description: 'Ошибка',
      organizationId: org.id,
      type: 'incident',
      priority: 'P3',
      serviceId: service.id,
    })
  ).json();
  return { clock, desk, manager, engineer, org, agreement, ticket, service };
}

t.test('timer → worklog → package balance, by the public contract', async (t) => {
  const { clock, manager, engineer, agreement, ticket } = await timeApi(t);
  const terms = await manager.request('PUT', `/api/v1/agreements/${agreement.id}/time-terms`, {
    packagePeriod: 'month',
    carryRule: 'none',
    carryLimitMinutes: 0,
    overage: 'bill',
    overageRateKopecks: 250_000,
    roundQuantumMinutes: 15,
    roundRule: 'up',
    minimumMinutes: 0,
    billableDefault: null,
    thresholds: [50, 80, 100],
  });
  t.equal(terms.statusCode, 200, terms.body);
  t.equal(terms.json().hoursPerPeriod, 10);

  t.same((await engineer.get('/api/v1/agents/me/timer')).json(), { timer: null });
  const started = await engineer.post(`/api/v1/tickets/${ticket.id}/timer/start`);
  t.equal(started.statusCode, 200, started.body);
  t.equal(started.json().timer.ticketNumber, ticket.number);
  clock.advance(20 * 60_000 + 10_000);
  const mine = (await engineer.get('/api/v1/agents/me/timer')).json();
  t.equal(mine.timer.ticketId, ticket.id);
  t.equal(mine.timer.elapsedSeconds, 1210);
  const stopped = await engineer.post(`/api/v1/tickets/${ticket.id}/timer/stop`, { comment: 'Проверил проводки' });
  t.equal(stopped.statusCode, 201, stopped.body);
  const w = stopped.json();
  t.match(w, {
    ticketId: ticket.id,
    minutes: 20,
    billedMinutes: 30,
    billable: true,
    packageMinutes: 30,
    amountKopecks: 0,
    editable: true,
  });
  t.notOk('costKopecks' in w, 'an engineer does not see the internal cost');

  const pkg = (await engineer.get(`/api/v1/agreements/${agreement.id}/package`)).json();
  t.match(pkg, {
    agreementId: agreement.id,
    period: { key: '2026-12' },
    grantedMinutes: 600,
    usedMinutes: 30,
    balanceMinutes: 570,
  });
  t.ok(pkg.ledger.some((l: { kind: string; worklogId: number }) => l.kind === 'consume' && l.worklogId === w.id));
  const panel = (await engineer.get(`/api/v1/tickets/${ticket.id}/time`)).json();
  t.match(panel, {
    totals: { minutes: 20, billedMinutes: 30 },
    billableDefault: true,
    package: { balanceMinutes: 570 },
    timer: null,
  });

  const logged = await engineer.post('/api/v1/worklogs', {
    ticketId: ticket.id,
    minutes: 600,
    comment: 'Большая работа',
  });
  t.equal(logged.statusCode, 201, logged.body);
  t.match(logged.json(), {
    billedMinutes: 600,
    packageMinutes: 570,
    overageMinutes: 30,
    rateKopecks: 250_000,
    amountKopecks: 125_000,
  });
  // The crossing is an event other systems read (webhooks, the events feed): once, at the highest threshold reached.
  const feed = (await manager.get('/api/v1/events?types=package.threshold')).json();
  t.match(
    feed.events.map((e: { data: unknown }) => e.data),
    [{ agreementId: agreement.id, periodKey: '2026-12', threshold: 100, usedUp: true, grantedMinutes: 600 }],
  );
  t.equal(feed.events.length, 1);
  const list = (await manager.get(`/api/v1/worklogs?ticketId=${ticket.id}`)).json();
  t.equal(list.items.length, 2);
  t.same(list.totals, { minutes: 620, billedMinutes: 630, amountKopecks: 125_000, count: 2 });
  t.type(list.items[0].costKopecks, 'undefined', 'managers do not read costs either');
});

t.test('bad input is a problem with a human message; the locked period and others’ work are closed', async (t) => {
  const { manager, engineer, ticket, desk } = await timeApi(t);
  const both = await engineer.post('/api/v1/worklogs', {
    ticketId: ticket.id,
    minutes: 10,
    startedAt: '2026-12-03T06:00:00Z',
    endedAt: '2026-12-03T06:30:00Z',
  });
  t.equal(both.statusCode, 400);
  t.match(both.headers['content-type'], problemJson);
  t.match(both.json().detail, /either the minutes worked or when the work started and ended/);
  const backwards = await engineer.post('/api/v1/worklogs', {
    ticketId: ticket.id,
    startedAt: '2026-12-03T06:00:00Z',
    endedAt: '2026-12-03T05:00:00Z',
  });
  t.equal(backwards.statusCode, 400);
  t.match(backwards.json().detail, /after startedAt/);
  t.equal((await engineer.post('/api/v1/worklogs', { ticketId: ticket.id, minutes: 0 })).statusCode, 400);
  const named = await engineer.post('/api/v1/worklogs', { ticketId: ticket.id, minutes: 15, activity: 'консультация' });
  t.equal(named.statusCode, 201, named.body);
  t.match(named.json(), { activityName: 'Consultation' }, 'an activity is named in either language');
  const unknown = await engineer.post('/api/v1/worklogs', { ticketId: ticket.id, minutes: 15, activity: 'Гадание' });
  t.equal(unknown.statusCode, 400);
  t.match(unknown.json().detail, /"Гадание" is not in the list of activities: Консультация, Диагностика/);
  await engineer.del(`/api/v1/worklogs/${named.json().id}`);
  t.equal((await engineer.post('/api/v1/worklogs', { ticketId: ticket.id, minutes: 5, hours: 1 })).statusCode, 400);
  t.equal((await engineer.post('/api/v1/worklogs', { ticketId: 999_999, minutes: 5 })).statusCode, 404);
  const ahead = await engineer.post('/api/v1/worklogs', { ticketId: ticket.id, minutes: 5, workDate: '2026-12-20' });
  t.equal(ahead.statusCode, 400);
  t.match(ahead.json().detail, /ahead/);

  const w = (
    await engineer.post('/api/v1/worklogs', { ticketId: ticket.id, minutes: 30, workDate: '2026-12-01' })
  ).json();
  const other = await desk.agent('engineer');
  t.equal((await other.patch(`/api/v1/worklogs/${w.id}`, { minutes: 5 })).statusCode, 403, 'not the author');
  t.equal((await manager.patch(`/api/v1/worklogs/${w.id}`, { minutes: 45 })).statusCode, 200, 'a manager may');
  t.equal(
    (
      await engineer.request('PUT', '/api/v1/time-settings', {
        lockedUntil: '2026-12-01',
        typeBillable: { incident: true, request: true, question: false, change: true },
      })
    ).statusCode,
    403,
  );
  const admin = await desk.agent('admin');
  t.equal(
    (
      await admin.request('PUT', '/api/v1/time-settings', {
        lockedUntil: '2026-12-01',
        typeBillable: { incident: true, request: true, question: false, change: true },
      })
    ).statusCode,
    200,
  );
  const locked = await engineer.patch(`/api/v1/worklogs/${w.id}`, { minutes: 5 });
  t.equal(locked.statusCode, 409);
  t.match(locked.json().detail, /work up to 2026-12-01 is locked/);
  t.equal((await engineer.del(`/api/v1/worklogs/${w.id}`)).statusCode, 409);
  const view = (await engineer.get(`/api/v1/worklogs/${w.id}`)).json();
  t.match(view, { locked: true, editable: false });
  const into = await engineer.post('/api/v1/worklogs', { ticketId: ticket.id, minutes: 5, workDate: '2026-11-30' });
  t.equal(into.statusCode, 409);
  t.equal(into.json().code, 'period_locked');

  const later = (await engineer.post('/api/v1/worklogs', { ticketId: ticket.id, minutes: 15 })).json();
  t.equal(
    (await engineer.post('/api/v1/worklogs/export', { ids: [later.id] })).statusCode,
    403,
    'engineers do not bill',
  );
  t.same((await admin.post('/api/v1/worklogs/export', { ids: [later.id] })).json(), { marked: 1 });
  const billed = await engineer.patch(`/api/v1/worklogs/${later.id}`, { comment: 'x' });
  t.equal(billed.statusCode, 409);
  t.match(billed.json().detail, /has been billed/);
  const history = (await manager.get(`/api/v1/worklogs/${w.id}/history`)).json();
  t.same(
    history.items.map((h: { action: string }) => h.action),
    ['created', 'updated'],
  );
  t.match(history.items[1], { before: { minutes: 30 }, after: { minutes: 45 } });
  t.equal((await engineer.request('PUT', `/api/v1/agreements/1/time-terms`, {})).statusCode, 400);
});

t.test('a second timer asks first; the time report exports CSV and XLSX with the same lines', async (t) => {
  const { clock, engineer, manager, org, service } = await timeApi(t);
  const second = (
    await engineer.post('/api/v1/tickets', {
      subject: 'Вторая',
      description: '-',
      organizationId: org.id,
      type: 'request',
      priority: 'P4',
      serviceId: service.id,
    })
  ).json();
  const first = (await engineer.get('/api/v1/tickets?limit=5'))
    .json()
    .items.find((x: { id: number }) => x.id !== second.id);
  await engineer.post(`/api/v1/tickets/${first.id}/timer/start`);
  clock.advance(15 * 60_000);
  const asked = await engineer.post(`/api/v1/tickets/${second.id}/timer/start`, {});
  t.equal(asked.statusCode, 409);
  t.match(asked.json(), { code: 'timer_running', running: { ticketId: first.id } });
  const moved = (await engineer.post(`/api/v1/tickets/${second.id}/timer/start`, { stopRunning: true })).json();
  t.match(moved, { timer: { ticketId: second.id }, stopped: { ticketId: first.id, minutes: 15 } });
  clock.advance(5 * 60_000);
  await engineer.post(`/api/v1/tickets/${second.id}/timer/stop`, { comment: '=HYPERLINK("x")' });

  const reportAnswer = await manager.get('/api/v1/reports/time?from=2026-12-01&to=2026-12-31');
  t.equal(reportAnswer.statusCode, 200, reportAnswer.body);
  const json = reportAnswer.json();
  t.equal(json.items.length, 2);
  t.same(
    json.items.map((l: { ticketNumber: number }) => l.ticketNumber),
    [first.number, second.number].sort((a, b) => a - b),
  );
  const csv = await manager.get('/api/v1/reports/time?from=2026-12-01&to=2026-12-31&format=csv');
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /text\/csv/);
  t.match(csv.headers['content-disposition'], /attachment; filename="time-2026-12-01-2026-12-31.csv"/);
  const lines = csv.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  t.equal(lines.length, 3);
  t.match(lines[0], /^Ticket,Subject,Date,Engineer/);
  t.ok(
    lines.some((l) => l.includes(`"'=HYPERLINK(""x"")"`)),
    'a formula is written as inert text',
  );
  const xlsx = await manager.get('/api/v1/reports/time?from=2026-12-01&to=2026-12-31&format=xlsx');
  t.equal(xlsx.statusCode, 200);
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  t.equal(sheet.rowCount, 4, 'heading, two lines, totals');
  t.equal(sheet.getRow(4).getCell(7).value, 20, 'total minutes');
  const mine = (await engineer.get('/api/v1/reports/time')).json();
  t.equal(mine.items.length, 2, 'an engineer sees their own work in the report');
  const other = (await (await timeApi(t)).engineer.get('/api/v1/reports/time')).json();
  t.equal(other.items.length, 0);
});
