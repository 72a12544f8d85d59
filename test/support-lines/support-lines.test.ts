import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeCalendar, makeOrganization, makeTicket } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';

type View = {
  line: { name: string; position: number; teamId: number | null } | null;
  next: { name: string } | null;
  previous: { name: string } | null;
  moves: { direction: string; from: string; to: string; note: string | null; actorName: string | null }[];
  externalIssue: { url: string | null; state: string; updatedAt: string | null } | null;
};

t.test(
  'escalation moves a ticket up the lines with a note, keeps its SLA deadlines, and de-escalation returns it',
  async (t) => {
    const clock = fixedClock('2026-06-02T08:00:00Z');
    const desk = await testDesk(t, { clock });
    const admin = await desk.agent('admin');
    const engineer = await desk.agent('engineer');
    const team = async (name: string) => ((await admin.post('/api/v1/teams', { name })).json() as { id: number }).id;
    const [l1, l2, dev] = [await team('First line'), await team('Second line'), await team('Development')];

    const none = await engineer.post('/api/v1/tickets/1/escalate', { note: 'Please look' });
    t.equal(none.statusCode, 404, 'no ticket, no move');

    const bad = await admin.request('PUT', '/api/v1/support-lines', {
      lines: [
        { name: 'Dev', teamId: dev, kind: 'development' },
        { name: 'L2', teamId: l2, kind: 'support' },
      ],
    });
    t.equal(bad.statusCode, 400, 'a support line after development is refused');
    t.match(bad.json().detail, /cannot come after a development line/);
    t.equal(
      (await engineer.request('PUT', '/api/v1/support-lines', { lines: [] })).statusCode,
      403,
      'admins set lines',
    );

    const saved = await admin.request('PUT', '/api/v1/support-lines', {
      lines: [
        { name: 'L1', teamId: l1, kind: 'support' },
        { name: 'L2', teamId: l2, kind: 'support' },
        { name: 'Development', teamId: dev, kind: 'development' },
      ],
    });
    t.equal(saved.statusCode, 200, saved.body);
    t.same(
      saved
        .json()
        .items.map((l: { position: number; name: string; teamName: string }) => [l.position, l.name, l.teamName]),
      [
        [1, 'L1', 'First line'],
        [2, 'L2', 'Second line'],
        [3, 'Development', 'Development'],
      ],
    );

    const calendar = await makeCalendar(admin);
    const org = await makeOrganization(admin);
    const agreement = await admin.post('/api/v1/agreements', {
      organizationId: org.id,
      calendarId: calendar.id,
      number: 'S-1',
      title: 'Support',
      start: '2026-01-01',
      end: '2026-12-31',
      tier: '24x7',
      serviceIds: [],
    });
    t.equal(agreement.json().status, 'active', agreement.body);
    const ticket = await makeTicket(engineer, org.id, { priority: 'P2', teamId: l1, assigneeId: engineer.agentId });
    const deadlines = async () => {
      const tk = (await engineer.get(`/api/v1/tickets/${ticket.id}`)).json();
      return { reactionDue: tk.reactionDue, resolutionDue: tk.resolutionDue, agreementId: tk.agreementId };
    };
    const before = await deadlines();
    t.ok(before.reactionDue && before.resolutionDue, 'the ticket has SLA deadlines');

    const noNote = await engineer.post(`/api/v1/tickets/${ticket.id}/escalate`);
    t.equal(noNote.statusCode, 422, 'a bare escalation needs a note');
    t.equal(noNote.json().code, 'handoff_note_required');
    t.match(noNote.json().detail, /handoff note/);
    t.equal((await engineer.post(`/api/v1/tickets/${ticket.id}/escalate`, { note: '  a ' })).statusCode, 422);
    t.equal((await engineer.post(`/api/v1/tickets/${ticket.id}/escalate`, { note: 'x', extra: 1 })).statusCode, 400);

    clock.advance(30 * 60_000);
    const up = await engineer.post(`/api/v1/tickets/${ticket.id}/escalate`, {
      note: 'Logs attached, DB locks suspected',
    });
    t.equal(up.statusCode, 200, up.body);
    const upView = up.json() as View;
    t.equal(upView.line?.name, 'L2');
    t.equal(upView.previous?.name, 'L1');
    t.same(upView.moves.at(-1), {
      ...upView.moves.at(-1),
      direction: 'escalated',
      from: 'L1',
      to: 'L2',
      note: 'Logs attached, DB locks suspected',
    });
    const moved = (await engineer.get(`/api/v1/tickets/${ticket.id}`)).json();
    t.equal(moved.teamId, l2, "the ticket is in the next line's queue");
    t.equal(moved.assigneeId, null, 'nobody on the next line is named yet');
    t.same(await deadlines(), before, 'escalation keeps the SLA deadlines');

    const history = (await engineer.get(`/api/v1/tickets/${ticket.id}/history`)).json().items as {
      action: string;
      from: string | null;
      to: string | null;
    }[];
    t.ok(
      history.some((h) => h.action === 'escalated' && h.from === 'L1' && h.to === 'L2'),
      'history shows the move',
    );
    t.ok(
      history.some((h) => h.action === 'handoff_note' && h.to === 'Logs attached, DB locks suspected'),
      'history keeps the note',
    );
    const events = await desk.inst.database.db
      .selectFrom('domain_events')
      .select(['type', 'data'])
      .where('type', '=', 'ticket.escalated')
      .execute();
    t.same(
      events.map((e) => JSON.parse(e.data)),
      [{ ticketId: ticket.id, fromLine: 1, toLine: 2, note: 'Logs attached, DB locks suspected', toKind: 'support' }],
    );

    const toDev = await admin.post(`/api/v1/tickets/${ticket.id}/escalate`, { note: 'Reproduced: a bug in 2.3' });
    t.equal(toDev.json().line.name, 'Development');
    t.equal(toDev.json().externalIssue.state, 'requested', 'development is asked for an issue');
    const devEvent = await desk.inst.database.db
      .selectFrom('domain_events')
      .select('data')
      .where('type', '=', 'ticket.escalated')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    t.match(JSON.parse(devEvent.data), { fromLine: 2, toLine: 3, toKind: 'development' }, 'a tracker hears of it');
    const top = await admin.post(`/api/v1/tickets/${ticket.id}/escalate`, { note: 'Higher?' });
    t.equal(top.statusCode, 409);
    t.equal(top.json().code, 'last_line');

    const tracked = await engineer.request('PUT', `/api/v1/tickets/${ticket.id}/external-issue`, {
      url: 'https://tracker.example/DEV-42',
      state: 'in progress',
    });
    t.equal(tracked.statusCode, 200, tracked.body);
    t.same(tracked.json().externalIssue, {
      url: 'https://tracker.example/DEV-42',
      state: 'in progress',
      updatedAt: clock.now().toISOString(),
    });
    t.equal(
      (await engineer.request('PUT', `/api/v1/tickets/${ticket.id}/external-issue`, { url: 'not a url', state: 'x' }))
        .statusCode,
      400,
    );

    const down = await admin.post(`/api/v1/tickets/${ticket.id}/de-escalate`, {
      note: 'Fixed in 2.3.1, tell the client',
    });
    t.equal(down.json().line.name, 'L2');
    const noDownNote = await admin.post(`/api/v1/tickets/${ticket.id}/de-escalate`, {});
    t.equal(noDownNote.statusCode, 422, 'de-escalation needs a note too');
    const home = await admin.post(`/api/v1/tickets/${ticket.id}/de-escalate`, { note: 'Back to you' });
    t.equal(home.statusCode, 200, home.body);
    t.equal(home.json().line.name, 'L1');
    const returned = (await engineer.get(`/api/v1/tickets/${ticket.id}`)).json();
    t.equal(returned.teamId, l1, 'back in the first line queue');
    t.equal(returned.assigneeId, engineer.agentId, 'back with the engineer who escalated it');
    t.same(await deadlines(), before, 'the SLA deadlines never moved');
    const bottom = await admin.post(`/api/v1/tickets/${ticket.id}/de-escalate`, { note: 'Lower?' });
    t.equal(bottom.statusCode, 409);
    t.equal(bottom.json().code, 'first_line');
    t.same(
      (home.json() as View).moves.map((m) => [m.direction, m.from, m.to]),
      [
        ['escalated', 'L1', 'L2'],
        ['escalated', 'L2', 'Development'],
        ['de_escalated', 'Development', 'L2'],
        ['de_escalated', 'L2', 'L1'],
      ],
    );
  },
);

