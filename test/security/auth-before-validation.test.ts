import t from 'tap';
import { testDesk } from '../helpers/app.js';

// An anonymous caller of a protected route is refused before the body, query or params are validated: the
// answer must not tell them which fields the route takes.
t.test('anonymous requests to protected routes get 401 before validation, naming no field', async (t) => {
  const { app } = await testDesk(t);
  const probes: { method: 'POST' | 'PATCH' | 'GET'; url: string; payload?: unknown; fields: string[] }[] = [
    {
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { subject: 42, priority: 'P9', junk: true },
      fields: ['subject', 'priority', 'junk'],
    },
    {
      method: 'PATCH',
      url: '/api/v1/tickets/1',
      payload: { status: 'nonsense', nope: [1] },
      fields: ['status', 'nope'],
    },
    { method: 'PATCH', url: '/api/v1/tickets/not-a-number', payload: 'junk', fields: ['id'] },
    { method: 'POST', url: '/api/v1/organizations', payload: {}, fields: ['name'] },
    { method: 'GET', url: '/api/v1/tickets?limit=banana&status=x', fields: ['limit', 'status'] },
  ];
  for (const probe of probes) {
    const res = await app.inject({
      method: probe.method,
      url: probe.url,
      ...(probe.payload !== undefined && {
        payload: typeof probe.payload === 'string' ? probe.payload : JSON.stringify(probe.payload),
        headers: { 'content-type': 'application/json' },
      }),
    });
    t.equal(res.statusCode, 401, `${probe.method} ${probe.url}`);
    t.match(res.headers['content-type'], /application\/problem\+json/);
    t.equal(res.json().code, 'unauthenticated');
    const problem = res.json();
    t.same(Object.keys(problem).sort(), ['code', 'detail', 'status', 'title', 'type'], 'the plain 401, no details');
    const words = `${problem.title} ${problem.detail}`;
    for (const field of probe.fields) t.notMatch(words, new RegExp(`\\b${field}\\b`), `names no ${field}`);
  }
  // A wrong bearer token is refused the same way, before validation.
  const bad = await app.inject({
    method: 'POST',
    url: '/api/v1/organizations',
    headers: { authorization: 'Bearer odk_nope', 'content-type': 'application/json' },
    payload: '{}',
  });
  t.equal(bad.statusCode, 401);
  t.notMatch(bad.body, /\bname\b/);
});

t.test('public routes still validate; signed-in callers still get field problems', async (t) => {
  const desk = await testDesk(t);
  const login = await desk.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 5 } });
  t.equal(login.statusCode, 400, 'login validates its body');
  t.equal((await desk.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'healthz answers');
  const admin = await desk.agent('admin');
  const org = await admin.post('/api/v1/organizations', {});
  t.equal(org.statusCode, 400, 'an authenticated caller learns what is wrong');
  t.match(org.body, /name/);
});
