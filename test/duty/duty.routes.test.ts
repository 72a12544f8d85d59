import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeCalendar } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';
import {
  dutyAgentOfTeam,
  dutyCoverageJob,
  dutyShiftsOfAgent,
  isTeamBusinessTime,
  teamCalendarId,
} from '../../server/modules/duty/index.js';
import { systemActor } from '../../server/context.js';

// Monday 30 November 2026, 12:00 Moscow.
const NOW = '2026-11-30T09:00:00Z';

async function dutyDesk(t: Parameters<typeof testDesk>[0]) {
  const clock = fixedClock(NOW);
  const desk = await testDesk(t, { clock });
  const manager = await desk.agent('manager');
  const alice = await desk.agent('engineer');
  const bob = await desk.agent('engineer');
  const carol = await desk.agent('engineer');
  const calendar = await makeCalendar(manager, { name: 'Office hours' });
  const team = (
    await manager.post('/api/v1/teams', {
      name: 'First line',
      memberIds: [manager.agentId, alice.agentId, bob.agentId],
    })
  ).json() as { id: number };
  return { desk, clock, manager, alice, bob, carol, calendar, team };
}

t.test(
  'a schedule: nights and weekends by weekly rotation, who is on call, shifts, the personal calendar',
  async (t) => {
    const { desk, manager, alice, bob, carol, calendar, team } = await dutyDesk(t);

    const patched = await manager.patch(`/api/v1/teams/${team.id}`, { calendarId: calendar.id });
    t.equal(patched.statusCode, 200, patched.body);
    t.equal(patched.json().calendarId, calendar.id, 'the team has its business hours');
    const ctx = desk.inst.ctx(systemActor());
    t.equal(await teamCalendarId(ctx, team.id), calendar.id);
    t.equal(
      await isTeamBusinessTime(ctx, team.id, new Date('2026-11-30T09:00:00Z')),
      true,
      'Monday 12:00 is working time',
    );
    t.equal(await isTeamBusinessTime(ctx, team.id, new Date('2026-12-05T23:00:00Z')), false, 'Sunday 02:00 is not');
    t.equal(await dutyAgentOfTeam(ctx, team.id, new Date(NOW)), null, 'no schedule yet: nobody');

    const created = await manager.post('/api/v1/duty-schedules', {
      teamId: team.id,
      timezone: 'Europe/Moscow',
      layers: [
        {
          members: [alice.agentId, bob.agentId],
          shiftMinutes: 10080,
          handoff: '10:00',
          startsOn: '2026-11-30',
          restrictions: [
            { days: [1, 2, 3, 4, 5], from: '19:00', to: '10:00' },
            { days: [6, 7], from: '00:00', to: '00:00' },
          ],
        },
      ],
    });
    t.equal(created.statusCode, 201, created.body);
    const schedule = created.json();
    t.equal(schedule.name, 'First line', 'named after the team by default');
    t.equal(schedule.layers.length, 1);
    t.same(schedule.warnings, [], 'no leave, no warnings');

    const onCall = async (at: string) =>
      (await manager.get(`/api/v1/duty-schedules/${schedule.id}/on-call?at=${at}`)).json();
    t.same(
      await onCall('2026-11-30T12:00:00Z'),
      { agentId: null, layerId: null, source: null, at: '2026-11-30T12:00:00.000Z' },
      'Monday 15:00: the office works, nobody on call',
    );
    t.equal((await onCall('2026-11-30T20:00:00Z')).agentId, alice.agentId, 'Monday 23:00: Alice');
    t.equal((await onCall('2026-12-05T23:00:00Z')).agentId, alice.agentId, 'Sunday 02:00: still Alice (weekly)');
    t.equal((await onCall('2026-12-07T20:00:00Z')).agentId, bob.agentId, 'the next Monday night: Bob');
    t.equal(
      await dutyAgentOfTeam(ctx, team.id, new Date('2026-12-05T23:00:00Z')),
      alice.agentId,
      'the index answers the same',
    );

    const shifts = await manager.get(
      `/api/v1/duty-schedules/${schedule.id}/shifts?from=2026-11-30T00:00:00Z&to=2026-12-07T00:00:00Z`,
    );
    t.equal(shifts.statusCode, 200);
    const items = shifts.json().items as { agentId: number; from: string; to: string }[];
    t.same(items[0], {
      agentId: alice.agentId,
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-01T07:00:00.000Z',
      layerId: schedule.layers[0].id,
      source: 'rotation',
    });
    t.equal(
      items.at(-1)!.to,
      '2026-12-06T21:00:00.000Z',
      'Friday night runs through the weekend to Monday 00:00 Moscow',
    );

    // An override replaces Alice for Saturday; a full override puts Carol on for a night.
    const replace = await manager.post(`/api/v1/duty-schedules/${schedule.id}/overrides`, {
      agentId: bob.agentId,
      replaces: alice.agentId,
      from: '2026-12-04T21:00:00Z',
      to: '2026-12-05T21:00:00Z',
      reason: 'Alice at a wedding',
    });
    t.equal(replace.statusCode, 201, replace.body);
    t.equal((await onCall('2026-12-05T10:00:00Z')).agentId, bob.agentId, 'Saturday: Bob instead of Alice');
    t.equal((await onCall('2026-12-05T10:00:00Z')).source, 'override');
    const full = await manager.post(`/api/v1/duty-schedules/${schedule.id}/overrides`, {
      agentId: carol.agentId,
      from: '2026-12-01T12:00:00Z',
      to: '2026-12-01T13:00:00Z',
    });
    t.equal(full.statusCode, 201);
    t.equal((await onCall('2026-12-01T12:30:00Z')).agentId, carol.agentId, 'a full override covers even office hours');
    const events = await desk.inst.database.db
      .selectFrom('domain_events')
      .select(['type', 'data'])
      .where('type', '=', 'duty.override_created')
      .execute();
    t.equal(events.length, 2, 'each override is a domain event');

    // Swaps: Bob asks Carol; an engineer cannot approve, the manager can.
    const swap = await bob.post(`/api/v1/duty-schedules/${schedule.id}/swaps`, {
      withAgentId: carol.agentId,
      from: '2026-12-07T16:00:00Z',
      to: '2026-12-08T07:00:00Z',
    });
    t.equal(swap.statusCode, 201, swap.body);
    t.equal(swap.json().status, 'requested');
    t.equal((await onCall('2026-12-07T20:00:00Z')).agentId, bob.agentId, 'until approved, Bob stays on');
    const denied = await bob.post(`/api/v1/duty-schedules/${schedule.id}/swaps/${swap.json().id}/approve`);
    t.equal(denied.statusCode, 403);
    const approved = await manager.post(`/api/v1/duty-schedules/${schedule.id}/swaps/${swap.json().id}/approve`);
    t.equal(approved.json().status, 'approved');
    t.same(await onCall('2026-12-07T20:00:00Z'), {
      agentId: carol.agentId,
      layerId: schedule.layers[0].id,
      source: 'swap',
      at: '2026-12-07T20:00:00.000Z',
    });
    const again = await manager.post(`/api/v1/duty-schedules/${schedule.id}/swaps/${swap.json().id}/reject`);
    t.equal(again.statusCode, 409, 'a decided swap stays decided');
    t.match(again.json().detail, /already approved/);
    const forOthers = await manager.post(`/api/v1/duty-schedules/${schedule.id}/swaps`, {
      requesterId: alice.agentId,
      withAgentId: carol.agentId,
      from: '2026-12-02T16:00:00Z',
      to: '2026-12-03T07:00:00Z',
    });
    t.equal(forOthers.json().status, 'approved', 'a swap a manager arranges for others is approved at once');
    const notMine = await bob.post(`/api/v1/duty-schedules/${schedule.id}/swaps`, {
      requesterId: alice.agentId,
      withAgentId: carol.agentId,
      from: '2026-12-02T16:00:00Z',
      to: '2026-12-03T07:00:00Z',
    });
    t.equal(notMine.statusCode, 403, "an engineer cannot swap someone else's duty");

    // Leave: Bob's leave over the night he is on duty is a warning in the schedule.
    const leave = await bob.post(`/api/v1/agents/${bob.agentId}/leaves`, {
      fromDate: '2026-12-09',
      toDate: '2026-12-10',
      note: 'dentist',
    });
    t.equal(leave.statusCode, 201, leave.body);
    const detail = (await manager.get(`/api/v1/duty-schedules/${schedule.id}`)).json();
    t.ok(detail.warnings.length > 0, 'duty during leave is a warning');
    t.ok(detail.warnings.every((w: { agentId: number }) => w.agentId === bob.agentId));
    t.same(detail.warnings[0].leave, { from: '2026-12-09', to: '2026-12-10' });
    t.equal(
      (await alice.post(`/api/v1/agents/${bob.agentId}/leaves`, { fromDate: '2026-12-09', toDate: '2026-12-09' }))
        .statusCode,
      403,
      "only a manager records someone else's leave",
    );
    t.equal((await bob.get(`/api/v1/agents/${bob.agentId}/leaves`)).json().items.length, 1);
    t.equal(
      (await alice.get(`/api/v1/agents/${bob.agentId}/leaves`)).statusCode,
      403,
      "a colleague's leave notes are theirs",
    );
    t.equal(
      (await manager.get(`/api/v1/agents/${bob.agentId}/leaves`)).json().items[0].note,
      'dentist',
      'a manager reads them',
    );
    t.equal(
      (await onCall('2026-12-06T02:00:00+03:00')).agentId,
      alice.agentId,
      "an offset's unencoded '+' in the query is read as meant (Sunday 02:00 Moscow)",
    );
    t.equal((await bob.del(`/api/v1/agents/${bob.agentId}/leaves/${leave.json().id}`)).statusCode, 204);

    // The personal calendar and the index's per-agent shifts.
    const ics = await alice.get(`/api/v1/agents/${alice.agentId}/duty.ics`);
    t.equal(ics.statusCode, 200);
    t.match(ics.headers['content-type'], /text\/calendar/);
    t.match(ics.body, /BEGIN:VEVENT/);
    t.match(ics.body, /DTSTART:20261130T160000Z/, "Alice's first night starts at 19:00 Moscow");
    const agentShifts = await dutyShiftsOfAgent(
      ctx,
      alice.agentId,
      new Date('2026-11-30T00:00:00Z'),
      new Date('2026-12-07T00:00:00Z'),
    );
    t.ok(agentShifts.length > 3 && agentShifts.every((s) => s.agentId === alice.agentId));
    t.ok(
      agentShifts.every((s) => s.timezone === 'Europe/Moscow' && s.scheduleId === schedule.id),
      'each shift names its schedule and zone (night hours are counted there)',
    );
    t.notOk(
      agentShifts.some(
        (s) =>
          s.from < '2026-12-05T21:00:00.000Z' &&
          s.to > '2026-12-04T21:00:00.000Z' &&
          s.from >= '2026-12-04T21:00:00.000Z',
      ),
      'her replaced Saturday is not hers',
    );

    t.equal((await manager.del(`/api/v1/duty-schedules/${schedule.id}`)).statusCode, 204);
    t.equal((await manager.get(`/api/v1/duty-schedules/${schedule.id}`)).statusCode, 404);
  },
);

