import t from 'tap';
import { deskDashboard, managerDashboard } from '../../server/modules/dashboards/index.js';
import { logWork } from '../../server/modules/worklogs/worklogs.service.js';
import { dashboardDesk, insertTeam, insertTicket } from './helpers.js';

const ms = (iso: string) => Date.parse(iso);
/** The HTTP status a refused call fails with (0 when it did not fail). */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: { status?: number }) => e.status,
  );

t.test('the desk dashboard counts open, due today, breached, teams and the last 30 days', async (t) => {
  const d = await dashboardDesk(t);
  const first = await insertTeam(d.inst, 'Первая линия');
  const second = await insertTeam(d.inst, 'Servers');
  const org = d.romashka.id;
  // Due today in Moscow: the day ends at 2026-03-10T21:00Z.
  await insertTicket(d.inst, {
    organizationId: org,
    teamId: first,
    createdAt: '2026-03-10T06:00:00Z',
    slaOrder: ms('2026-03-10T20:59:00Z'),
  });
  await insertTicket(d.inst, {
    organizationId: org,
    teamId: first,
    status: 'in_progress',
    createdAt: '2026-03-09T06:00:00Z',
    slaOrder: ms('2026-03-10T21:00:00Z'),
  });
  // Overdue and breached: due before the end of today too.
  await insertTicket(d.inst, {
    organizationId: org,
    teamId: second,
    status: 'new',
    createdAt: '2026-03-05T06:00:00Z',
    reactionDue: ms('2026-03-05T07:00:00Z'),
    reactionBreachedAt: '2026-03-05T07:00:00.000Z',
    slaOrder: ms('2026-03-05T07:00:00Z'),
  });
  await insertTicket(d.inst, {
    organizationId: d.volga.id,
    status: 'waiting_for_client',
    createdAt: '2026-02-20T06:00:00Z',
  });
  // Done tickets count in the trend only; a breach of a resolved one is not "open with a breach".
  await insertTicket(d.inst, {
    organizationId: org,
    status: 'resolved',
    createdAt: '2026-02-01T10:00:00Z',
    resolvedAt: '2026-03-09T22:30:00Z', // 10 March in Moscow
    resolutionBreachedAt: '2026-03-01T10:00:00.000Z',
  });
  // Created 40 days ago: outside the trend.
  await insertTicket(d.inst, {
    organizationId: org,
    status: 'closed',
    createdAt: '2026-01-29T10:00:00Z',
    resolvedAt: '2026-01-30T10:00:00Z',
  });

  const desk = await deskDashboard(d.as(d.engineer), {}, { cached: false });
  t.equal(desk.today, '2026-03-10');
  t.equal(desk.open.total, 4);
  t.same(Object.fromEntries(desk.open.byStatus.map((s) => [s.status, s.count])), {
    new: 1,
    open: 1,
    in_progress: 1,
    waiting_for_client: 1,
    on_approval: 0,
  });
  t.equal(desk.dueToday, 2, 'before the end of the Moscow day, the overdue one included');
  t.equal(desk.breached, 1);
  t.same(desk.byTeam, [
    { teamId: first, name: 'Первая линия', count: 2 },
    { teamId: second, name: 'Servers', count: 1 },
    { teamId: null, name: null, count: 1 },
  ]);
  t.equal(desk.trend.length, 30);
  t.equal(desk.trend[0]!.day, '2026-02-09');
  t.same(desk.trend.at(-1), { day: '2026-03-10', created: 1, resolved: 1 });
  t.same(
    desk.trend.find((p) => p.day === '2026-03-09'),
    { day: '2026-03-09', created: 1, resolved: 0 },
  );
  t.equal(
    desk.trend.reduce((n, p) => n + p.created, 0),
    4,
    'the ticket of 1 February and the one of 29 January are older than 30 days',
  );

  const team = await deskDashboard(d.as(d.engineer), { teamId: first }, { cached: false });
  t.equal(team.open.total, 2);
  t.equal(team.dueToday, 1, 'the other one is due at midnight, tomorrow');
  t.equal(team.breached, 0);
  t.same(team.byTeam, [{ teamId: first, name: 'Первая линия', count: 2 }]);
  t.equal(await failure(deskDashboard(d.as(d.engineer), { teamId: 999 }, { cached: false })), 404);
});

