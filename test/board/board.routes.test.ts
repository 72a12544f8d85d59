import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { assembleColumns, plannedMinutes, weekOf } from '../../server/modules/board/board-logic.js';

type Cell = { status: string; count: number; cards: { id: number }[] };
type Column = { id: number | null; name: string | null; wip: number; cells: Cell[] };

t.test('the board: a column per engineer (and nobody) × status, WIP counts, queue filters', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(admin);
  const other = await makeOrganization(admin);
  const mine = await makeTicket(eng, org.id, { assigneeId: eng.agentId, priority: 'P1' });
  await makeTicket(eng, org.id, { assigneeId: eng.agentId });
  const loose = await makeTicket(eng, other.id);
  const done = await makeTicket(eng, org.id, { assigneeId: eng.agentId });
  await eng.patch(`/api/v1/tickets/${done.id}`, { status: 'closed' });
  await eng.patch(`/api/v1/tickets/${mine.id}`, { status: 'in_progress' });

  const res = await eng.get('/api/v1/board?groupBy=assignee');
  t.equal(res.statusCode, 200, res.body);
  const board = res.json();
  t.same(board.statuses, ['new', 'open', 'in_progress', 'waiting_for_client', 'on_approval'], 'active by default');
  const columns: Column[] = board.columns;
  t.same(columns[0]!.id, null, 'unassigned first');
  t.equal(columns[0]!.wip, 1);
  t.same(
    columns[0]!.cells[0]!.cards.map((c) => c.id),
    [loose.id],
  );
  const engColumn = columns.find((c) => c.id === eng.agentId)!;
  t.equal(engColumn.wip, 2, 'the closed ticket is not work in progress');
  t.same(
    engColumn.cells.map((c) => [c.status, c.count]),
    [
      ['new', 1],
      ['open', 0],
      ['in_progress', 1],
      ['waiting_for_client', 0],
      ['on_approval', 0],
    ],
  );
  t.ok(
    columns.some((c) => c.id === admin.agentId && c.wip === 0),
    'idle agents get a column to drop on',
  );

  const filtered = (await eng.get(`/api/v1/board?organizationId=${other.id}&assigneeId=none`)).json();
  t.equal(filtered.columns.length, 1);
  t.equal(filtered.columns[0].wip, 1);
  const byTeam = (await eng.get('/api/v1/board?groupBy=team&status=closed')).json();
  t.same(byTeam.statuses, ['closed']);
  t.equal(byTeam.columns[0].cells[0].cards[0].id, done.id);
  t.equal((await eng.get('/api/v1/board?groupBy=organization')).statusCode, 400);
});

t.test('workload: open, due soon, breached, planned and available minutes per engineer', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(admin);
  await makeTicket(eng, org.id, { assigneeId: eng.agentId, priority: 'P2' });
  await makeTicket(eng, org.id, { assigneeId: eng.agentId });
  const res = await eng.get('/api/v1/workload?from=2026-12-07T00:00:00Z&to=2026-12-14T00:00:00Z');
  t.equal(res.statusCode, 200, res.body);
  const row = res.json().items.find((i: { agentId: number }) => i.agentId === eng.agentId);
  // Two open tickets without history: an hour each; 5 working days of 9 hours in Moscow.
  t.same(row, {
    agentId: eng.agentId,
    name: row.name,
    open: 2,
    dueSoon: 0,
    breached: 0,
    plannedMinutes: 120,
    availableMinutes: 5 * 9 * 60,
  });
  t.equal((await eng.get('/api/v1/workload?from=2026-12-14T00:00:00Z&to=2026-12-07T00:00:00Z')).statusCode, 400);
  t.match((await eng.get('/api/v1/workload?from=yesterday')).json().detail, /ISO instants/);
});

t.test('pure parts: planned minutes, columns, the week', async (t) => {
  const avg = new Map([['P1', 200]]);
  const logged = new Map([
    [1, 50],
    [2, 500],
  ]);
  t.equal(
    plannedMinutes(
      [
        { id: 1, priority: 'P1' },
        { id: 2, priority: 'P1' },
        { id: 3, priority: 'P4' },
      ],
      avg,
      logged,
    ),
    150 + 0 + 60,
  );
  const cols = assembleColumns(
    [{ id: 5, name: 'Ann' }],
    ['new', 'open'],
    [{ key: 5, status: 'open', n: 70 }],
    [{ key: 5, status: 'open', id: 9 }],
  );
  t.same(cols, [
    {
      id: 5,
      name: 'Ann',
      wip: 70,
      cells: [
        { status: 'new', count: 0, cards: [] },
        { status: 'open', count: 70, cards: [{ key: 5, status: 'open', id: 9 }] },
      ],
    },
  ]);
  t.same(weekOf(new Date('2026-12-05T10:00:00Z')), {
    from: new Date('2026-11-30T00:00:00Z'),
    to: new Date('2026-12-07T00:00:00Z'),
  });
});