t.test('bad input is refused with a human message; nothing is stored', async (t) => {
  const { manager, alice, team } = await dutyDesk(t);
  const base = {
    teamId: team.id,
    timezone: 'Europe/Moscow',
    layers: [{ members: [alice.agentId], shiftMinutes: 1440, handoff: '09:00' }],
  };
  const zone = await manager.post('/api/v1/duty-schedules', { ...base, timezone: 'Mars/Olympus' });
  t.equal(zone.statusCode, 400);
  t.match(zone.json().detail, /"Mars\/Olympus" is not a time zone/);
  const unknownField = await manager.post('/api/v1/duty-schedules', { ...base, colour: 'red' });
  t.equal(unknownField.statusCode, 400, 'unknown fields are rejected');
  const handoff = await manager.post('/api/v1/duty-schedules', {
    ...base,
    layers: [{ ...base.layers[0], handoff: '25:00' }],
  });
  t.equal(handoff.statusCode, 400);
  const nobody = await manager.post('/api/v1/duty-schedules', {
    ...base,
    layers: [{ ...base.layers[0], members: [9999] }],
  });
  t.equal(nobody.statusCode, 400);
  t.match(nobody.json().detail, /Agent 9999 does not exist/);
  const noTeam = await manager.post('/api/v1/duty-schedules', { ...base, teamId: 9999 });
  t.equal(noTeam.statusCode, 400);
  t.match(noTeam.json().detail, /Team 9999 does not exist/);
  const byEngineer = await alice.post('/api/v1/duty-schedules', base);
  t.equal(byEngineer.statusCode, 403, 'engineers do not build schedules');
  t.same((await manager.get('/api/v1/duty-schedules')).json().items, [], 'nothing was stored');

  const ok = (await manager.post('/api/v1/duty-schedules', base)).json();
  const backwards = await manager.post(`/api/v1/duty-schedules/${ok.id}/overrides`, {
    agentId: alice.agentId,
    from: '2026-12-02T00:00:00Z',
    to: '2026-12-01T00:00:00Z',
  });
  t.equal(backwards.statusCode, 400);
  t.match(backwards.json().detail, /ends before it starts/);
  const at = await manager.get(`/api/v1/duty-schedules/${ok.id}/on-call?at=yesterday`);
  t.equal(at.statusCode, 400);
  t.match(at.json().detail, /`at` must be a date and time/);
  const range = await manager.get(
    `/api/v1/duty-schedules/${ok.id}/shifts?from=2026-01-01T00:00:00Z&to=2028-01-01T00:00:00Z`,
  );
  t.equal(range.statusCode, 400);
  t.match(range.json().detail, /at most 400 days/);
  const badCalendar = await manager.patch(`/api/v1/teams/${team.id}`, { calendarId: 9999 });
  t.equal(badCalendar.statusCode, 400);
  t.match(badCalendar.json().detail, /Calendar 9999 does not exist/);
  const leave = await alice.post(`/api/v1/agents/${alice.agentId}/leaves`, {
    fromDate: '2026-12-10',
    toDate: '2026-12-01',
  });
  t.equal(leave.statusCode, 400);
  t.match(leave.json().detail, /ends before it starts/);
});

