import t from 'tap';
import type { Test } from 'tap';
import { buildApp } from '../../server/app.js';
import type { Installation } from '../../server/installation.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { LoginThrottle, throttleCleanupJob } from '../../server/modules/auth/index.js';
import { defaultThrottleOptions, RESERVATION_MS } from '../../server/modules/auth/rate-limit.js';
import { hashingStats } from '../../server/modules/auth/password.js';
import { fixedClock } from '../../server/shared/clock.js';
import type { App } from '../../server/http/types.js';
import { twoNodes } from './nodes.js';
import { login } from '../security/login-desk.js';

/** Two nodes of one desk (two installations on one database file), each serving its own app. */
async function twoNodeDesk(t: Test, env: NodeJS.ProcessEnv): Promise<{ nodes: [App, App]; inst: Installation }> {
  const insts = await twoNodes(t, { env });
  const open = async (inst: Installation) => {
    const app = await buildApp({ installation: inst, logRequests: false });
    t.teardown(() => app.close());
    return { inst, app };
  };
  const a = await open(insts[0]);
  const b = await open(insts[1]);
  await createAgent(a.inst.ctx(), {
    email: 'eve@test.ondesk',
    name: 'Eve',
    role: 'engineer',
    password: 'correct horse battery',
  });
  return { nodes: [a.app, b.app], inst: a.inst };
}

t.test('a delay earned on one node holds on the other', async (t) => {
  const { nodes } = await twoNodeDesk(t, { ONDESK_LOGIN_FREE_FAILURES: '1' });
  const [a, b] = nodes;
  t.equal((await login(a, 'eve@test.ondesk', 'wrong-password', '10.1.0.1')).statusCode, 401, 'node A checks');
  const refused = await login(b, 'EVE@test.ondesk', 'correct horse battery', '10.1.0.1');
  t.equal(refused.statusCode, 429, 'node B refuses the same source, even with the right password');
  t.equal(refused.headers['retry-after'], '1');
  t.equal(
    (await login(b, 'eve@test.ondesk', 'correct horse battery', '10.1.0.2')).statusCode,
    200,
    'the owner from another source signs in on node B',
  );
});

t.test('60 parallel wrong passwords over two nodes: at most the free failures are checked in all', async (t) => {
  const { nodes } = await twoNodeDesk(t, { ONDESK_LOGIN_FREE_FAILURES: '3', ONDESK_LOGIN_HASH_QUEUE: '500' });
  const before = hashingStats.verifications;
  const replies = await Promise.all(
    Array.from({ length: 60 }, (_, i) => login(nodes[i % 2]!, 'eve@test.ondesk', 'wrong-password', '10.1.1.1')),
  );
  const checked = hashingStats.verifications - before;
  t.ok(checked >= 1 && checked <= 3, `1 to 3 hashes evaluated across both nodes (${checked})`);
  t.equal(replies.filter((r) => r.statusCode === 401).length, checked);
  t.equal(replies.filter((r) => r.statusCode === 429).length, 60 - checked, 'the rest refused, on both nodes');
});

t.test('the per-account cap counts the failures of both nodes', async (t) => {
  const { nodes } = await twoNodeDesk(t, { ONDESK_LOGIN_ACCOUNT_FAILURES_PER_MINUTE: '4' });
  const [a, b] = nodes;
  for (let i = 0; i < 4; i++)
    t.equal((await login(nodes[i % 2]!, 'eve@test.ondesk', 'wrong-password', `10.1.2.${i}`)).statusCode, 401);
  const before = hashingStats.verifications;
  t.equal(
    (await login(a, 'eve@test.ondesk', 'correct horse battery', '10.1.2.50')).statusCode,
    429,
    'a fifth source, node A',
  );
  t.equal((await login(b, 'eve@test.ondesk', 'correct horse battery', '10.1.2.51')).statusCode, 429, 'and on node B');
  t.equal(hashingStats.verifications, before, 'refused without evaluating a hash');
});

t.test('a check a dead node never released stops counting when its reservation ends', async (t) => {
  const [inst] = await twoNodes(t);
  const throttle = new LoginThrottle('test', { ...defaultThrottleOptions, freeFailures: 1 });
  const now = Date.parse('2026-12-05T10:00:00.000Z');
  const first = await throttle.reserve(inst.ctx(), 'eve@test.ondesk', '10.1.3.1', now);
  t.equal(first.ok, true, 'one check under way (never released: its node died)');
  t.match(await throttle.reserve(inst.ctx(), 'eve@test.ondesk', '10.1.3.1', now + 1000), { ok: false });
  const later = await throttle.reserve(inst.ctx(), 'eve@test.ondesk', '10.1.3.1', now + RESERVATION_MS + 1);
  t.equal(later.ok, true, 'after the reservation ends the source may try again');
  if (later.ok) await later.release('failed', now + RESERVATION_MS + 2);
  const row = await inst.database.db
    .selectFrom('throttle_counters')
    .selectAll()
    .where('key', 'like', 'test:pair:%')
    .executeTakeFirstOrThrow();
  t.match(row, { count: 1, in_flight: 0, next_allowed_at: new Date(now + RESERVATION_MS + 2 + 1000).toISOString() });
});

t.test('the cleanup job deletes idle counters after a day and known sources after 90 days', async (t) => {
  const { nodes, inst } = await twoNodeDesk(t, { ONDESK_LOGIN_FREE_FAILURES: '1' });
  await login(nodes[0], 'eve@test.ondesk', 'correct horse battery', '10.1.4.1');
  for (let i = 0; i < 5; i++) await login(nodes[1], `nobody${i}@test.ondesk`, 'wrong-password', '10.1.4.2');
  const keys = async () =>
    (await inst.database.db.selectFrom('throttle_counters').select('key').orderBy('key').execute()).map((r) => r.key);
  t.equal(
    (await keys()).length,
    2 + 5 * 2,
    "the known source and its account's counter, and a pair and an account per address tried",
  );
  const at = (days: number) => ({ ...inst.ctx(), clock: fixedClock(new Date(Date.now() + days * 86_400_000)) });
  t.same(await throttleCleanupJob(at(0)), { deleted: 0 }, 'nothing idle yet');
  t.same(await throttleCleanupJob(at(2)), { deleted: 11 }, 'two days on: the counters go');
  t.same(await keys(), ['login:known:eve@test.ondesk|10.1.4.1'], 'the known source stays');
  t.same(await throttleCleanupJob(at(91)), { deleted: 1 }, 'ninety-one days on: it goes too');
});
