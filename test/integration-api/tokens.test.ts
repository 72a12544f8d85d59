import t from 'tap';
import { apiClient, testDesk } from '../helpers/app.js';
import { makeOrganization } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';
import { apiScopes, requiredScope, scopeAllows } from '../../server/modules/auth/index.js';

t.test(
  'POST /tokens creates a token with scopes and an expiry, shown once; the list shows scopes and last use',
  async (t) => {
    const clock = fixedClock('2026-12-04T10:00:00.000Z');
    const desk = await testDesk(t, { clock });
    const engineer = await desk.agent('engineer');
    const created = await engineer.post('/api/v1/tokens', {
      name: 'Site form',
      scopes: ['tickets:write', 'read'],
      expiresAt: '2026-12-31T00:00:00Z',
    });
    t.equal(created.statusCode, 201);
    const token = created.json();
    t.match(token.token, /^odk_/);
    t.same(token.scopes, ['read', 'tickets:write'], 'canonical order');
    t.equal(token.expiresAt, '2026-12-31T00:00:00.000Z');
    t.equal(token.rateLimitPerMinute, null);

    const list = await engineer.get('/api/v1/tokens');
    t.equal(list.statusCode, 200);
    const mine = list.json().items.find((i: { id: number }) => i.id === token.id);
    t.same(mine.scopes, ['read', 'tickets:write']);
    t.equal(mine.expiresAt, '2026-12-31T00:00:00.000Z');
    t.equal(mine.lastUsedAt, null, 'never used yet');
    t.notOk(JSON.stringify(list.json()).includes(token.token), 'the secret is never listed');

    const client = apiClient(desk.app, token.token, engineer.agentId);
    t.equal((await client.get('/api/v1/tickets')).statusCode, 200);
    // lastUsedAt is written after the answer, off the request path.
    await new Promise((r) => setTimeout(r, 50));
    const used = (await engineer.get('/api/v1/tokens')).json().items.find((i: { id: number }) => i.id === token.id);
    t.type(used.lastUsedAt, 'string', 'the list shows the last use');

    const scopes = await engineer.get('/api/v1/tokens/scopes');
    t.same(
      scopes.json().items.map((s: { scope: string }) => s.scope),
      [...apiScopes],
    );

    const unknown = await engineer.post('/api/v1/tokens', { name: 'x', scopes: ['tickets:delete'] });
    t.equal(unknown.statusCode, 400, 'an unknown scope');
    const none = await engineer.post('/api/v1/tokens', { name: 'x', scopes: [] });
    t.equal(none.statusCode, 400, 'no scope at all');
    const past = await engineer.post('/api/v1/tokens', {
      name: 'x',
      scopes: ['read'],
      expiresAt: '2026-01-01T00:00:00Z',
    });
    t.equal(past.statusCode, 400, 'an expiry in the past');

    clock.set('2027-01-01T00:00:00.000Z');
    const expired = await client.get('/api/v1/tickets');
    t.equal(expired.statusCode, 401, 'an expired token is refused');
    t.equal(expired.json().code, 'token_expired');
    t.match(expired.json().detail, /expired/);
  },
);

t.test(
  'scopes narrow a token: tickets:write files tickets but cannot change clients or mint wider tokens',
  async (t) => {
    const desk = await testDesk(t);
    const admin = await desk.agent('admin');
    const org = await makeOrganization(admin);
    const made = await admin.post('/api/v1/tokens', { name: 'Monitoring', scopes: ['read', 'tickets:write'] });
    const narrow = apiClient(desk.app, made.json().token, admin.agentId);
    const ticket = await narrow.post('/api/v1/tickets', {
      subject: 'Disk full',
      description: 'srv-1 disk at 99%',
      organizationId: org.id,
      type: 'incident',
      priority: 'P2',
    });
    t.equal(ticket.statusCode, 201, 'tickets:write files a ticket');
    const orgPost = await narrow.post('/api/v1/organizations', { name: 'Other' });
    t.equal(orgPost.statusCode, 403);
    t.equal(orgPost.json().code, 'token_scope');
    t.match(orgPost.json().detail, /organizations:write/);
    const wider = await narrow.post('/api/v1/tokens', { name: 'escalate', scopes: ['read', 'admin'] });
    t.equal(wider.statusCode, 403, 'creating tokens needs admin');

    const adminToken = await admin.post('/api/v1/tokens', { name: 'ops', scopes: ['read', 'admin'] });
    const ops = apiClient(desk.app, adminToken.json().token, admin.agentId);
    const sub = await ops.post('/api/v1/tokens', { name: 'sub', scopes: ['read', 'tickets:write'] });
    t.equal(sub.statusCode, 201, 'an admin token hands out less than it holds');

    const writeOnly = await admin.post('/api/v1/tokens', { name: 'w', scopes: ['tickets:write'] });
    const blind = apiClient(desk.app, writeOnly.json().token, admin.agentId);
    t.equal((await blind.get('/api/v1/tickets')).statusCode, 403, 'reading needs read');
  },
);

t.test('every API route needs a known scope', async (t) => {
  const desk = await testDesk(t);
  const routes: { method: string; url: string }[] = [];
  await desk.app.ready();
  const doc = desk.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  for (const [path, ops] of Object.entries(doc.paths))
    for (const method of Object.keys(ops))
      routes.push({ method: method.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1') });
  t.ok(routes.length > 200, `${routes.length} operations`);
  const missing = routes.filter((r) => r.url.startsWith('/api/v1/') && requiredScope(r.method, r.url) === null);
  t.same(missing, [], 'no route is left without a scope');
  t.equal(requiredScope('POST', '/api/v1/tickets/:id/comments'), 'tickets:write');
  t.equal(requiredScope('PATCH', '/api/v1/agreements/:id'), 'agreements:write');
  t.equal(requiredScope('GET', '/api/v1/documents/:id.pdf'), 'read');
  t.equal(requiredScope('POST', '/api/v1/agents'), 'admin');
  t.ok(scopeAllows(['read', 'write'], 'money:write'), 'a token of before scopes still does everything');
  t.notOk(scopeAllows(['read'], 'tickets:write'));
});

t.test('per-token rate limits answer RateLimit-* headers and 429 with Retry-After', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  t.equal((await admin.get('/api/v1/tickets')).headers['ratelimit-limit'], '600', 'the default is 600 a minute');
  const made = await admin.post('/api/v1/tokens', { name: 'tight', scopes: ['read'], rateLimitPerMinute: 3 });
  t.equal(made.json().rateLimitPerMinute, 3);
  const tight = apiClient(desk.app, made.json().token, admin.agentId);
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await tight.get('/api/v1/tickets'));
  t.same(
    answers.map((a) => [a.statusCode, a.headers['ratelimit-limit'], a.headers['ratelimit-remaining']]),
    [
      [200, '3', '2'],
      [200, '3', '1'],
      [200, '3', '0'],
      [429, '3', '0'],
    ],
  );
  const reset = Number(answers[3]!.headers['ratelimit-reset']);
  t.ok(reset >= 1 && reset <= 60, 'reset within the minute');
  t.equal(answers[3]!.headers['retry-after'], String(reset));
  t.equal(answers[3]!.json().code, 'rate_limited');
  t.match(answers[3]!.json().detail, /more than 3 requests/);
  t.equal((await admin.get('/api/v1/tickets')).statusCode, 200, 'another token is not slowed');
});
