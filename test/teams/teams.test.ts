import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { testDialect } from '../helpers/installation.js';
import { queryPlan } from '../helpers/query-plan.js';
import type { Actor } from '../../server/context.js';
import * as teams from '../../server/modules/teams/teams.service.js';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { status: number; message: string }) => ({ status: e.status, message: e.message }),
  );

type Team = {
  id: number;
  name: string;
  description: string | null;
  active: boolean;
  memberIds: number[];
  members: { id: number; name: string }[];
};

t.test('the service: create, read, rename, replace members, delete; the policy decides who may', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const eng = await desk.agent('engineer');
  const manager = await desk.agent('manager');
  const ctxOf = (id: number, role: 'admin' | 'manager' | 'engineer'): Actor => ({
    kind: 'agent',
    id,
    role,
    name: role,
    language: 'en',
  });
  const ctx = desk.inst.ctx(ctxOf(manager.agentId, 'manager'));

  const team = await teams.createTeam(ctx, {
    name: '  First line ',
    description: '  ',
    memberIds: [eng.agentId, admin.agentId, eng.agentId],
  });
  t.equal(team.name, 'First line', 'the name is trimmed');
  t.equal(team.description, null, 'blank text means none');
  t.same(team.members.map((m) => m.id).sort(), [admin.agentId, eng.agentId].sort(), 'members once each');
  const renamed = await teams.updateTeam(ctx, team.id, { name: 'Field engineers', memberIds: [eng.agentId] });
  t.same([renamed.name, renamed.members.map((m) => m.id)], ['Field engineers', [eng.agentId]]);
  t.same(
    (await teams.getTeam(ctx, team.id)).members.map((m) => m.id),
    [eng.agentId],
  );
  t.same(await failure(teams.createTeam(ctx, { name: 'FIELD ENGINEERS' })), {
    status: 409,
    message: 'A team named "Field engineers" already exists; choose another name',
  });
  t.match(
    await failure(teams.createTeam(desk.inst.ctx(ctxOf(eng.agentId, 'engineer')), { name: 'DBA' })),
    { status: 403 },
    'engineers may not manage teams',
  );
  t.equal((await teams.listTeams(desk.inst.ctx(ctxOf(eng.agentId, 'engineer')))).length, 1, 'but may read them');
  await teams.deleteTeam(ctx, team.id);
  t.match(await failure(teams.getTeam(ctx, team.id)), { status: 404 });
  t.same(await failure(teams.deleteTeam(ctx, team.id)), { status: 404, message: `Team ${team.id} was not found` });
});

