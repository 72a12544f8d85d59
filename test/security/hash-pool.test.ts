import t from 'tap';
import { randomBytes, scryptSync } from 'node:crypto';
import { buildApp } from '../../server/app.js';
import { HashPool, hashPassword, verifyPassword } from '../../server/modules/auth/password.js';
import { apiClient } from '../helpers/app.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { testInstallation } from '../helpers/installation.js';
import { login, loginDesk } from './login-desk.js';

t.test('hashes made before the pool (async scrypt, same format) still verify; new ones keep the format', async (t) => {
  const salt = randomBytes(16);
  const key = scryptSync('old password 123', salt, 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 2 ** 17 * 8 });
  const stored = `scrypt$131072$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
  t.equal(await verifyPassword('old password 123', stored), true);
  t.equal(await verifyPassword('old password 124', stored), false);
  const fresh = await hashPassword('new password 123');
  t.match(fresh, /^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  t.equal(await verifyPassword('new password 123', fresh), true);
});

t.test('a full queue refuses at once instead of waiting', async (t) => {
  const pool = new HashPool({ workers: 1, queue: 1 });
  t.teardown(() => pool.close());
  const params = { N: 2 ** 14, r: 8, p: 1 };
  const running = pool.derive('a', randomBytes(16), params);
  const queued = pool.derive('b', randomBytes(16), params);
  await t.rejects(pool.derive('c', randomBytes(16), params), { status: 503, code: 'busy' });
  t.equal((await running).length, 32);
  t.equal((await queued).length, 32);
});

t.test('sign-ins beyond the hashing queue get 503 with Retry-After and a message for people', async (t) => {
  const { app } = await loginDesk(t, { ONDESK_LOGIN_HASH_WORKERS: '1', ONDESK_LOGIN_HASH_QUEUE: '2' });
  const replies = await Promise.all(
    Array.from({ length: 20 }, (_, i) => login(app, `nobody${i}@test.ondesk`, 'whatever-password', `10.5.0.${i}`)),
  );
  const busy = replies.filter((r) => r.statusCode === 503);
  t.ok(busy.length >= 10, `most are refused (${busy.length} of 20)`);
  t.ok(
    replies.every((r) => r.statusCode === 503 || r.statusCode === 401),
    'the others are checked: unknown e-mails cost a hash in the same queue',
  );
  t.ok(
    busy.every((r) => Number(r.headers['retry-after']) >= 1),
    'with Retry-After',
  );
  t.match(busy[0]!.headers['content-type'], /application\/problem\+json/);
  t.match(busy[0]!.json(), { status: 503, code: 'busy', detail: /try again in \d+ seconds/ });
});

t.test('while 100 sign-ins with unknown e-mails run, a ticket is created through a token quickly', async (t) => {
  const inst = await testInstallation(t);
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(() => app.close());
  const agent = await createAgent(inst.ctx(), { email: 'admin@test.ondesk', name: 'A', role: 'admin' });
  const admin = apiClient(app, (await createApiToken(inst.ctx(), { agentId: agent.id, name: 't' })).token, agent.id);
  const org = (await admin.post('/api/v1/organizations', { name: 'Acme' })).json();
  await verifyPassword('warm up the decoy', await hashPassword('x'.repeat(12)));

  /**
   * One try: 100 sign-ins with unknown e-mails, and 50 ms later a ticket through a token. How long the ticket took
   * is wall-clock time, and CI runs many test files at once on two cores, where a neighbour can keep this process
   * off the CPU for a second. So an answer over the limit is tried once more and the lower of the two counts: a
   * ticket queued behind the hashing is slow on every try, a neighbour's burst does not repeat on cue.
   */
  const tryOnce = async (round: number) => {
    const flood = Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        login(app, `ghost${round}-${i}@test.ondesk`, 'whatever-password', `10.6.${round}.${i}`),
      ),
    );
    await new Promise((r) => setTimeout(r, 50)); // the flood is under way
    const started = performance.now();
    const created = await admin.post('/api/v1/tickets', {
      subject: 'Printer jams',
      description: 'During a login flood',
      organizationId: org.id,
      type: 'incident',
      priority: 'P2',
    });
    const ms = performance.now() - started;
    t.equal(created.statusCode, 201);
    const statuses = (await flood).map((r) => r.statusCode);
    t.ok(
      statuses.every((s) => s === 401 || s === 503),
      'the flood got plain refusals',
    );
    return ms;
  };
  const first = await tryOnce(0);
  const ms = first < 1000 ? first : Math.min(first, await tryOnce(1));
  t.ok(
    ms < 1000,
    `ticket created in ${Math.round(ms)} ms during the flood${first >= 1000 ? ` (${Math.round(first)} ms on the first try)` : ''}`,
  );
});