t.test(
  'the manager dashboard: SLA compliance by month as the SLA report decides it, top clients, workload',
  async (t) => {
    const d = await dashboardDesk(t);
    const org = d.romashka.id;
    const due = ms('2026-03-01T00:00:00Z');
    // March: two reactions met (one reply on 1 March 00:30 Moscow), one breached; one resolution met, one breached.
    await insertTicket(d.inst, {
      organizationId: org,
      assigneeId: d.engineer.kind === 'agent' ? d.engineer.id : null,
      createdAt: '2026-02-28T20:00:00Z',
      firstResponseAt: '2026-02-28T21:30:00Z',
      reactionDue: due,
    });
    await insertTicket(d.inst, {
      organizationId: org,
      status: 'resolved',
      createdAt: '2026-03-02T10:00:00Z',
      firstResponseAt: '2026-03-02T10:05:00Z',
      resolvedAt: '2026-03-03T10:00:00Z',
      reactionDue: due,
      resolutionDue: due,
    });
    await insertTicket(d.inst, {
      organizationId: d.volga.id,
      createdAt: '2026-03-02T10:00:00Z',
      reactionDue: due,
      resolutionDue: due,
      reactionBreachedAt: '2026-03-02T11:00:00.000Z',
      resolutionBreachedAt: '2026-03-04T11:00:00.000Z',
      firstResponseAt: '2026-03-05T10:00:00Z',
    });
    // A breach is final: a late reply is no "met".
    // February: one reaction met (the reply at 23:00 UTC on 27 Feb is 28 Feb in Moscow); nothing resolved.
    await insertTicket(d.inst, {
      organizationId: org,
      createdAt: '2026-02-27T20:00:00Z',
      firstResponseAt: '2026-02-27T23:00:00Z',
      reactionDue: due,
    });
    // No deadline, no outcome.
    await insertTicket(d.inst, {
      organizationId: org,
      createdAt: '2026-03-02T10:00:00Z',
      firstResponseAt: '2026-03-02T10:05:00Z',
    });

    // Hours by work date: 1 h 30 min in March counts, February's does not.
    const worked = await insertTicket(d.inst, {
      organizationId: org,
      status: 'closed',
      createdAt: '2026-02-27T20:00:00Z',
    });
    await logWork(d.as(d.engineer), { ticketId: worked, minutes: 90, workDate: '2026-03-05' });
    await logWork(d.as(d.engineer), { ticketId: worked, minutes: 45, workDate: '2026-02-27' });

    const m = await managerDashboard(d.as(d.manager), { cached: false });
    t.same(m.thisMonth, {
      from: '2026-03-01',
      to: '2026-03-10',
      reaction: { met: 2, breached: 1, compliance: 2 / 3 },
      resolution: { met: 1, breached: 1, compliance: 0.5 },
    });
    t.same(m.lastMonth, {
      from: '2026-02-01',
      to: '2026-02-28',
      reaction: { met: 1, breached: 0, compliance: 1 },
      resolution: { met: 0, breached: 0, compliance: null },
    });
    t.same(m.topBreachedClients, [{ organizationId: d.volga.id, name: 'Hotel Volga', breaches: 2 }]);
    t.same(
      m.workload.map((w) => [w.name, w.openAssigned, w.minutesThisMonth]),
      [
        ['Eng', 1, 90],
        ['Мария', 0, 0],
      ],
    );
    const engineers = await managerDashboard(d.as(d.engineer), { cached: false });
    t.same(
      engineers.workload.map((w) => w.minutesThisMonth),
      [null, null],
      'who may read reports but not time sees no hours',
    );
    const contact = { kind: 'contact' as const, id: 1, organizationId: org, name: 'Ольга', language: 'ru' };
    t.equal(await failure(managerDashboard(d.as(contact), { cached: false })), 403);
    t.equal(await failure(deskDashboard(d.as(contact), {}, { cached: false })), 403);
  },
);