t.test('routes: CRUD with members, validation, duplicates and permissions', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const manager = await desk.agent('manager');
  const eng = await desk.agent('engineer');
  const accountant = await desk.agent('accountant');

  const created = await manager.post('/api/v1/teams', {
    name: 'DBA',
    description: 'Databases',
    memberIds: [eng.agentId, admin.agentId],
  });
  t.equal(created.statusCode, 201, created.body);
  const dba = created.json() as Team & { createdAt: string; updatedAt: string };
  t.match(dba, { name: 'DBA', description: 'Databases', active: true });
  t.same([...dba.memberIds].sort(), [eng.agentId, admin.agentId].sort());
  t.same(
    dba.members.map((m) => m.id),
    dba.memberIds,
    'memberIds follow the members (by name)',
  );
  t.ok(
    dba.members.every((m) => typeof m.name === 'string' && m.name.length > 0),
    'members carry names',
  );
  t.ok(Date.parse(dba.createdAt) && Date.parse(dba.updatedAt));

  const first = (await admin.post('/api/v1/teams', { name: 'First line' })).json() as Team;
  t.same([first.memberIds, first.description], [[], null]);

  const list = await accountant.get('/api/v1/teams');
  t.equal(list.statusCode, 200, 'anyone who reads agents reads teams');
  t.same(
    (list.json().items as Team[]).map((x) => x.name),
    ['DBA', 'First line'],
    'by name',
  );

  // duplicates, regardless of case
  const dup = await admin.post('/api/v1/teams', { name: 'dba' });
  t.equal(dup.statusCode, 409);
  t.equal(dup.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.match(dup.json().detail, /A team named "DBA" already exists/);
  const dupRename = await admin.patch(`/api/v1/teams/${first.id}`, { name: 'Dba' });
  t.equal(dupRename.statusCode, 409, 'renaming onto another team is refused too');
  const net = await admin.post('/api/v1/teams', { name: 'Сеть и VPN' });
  t.equal(net.statusCode, 201);
  const netDup = await admin.post('/api/v1/teams', { name: 'СЕТЬ и vpn' });
  t.equal(netDup.statusCode, 409, 'case is ignored in Russian names too (SQLite lower() folds only ASCII)');
  t.equal(netDup.json().detail, 'A team named "Сеть и VPN" already exists; choose another name');
  t.same(
    (await admin.get('/api/v1/teams')).json().items.map((x: Team) => x.name),
    ['DBA', 'First line', 'Сеть и VPN'],
  );
  t.equal((await admin.del(`/api/v1/teams/${net.json().id}`)).statusCode, 204);
  const sameName = await admin.patch(`/api/v1/teams/${dba.id}`, { name: 'dba' });
  t.equal(sameName.statusCode, 200, 'a team may change the case of its own name');
  t.equal(sameName.json().name, 'dba');

  // validation
  const unknown = await admin.post('/api/v1/teams', { name: 'Network', memberIds: [eng.agentId, 9999] });
  t.equal(unknown.statusCode, 400);
  t.match(unknown.json().detail, /Agent 9999 does not exist/);
  t.equal((await admin.get('/api/v1/teams')).json().items.length, 2, 'nothing was created');
  t.equal((await admin.post('/api/v1/teams', { name: '' })).statusCode, 400, 'a name is required');
  t.equal((await admin.post('/api/v1/teams', { name: '   ' })).statusCode, 400, 'a blank name is no name');
  t.equal((await admin.post('/api/v1/teams', { name: 'x'.repeat(101) })).statusCode, 400, 'at most 100 characters');
  t.equal(
    (await admin.post('/api/v1/teams', { name: 'Net', color: 'red' })).statusCode,
    400,
    'unknown fields are rejected',
  );
  t.equal((await admin.patch(`/api/v1/teams/${dba.id}`, {})).statusCode, 400, 'an empty change is refused');
  t.equal((await admin.patch(`/api/v1/teams/${dba.id}`, { memberIds: [0] })).statusCode, 400);
  t.equal((await admin.get('/api/v1/teams/0')).statusCode, 400, 'ids are positive');
  const missing = await admin.get('/api/v1/teams/4242');
  t.equal(missing.statusCode, 404);
  t.equal(missing.json().detail, 'Team 4242 was not found');
  t.equal((await admin.patch('/api/v1/teams/4242', { name: 'x' })).statusCode, 404);
  t.equal((await admin.del('/api/v1/teams/4242')).statusCode, 404);

  // permissions
  t.equal((await eng.post('/api/v1/teams', { name: 'Mine' })).statusCode, 403, 'engineers may not create teams');
  t.equal((await eng.patch(`/api/v1/teams/${dba.id}`, { active: false })).statusCode, 403);
  t.equal((await eng.del(`/api/v1/teams/${dba.id}`)).statusCode, 403);
  t.equal((await accountant.post('/api/v1/teams', { name: 'Mine' })).statusCode, 403);

  // members are replaced; description cleared; deactivation
  const patched = await manager.patch(`/api/v1/teams/${dba.id}`, {
    memberIds: [manager.agentId],
    description: null,
    active: false,
  });
  t.equal(patched.statusCode, 200, patched.body);
  t.match(patched.json(), { memberIds: [manager.agentId], description: null, active: false });
  t.same((await admin.get(`/api/v1/teams/${dba.id}`)).json().memberIds, [manager.agentId]);
  t.same(
    (await admin.patch(`/api/v1/teams/${dba.id}`, { memberIds: [] })).json().members,
    [],
    'a team may have no members',
  );

  const gone = await manager.del(`/api/v1/teams/${first.id}`);
  t.equal(gone.statusCode, 204);
  t.equal(gone.body, '');
  t.same(
    (await admin.get('/api/v1/teams')).json().items.map((x: Team) => x.name),
    ['dba'],
  );

  const docs = await desk.app.inject({ method: 'GET', url: '/api/docs/json' });
  t.equal(docs.statusCode, 200, 'the OpenAPI document is served');
  t.ok(docs.json().paths['/api/v1/teams/{id}'], 'documented in OpenAPI');
});

