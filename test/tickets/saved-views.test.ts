import t from 'tap';
import { testDesk } from '../helpers/app.js';

type View = { id: number; name: string; query: string; teamId: number | null; teamName: string | null; mine: boolean };

t.test('saved views: personal, or shared with a team whose members see them; only the owner deletes', async (t) => {
  const desk = await testDesk(t);
  const manager = await desk.agent('manager');
  const ann = await desk.agent('engineer');
  const bob = await desk.agent('engineer');
  const outsider = await desk.agent('engineer');
  const team = (
    await manager.post('/api/v1/teams', { name: 'First line', memberIds: [ann.agentId, bob.agentId] })
  ).json();
  const other = (await manager.post('/api/v1/teams', { name: 'DBA', memberIds: [] })).json();

  const mine = await ann.post('/api/v1/views', { name: 'My P1', query: '?priority=P1' });
  t.equal(mine.statusCode, 201, mine.body);
  t.same(mine.json(), {
    id: mine.json().id,
    name: 'My P1',
    query: 'priority=P1',
    teamId: null,
    teamName: null,
    mine: true,
  });
  const shared = await ann.post('/api/v1/views', {
    name: 'Line queue',
    query: 'status=active&teamId=mine',
    teamId: team.id,
  });
  t.equal(shared.statusCode, 201, shared.body);
  t.match(shared.json(), { teamId: team.id, teamName: 'First line', mine: true });

  const bobs: View[] = (await bob.get('/api/v1/views')).json().items;
  t.same(
    bobs.map((v) => [v.name, v.mine]),
    [['Line queue', false]],
    'a member sees the shared view, not the personal one',
  );
  t.same((await outsider.get('/api/v1/views')).json().items, [], 'nobody else sees it');
  t.equal((await bob.del(`/api/v1/views/${shared.json().id}`)).statusCode, 404, 'a member does not delete it');

  const notMember = await ann.post('/api/v1/views', { name: 'DBA', query: 'teamId=2', teamId: other.id });
  t.equal(notMember.statusCode, 403);
  t.match(notMember.json().detail, /only with a team you are a member of/);
  t.equal((await manager.post('/api/v1/views', { name: 'DBA', query: '', teamId: other.id })).statusCode, 201);
  const missing = await manager.post('/api/v1/views', { name: 'X', query: '', teamId: 999 });
  t.equal(missing.statusCode, 400);
  t.match(missing.json().detail, /Team 999 does not exist/);

  t.equal((await ann.del(`/api/v1/views/${shared.json().id}`)).statusCode, 204);
  t.same((await bob.get('/api/v1/views')).json().items, []);
});
