import t from 'tap';
import { apiClient, testDesk } from '../helpers/app.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { fixedClock } from '../../server/shared/clock.js';

t.test('a read-only token may GET but not change anything', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const created = await admin.post(`/api/v1/agents/${admin.agentId}/tokens`, { name: 'dashboard', scope: 'read' });
  t.equal(created.statusCode, 201);
  t.equal(created.json().scope, 'read');
  t.equal(created.json().expiresAt, null);
  const reader = apiClient(desk.app, created.json().token as string, admin.agentId);
  t.equal((await reader.get('/api/v1/tickets')).statusCode, 200, 'GET works');
  t.equal((await reader.request('HEAD', '/api/v1/tickets')).statusCode, 200, 'HEAD works');
  const post = await reader.post('/api/v1/organizations', { name: 'Acme' });
  t.equal(post.statusCode, 403, 'POST is refused');
  t.equal(post.json().code, 'token_read_only');
  t.match(post.json().detail, /read-only/);
  t.equal((await reader.patch('/api/v1/tickets/1', { status: 'x' })).statusCode, 403, 'PATCH too, before validation');
  t.equal((await reader.del(`/api/v1/tokens/${created.json().id}`)).statusCode, 403, 'and DELETE');
  t.equal((await admin.post('/api/v1/organizations', { name: 'Acme' })).statusCode, 201, 'a write token still writes');

  const list = await admin.get(`/api/v1/agents/${admin.agentId}/tokens`);
  t.equal(list.statusCode, 200);
  t.same(
    list.json().items.map((i: { scope: string; expiresAt: string | null }) => [i.scope, i.expiresAt]),
    [
      ['write', null],
      ['read', null],
    ],
    'the list shows scope and expiry',
  );
  const bad = await admin.post(`/api/v1/agents/${admin.agentId}/tokens`, { name: 'x', scope: 'admin' });
  t.equal(bad.statusCode, 400, 'unknown scope');
});

t.test('an expired token is refused with 401 saying so, also when its lookup was cached', async (t) => {
  const clock = fixedClock('2026-12-04T10:00:00.000Z');
  const desk = await testDesk(t, { clock });
  const admin = await desk.agent('admin');
  const past = await admin.post(`/api/v1/agents/${admin.agentId}/tokens`, {
    name: 'x',
    expiresAt: '2026-12-04T09:00:00.000Z',
  });
  t.equal(past.statusCode, 400, 'an expiry in the past is refused');
  const created = await admin.post(`/api/v1/agents/${admin.agentId}/tokens`, {
    name: 'ci',
    expiresAt: '2026-12-04T11:00:00.000Z',
  });
  t.equal(created.statusCode, 201);
  t.equal(created.json().expiresAt, '2026-12-04T11:00:00.000Z');
  const ci = apiClient(desk.app, created.json().token as string, admin.agentId);
  t.equal((await ci.get('/api/v1/tickets')).statusCode, 200, 'works before expiry (and is now cached)');
  clock.advance(60 * 60_000);
  const expired = await ci.get('/api/v1/tickets');
  t.equal(expired.statusCode, 401, 'refused at expiry');
  t.equal(expired.json().code, 'token_expired');
  t.match(expired.json().detail, /expired.*create a new one/);
  const again = await ci.post('/api/v1/organizations', {});
  t.equal(again.statusCode, 401, 'still refused, before validation');
  t.notMatch(again.json().detail, /name/);
});

t.test('deactivating an agent revokes their tokens: reactivation does not bring them back', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const engineer = await desk.agent('engineer');
  const second = (await createApiToken(desk.inst.ctx(), { agentId: engineer.agentId, name: 'second' })).token;
  t.equal((await engineer.get('/api/v1/tickets')).statusCode, 200, 'works while active (and is cached)');
  t.equal((await admin.patch(`/api/v1/agents/${engineer.agentId}`, { active: false })).statusCode, 200);
  t.equal((await engineer.get('/api/v1/tickets')).statusCode, 401, 'refused once deactivated');
  t.equal((await admin.patch(`/api/v1/agents/${engineer.agentId}`, { active: true })).statusCode, 200);
  t.equal((await engineer.get('/api/v1/tickets')).statusCode, 401, 'still refused after reactivation');
  t.equal(
    (await apiClient(desk.app, second, engineer.agentId).get('/api/v1/tickets')).statusCode,
    401,
    'every token of the agent',
  );
  const list = (await admin.get(`/api/v1/agents/${engineer.agentId}/tokens`)).json();
  t.ok(
    list.items.every((i: { revokedAt: string | null }) => i.revokedAt !== null),
    'the list shows them revoked',
  );
  const fresh = (await createApiToken(desk.inst.ctx(), { agentId: engineer.agentId, name: 'new' })).token;
  t.equal(
    (await apiClient(desk.app, fresh, engineer.agentId).get('/api/v1/tickets')).statusCode,
    200,
    'a new one works',
  );
});
