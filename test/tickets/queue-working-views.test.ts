import t from 'tap';
import { sql } from 'kysely';
import { testDesk } from '../helpers/app.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { testDialect } from '../helpers/installation.js';
import { statementPlan, statementsOf } from '../helpers/query-plan.js';
import { listQueue } from '../../server/modules/tickets/tickets.repository.js';
import { activeStatuses } from '../../server/modules/tickets/tickets.states.js';

type Row = {
  id: number;
  status: string;
  priority: string;
  assignee_id: number | null;
  organization_id: number;
  sla_order: number;
};
const ACTIVE = ['new', 'open', 'in_progress', 'waiting_for_client', 'on_approval'];

t.test('working views sorted by deadline walk the open tickets and page like any other view', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const engineer = await desk.agent('engineer');
  const a = await makeOrganization(admin);
  const b = await makeOrganization(admin);
  for (let i = 0; i < 60; i++)
    await makeTicket(admin, i % 3 === 0 ? b.id : a.id, {
      priority: ['P1', 'P2', 'P3', 'P4'][i % 4],
      ...(i % 5 === 0 ? {} : { assigneeId: i % 2 ? engineer.agentId : admin.agentId }),
    });
  const db = desk.inst.database.db;
  // Closed history among the open tickets, and deadlines in an order of their own with ties (no agreement here).
  await sql`update tickets set status = case id % 7 when 0 then 'closed' when 1 then 'closed' when 2 then 'resolved' when 3 then 'in_progress' else status end`.execute(
    db,
  );
  await sql`update tickets set sla_order = 1000 + (id * 7) % 11`.execute(db);
  const rows = (
    await sql<Row>`select id, status, priority, assignee_id, organization_id, sla_order from tickets`.execute(db)
  ).rows;

  /** Every page of the view, 5 at a time, following the cursor. */
  const pages = async (query: string) => {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(
        `/api/v1/tickets?${query}&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      t.equal(res.statusCode, 200, res.body);
      const page = res.json() as { items: Array<{ id: number }>; nextCursor: string | null };
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  };
  const expected = (keep: (r: Row) => boolean) =>
    rows
      .filter((r) => ACTIVE.includes(r.status) && keep(r))
      .sort((x, y) => x.sla_order - y.sla_order || x.id - y.id)
      .map((r) => r.id);

  const views: Array<[string, string, (r: Row) => boolean]> = [
    ['open tickets', 'status=active&sort=due', () => true],
    ['unassigned', 'status=active&assigneeId=none&sort=due', (r) => r.assignee_id === null],
    ['P1', 'status=active&priority=P1&sort=due', (r) => r.priority === 'P1'],
    ['P1 and P2', 'status=active&priority=P1,P2&sort=due', (r) => r.priority === 'P1' || r.priority === 'P2'],
    ['one client', `status=active&organizationId=${b.id}&sort=due`, (r) => r.organization_id === b.id],
    [
      'my open (its own range of open tickets)',
      `status=active&assigneeId=${engineer.agentId}&sort=due`,
      (r) => r.assignee_id === engineer.agentId,
    ],
  ];
  for (const [name, query, keep] of views) {
    const want = expected(keep);
    t.ok(want.length > 5, `${name}: more than one page`);
    t.same(await pages(query), want, name);
  }
  t.same(
    await pages('status=active&sort=-due'),
    expected(() => true).reverse(),
    'the other direction is read as before',
  );
});

t.test(
  'one priority by deadline reads its own range of open tickets, not the walk past other priorities',
  async (t) => {
    const desk = await testDesk(t);
    const admin = await desk.agent('admin');
    const org = await makeOrganization(admin);
    for (const priority of ['P1', 'P2', 'P3']) await makeTicket(admin, org.id, { priority });
    const db = desk.inst.database.db;
    const [query] = await statementsOf(db, (spy) =>
      listQueue(spy, { status: activeStatuses, priority: ['P1'] }, { sort: 'due', limit: 50, after: null }),
    );
    const plan = await statementPlan(db, query!);
    if (testDialect === 'sqlite') {
      t.match(plan, /USING (COVERING )?INDEX tickets_active_priority_due \(priority=\?\)/, plan);
      t.notMatch(plan, /TEMP B-TREE/, 'in deadline order as stored: no sort');
    } else {
      t.match(plan, /Index (Only )?Scan using tickets_active_priority_due/, plan);
      t.notMatch(plan, /Sort/, 'in deadline order as stored: no sort');
    }
  },
);

t.test(
  "one engineer's open tickets by deadline read their own range, not every open ticket of theirs sorted",
  async (t) => {
    const desk = await testDesk(t);
    const admin = await desk.agent('admin');
    const engineer = await desk.agent('engineer');
    const org = await makeOrganization(admin);
    for (const assigneeId of [engineer.agentId, admin.agentId, null]) await makeTicket(admin, org.id, { assigneeId });
    const db = desk.inst.database.db;
    for (const priority of [undefined, ['P1' as const], ['P1' as const, 'P2' as const]]) {
      const [query] = await statementsOf(db, (spy) =>
        listQueue(
          spy,
          { status: activeStatuses, assigneeId: engineer.agentId, ...(priority ? { priority } : {}) },
          { sort: 'due', limit: 50, after: null },
        ),
      );
      const plan = await statementPlan(db, query!);
      const what = priority ? `with priority ${priority.join(', ')}` : 'any priority';
      if (testDialect === 'sqlite') {
        t.match(plan, /USING (COVERING )?INDEX tickets_active_assignee_due \(assignee_id=\?\)/, `${what}: ${plan}`);
        t.notMatch(plan, /TEMP B-TREE/, `${what}: in deadline order as stored, no sort`);
      } else {
        t.match(plan, /Index (Only )?Scan using tickets_active_assignee_due/, `${what}: ${plan}`);
        t.notMatch(plan, /Sort/, `${what}: in deadline order as stored, no sort`);
      }
    }
  },
);