t.test(
  'tickets: a team is set, changed, cleared, filtered (id, none, mine), recorded, and lost with the team',
  async (t) => {
    const desk = await testDesk(t);
    const admin = await desk.agent('admin');
    const eng = await desk.agent('engineer');
    const other = await desk.agent('engineer');
    const org = await makeOrganization(admin);
    const dba = (await admin.post('/api/v1/teams', { name: 'DBA', memberIds: [eng.agentId] })).json() as Team;
    const field = (
      await admin.post('/api/v1/teams', { name: 'Field', memberIds: [eng.agentId, other.agentId] })
    ).json() as Team;
    const retired = (await admin.post('/api/v1/teams', { name: 'Retired' })).json() as Team;
    await admin.patch(`/api/v1/teams/${retired.id}`, { active: false });

    // on create
    const a = await makeTicket(eng, org.id, { teamId: dba.id, subject: 'Slow queries' });
    t.equal(a.teamId, dba.id, 'created with a team');
    const b = await makeTicket(eng, org.id, { subject: 'No team yet' });
    t.equal(b.teamId, null, 'no team by default');
    const c = await makeTicket(eng, org.id, { teamId: field.id, subject: 'Broken switch' });
    const badCreate = await eng.post('/api/v1/tickets', {
      subject: 'x',
      description: 'y',
      organizationId: org.id,
      type: 'incident',
      priority: 'P3',
      teamId: 777,
    });
    t.equal(badCreate.statusCode, 400);
    t.equal(badCreate.json().detail, 'Team 777 does not exist');
    const inactiveCreate = await eng.post('/api/v1/tickets', {
      subject: 'x',
      description: 'y',
      organizationId: org.id,
      type: 'incident',
      priority: 'P3',
      teamId: retired.id,
    });
    t.equal(inactiveCreate.statusCode, 400);
    t.match(inactiveCreate.json().detail, /Team "Retired" is inactive/);

    // on change
    const moved = await eng.patch(`/api/v1/tickets/${b.id}`, { teamId: field.id });
    t.equal(moved.statusCode, 200, moved.body);
    t.equal(moved.json().teamId, field.id);
    t.equal((await eng.get(`/api/v1/tickets/${b.id}`)).json().teamId, field.id, 'read back');
    t.equal((await eng.patch(`/api/v1/tickets/${b.id}`, { teamId: 777 })).statusCode, 400, 'unknown team');
    const toInactive = await eng.patch(`/api/v1/tickets/${b.id}`, { teamId: retired.id });
    t.equal(toInactive.statusCode, 400, 'inactive team');
    t.match(toInactive.json().detail, /inactive/);
    t.equal((await eng.patch(`/api/v1/tickets/${b.id}`, { teamId: 'DBA' })).statusCode, 400, 'ids only');
    const cleared = await eng.patch(`/api/v1/tickets/${b.id}`, { teamId: null });
    t.equal(cleared.json().teamId, null, 'cleared');
    await eng.patch(`/api/v1/tickets/${b.id}`, { teamId: null });
    await eng.patch(`/api/v1/tickets/${b.id}`, { teamId: dba.id, priority: 'P2' });

    const history = (await eng.get(`/api/v1/tickets/${b.id}/history`)).json().items as {
      action: string;
      field: string | null;
      from: string | null;
      to: string | null;
      actor: { id: number } | null;
    }[];
    const teamChanges = history.filter((h) => h.field === 'teamId').map((h) => [h.from, h.to]);
    t.same(
      teamChanges,
      [
        [null, String(field.id)],
        [String(field.id), null],
        [null, String(dba.id)],
      ],
      'each real change recorded once, like the assignee',
    );
    t.ok(
      history.filter((h) => h.field === 'teamId').every((h) => h.action === 'changed' && h.actor?.id === eng.agentId),
      'who changed it',
    );

    // the queue
    const numbers = async (client: typeof eng, q: string) =>
      ((await client.get(`/api/v1/tickets?${q}`)).json().items as { id: number }[])
        .map((x) => x.id)
        .sort((x, y) => x - y);
    t.same(
      await numbers(eng, `teamId=${dba.id}`),
      [a.id, b.id].sort((x, y) => x - y),
      'by team',
    );
    t.same(await numbers(eng, `teamId=${field.id}`), [c.id]);
    t.same(await numbers(eng, 'teamId=none'), [], 'every ticket has a team now');
    await eng.patch(`/api/v1/tickets/${a.id}`, { teamId: null });
    t.same(await numbers(eng, 'teamId=none'), [a.id], 'none: without a team');
    t.same(
      await numbers(eng, 'teamId=mine'),
      [b.id, c.id].sort((x, y) => x - y),
      'mine: the teams I am a member of',
    );
    t.same(await numbers(other, 'teamId=mine'), [c.id], 'another member sees only their teams');
    t.same(await numbers(admin, 'teamId=mine'), [], 'no teams, no tickets');
    t.same(await numbers(eng, `teamId=mine&status=new&priority=P2`), [b.id], 'combines with the other filters');
    t.equal((await eng.get('/api/v1/tickets?teamId=all')).statusCode, 400, 'unknown filter values are refused');
    t.equal((await eng.get('/api/v1/tickets?teamId=0')).statusCode, 400);

    // deleting a team clears its tickets' team; members leave with it
    t.equal((await admin.del(`/api/v1/teams/${field.id}`)).statusCode, 204);
    t.equal((await eng.get(`/api/v1/tickets/${c.id}`)).json().teamId, null, 'the ticket lost its team');
    t.same(await numbers(other, 'teamId=mine'), [], 'the membership went with the team');
    t.same(
      await numbers(eng, 'teamId=none'),
      [a.id, c.id].sort((x, y) => x - y),
    );
    t.equal((await eng.get(`/api/v1/tickets/${b.id}`)).json().teamId, dba.id, 'other teams keep their tickets');
  },
);

t.test('the queue by team uses the index', async (t) => {
  const desk = await testDesk(t);
  const plan = await queryPlan(
    desk.inst.ctx().db,
    `select * from tickets where team_id = 1 and status in ('new','open')`,
  );
  t.match(
    plan,
    testDialect === 'postgres'
      ? // An empty table prices the team's two indexes alike; either one reads just the team's rows.
        /Index Scan using tickets_team(_sla_order)? on tickets[\s\S]*Index Cond: \(+team_id = 1\)/
      : /INDEX tickets_team \(team_id=\? AND status=\?\)/,
  );
});