t.test('a desk without lines says what to do; contacts never see lines', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const ticket = await makeTicket(admin, org.id);
  const res = await admin.post(`/api/v1/tickets/${ticket.id}/escalate`, { note: 'Please help' });
  t.equal(res.statusCode, 409);
  t.match(res.json().detail, /Settings → Support lines/);
  const view = (await admin.get(`/api/v1/tickets/${ticket.id}/support-line`)).json();
  t.same([view.line, view.lines, view.moves, view.externalIssue], [null, [], [], null]);
});

t.test(
  "a ticket escalated to a line whose team keeps a duty schedule goes to that line's engineer on duty",
  async (t) => {
    const clock = fixedClock('2026-06-06T23:30:00Z'); // a Saturday night in Moscow
    const desk = await testDesk(t, { clock });
    const admin = await desk.agent('admin');
    const night = await desk.agent('engineer');
    const team = async (name: string, memberIds: number[]) =>
      ((await admin.post('/api/v1/teams', { name, memberIds })).json() as { id: number }).id;
    const l1 = await team('Desk', []);
    const l2 = await team('Second line', [night.agentId]);
    await admin.request('PUT', '/api/v1/support-lines', {
      lines: [
        { name: 'L1', teamId: l1, kind: 'support' },
        { name: 'L2', teamId: l2, kind: 'support' },
      ],
    });
    const schedule = await admin.post('/api/v1/duty-schedules', {
      teamId: l2,
      timezone: 'Europe/Moscow',
      layers: [{ members: [night.agentId], shiftMinutes: 1440, handoff: '09:00', startsOn: '2026-06-01' }],
    });
    t.equal(schedule.statusCode, 201, schedule.body);
    const org = await makeOrganization(admin);
    const ticket = await makeTicket(admin, org.id, { teamId: l1 });
    const up = await admin.post(`/api/v1/tickets/${ticket.id}/escalate`, { note: 'Database down, please take over' });
    t.equal(up.statusCode, 200, up.body);
    const moved = (await admin.get(`/api/v1/tickets/${ticket.id}`)).json();
    t.same([moved.teamId, moved.assigneeId], [l2, night.agentId], 'the engineer on duty of L2 has it');
  },
);