t.test(
  'the coverage job mails the team managers the gaps of the next 7 days outside business hours, once a day',
  async (t) => {
    const { desk, manager, alice, calendar, team } = await dutyDesk(t);
    await manager.patch(`/api/v1/teams/${team.id}`, { calendarId: calendar.id });
    // Weeknights only: the weekend is a gap (the office is closed then).
    const res = await manager.post('/api/v1/duty-schedules', {
      teamId: team.id,
      timezone: 'Europe/Moscow',
      name: 'Nights',
      layers: [
        {
          members: [alice.agentId],
          shiftMinutes: 1440,
          handoff: '18:00',
          startsOn: '2026-11-30',
          restrictions: [{ days: [1, 2, 3, 4, 5], from: '18:00', to: '09:00' }],
        },
      ],
    });
    const schedule = res.json();
    t.same(
      schedule.gaps,
      [{ from: '2026-12-05T06:00:00.000Z', to: '2026-12-07T06:00:00.000Z' }],
      'the weekend from Saturday 09:00 to Monday 09:00 Moscow is uncovered',
    );
    const ctx = desk.inst.ctx(systemActor('jobs'));
    t.same(await dutyCoverageJob(ctx), { schedules: 1, mailed: 1 });
    t.same(await dutyCoverageJob(ctx), { schedules: 1, mailed: 0 }, 'the same day twice sends nothing twice');
    const mails = await desk.inst.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', 'like', 'duty-gaps:%')
      .execute();
    t.equal(mails.length, 1);
    t.match(mails[0]!.subject, /Duty "Nights": 1 period without anyone on call/, 'in the manager’s language');
    t.match(mails[0]!.body, /12-05 09:00 – 12-07 09:00/, 'local times of the schedule');
  },
);
