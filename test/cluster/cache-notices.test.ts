import t, { type Test } from 'tap';
import pg from 'pg';
import { sql } from 'kysely';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listenForCacheNotices } from '../../server/cluster/index.js';
import { inTransaction } from '../../server/context.js';
import { openInstallation, type Installation } from '../../server/installation.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { readTimeSettings } from '../../server/modules/worklogs/time-settings.js';
import { announceForget, briefCache, cacheNamed, CACHE_CHANNEL } from '../../server/shared/brief-cache.js';
import type { Commit } from '../../server/db/write-batcher.js';
import { freshPostgresDatabase, tempDir, testInstallation } from '../helpers/installation.js';
import { eventually, freePort, serveNode, serving } from '../helpers/cluster.js';

async function onPostgres(t: Test, dataDir: string, url: string, nodeId: string): Promise<Installation> {
  const inst = await openInstallation({
    dataDir,
    env: {},
    overrides: { logLevel: 'warn', nodeId, database: 'postgres', databaseUrl: url, databasePool: 3 },
  });
  t.teardown(() => inst.close());
  return inst;
}

/** A raw connection listening on the cache channel, as another node's would: the notices it got, in order. */
async function listener(t: Test, url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const got: string[] = [];
  client.on('notification', (m) => got.push(m.payload ?? ''));
  await client.query(`LISTEN ${CACHE_CHANNEL}`);
  t.teardown(() => client.end());
  return got;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test(
  'PostgreSQL: a change on node A is seen by node B on its next read, long before the cache would expire',
  async (t) => {
    const database = await freshPostgresDatabase();
    t.teardown(() => database.drop());
    const dirA = tempDir(t);
    writeFileSync(join(dirA, 'ondesk.json'), JSON.stringify({ database: 'postgres', databaseUrl: database.url }));
    // Node B is this process (its caches are the ones observed); node A is a served node of its own process.
    const b = await onPostgres(t, tempDir(t), database.url, 'node-b');
    const admin = await createAgent(b.ctx(), {
      email: 'admin@test.ondesk',
      name: 'Admin',
      role: 'admin',
      language: 'en',
    });
    const { token } = await createApiToken(b.ctx(), { agentId: admin.id, name: 'node test' });
    const port = await freePort();
    const a = serveNode(t, dirA, 'node-a', port);
    await serving(a);
    const save = async (lockedUntil: string) => {
      const current = await readTimeSettings(b.ctx());
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/time-settings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ lockedUntil, typeBillable: current.typeBillable }),
      });
      t.equal(res.status, 200, `node A saved lockedUntil ${lockedUntil}`);
    };

    // Ten minutes: only a notice can make node B forget within this test.
    const cache = cacheNamed('time-settings')!;
    const ttl = cache.ttlMs;
    cache.ttlMs = 600_000;
    t.teardown(() => void (cache.ttlMs = ttl));

    t.equal((await readTimeSettings(b.ctx())).lockedUntil, null, 'node B has cached the settings');
    await save('2026-10-31');
    await pause(1_500);
    t.equal(
      (await readTimeSettings(b.ctx())).lockedUntil,
      null,
      'without listening, node B still serves what it cached (the TTL alone would keep it for ten minutes)',
    );

    const notices = listenForCacheNotices({ url: database.url, log: b.log });
    t.teardown(() => notices.stop());
    await notices.listening();
    t.equal((await readTimeSettings(b.ctx())).lockedUntil, '2026-10-31', 'listening starts from a clean cache');

    await save('2026-11-30');
    const savedAt = Date.now();
    await eventually(
      async () => ((await readTimeSettings(b.ctx())).lockedUntil === '2026-11-30' ? true : undefined),
      2_000,
      'node B to see the change',
    );
    const seenAfterMs = Date.now() - savedAt;
    t.ok(seenAfterMs < 1_000, `node B read the new settings ${seenAfterMs} ms after node A answered`);
  },
);

t.test('PostgreSQL: the notice is sent with the commit, never by a transaction that rolls back', async (t) => {
  const inst = await testInstallation(t, { database: 'postgres' });
  const got = await listener(t, inst.config.databaseUrl!);
  const cache = briefCache('test-notice-commit');

  let sentBeforeCommit = -1;
  await inTransaction(inst.ctx(), async (tx) => {
    cache.forget(tx);
    cache.forget(tx);
    // Still inside: PostgreSQL holds a transaction's notices until it commits.
    await pause(300);
    sentBeforeCommit = got.length;
  });
  t.equal(sentBeforeCommit, 0, 'nothing reached the other connection before COMMIT');
  await eventually(() => (got.length > 0 ? true : undefined), 2_000, 'the notice');
  await pause(200);
  t.same(got, ['test-notice-commit'], 'one notice for the transaction (PostgreSQL folds equal ones)');

  await t.rejects(
    inTransaction(inst.ctx(), async (tx) => {
      cache.forget(tx);
      throw new Error('changed my mind');
    }),
    /changed my mind/,
  );
  cache.forget(inst.ctx());
  await eventually(() => (got.length > 1 ? true : undefined), 2_000, 'the notice sent outside a transaction');
  await pause(200);
  t.same(got, ['test-notice-commit', 'test-notice-commit'], 'the rolled-back one sent nothing');
});

t.test('a lost listening connection forgets every cache and listens again', async (t) => {
  const inst = await testInstallation(t, { database: 'postgres' });
  const url = inst.config.databaseUrl!;
  const cache = briefCache('test-notice-reconnect', 600_000);
  const notices = listenForCacheNotices({ url, log: inst.log });
  t.teardown(() => notices.stop());
  await notices.listening();

  let loads = 0;
  const load = async () => ++loads;
  t.equal(await cache.get({}, 'k', load), 1);
  t.equal(await cache.get({}, 'k', load), 1, 'cached');
  // The database ends the listening connection (a restart, a failover).
  await sql`select pg_terminate_backend(pid) from pg_stat_activity
    where application_name = 'ondesk-cache-notices' and datname = current_database()`.execute(inst.database.db);
  await eventually(async () => ((await cache.get({}, 'k', load)) === 2 ? true : undefined), 3_000, 'forgotten');
  await notices.listening();
  const other = await listener(t, url);
  await eventually(
    async () => {
      await sql`select pg_notify(${CACHE_CHANNEL}, 'test-notice-reconnect')`.execute(inst.database.db);
      await pause(100);
      return other.length > 0 ? true : undefined;
    },
    3_000,
    'a notice to go round',
  );
  await eventually(async () => ((await cache.get({}, 'k', load)) > 2 ? true : undefined), 3_000, 'forgotten again');
  t.pass('a notice after the reconnect is heard');
});

t.test('SQLite: a change tells nobody (one node), the cache is forgotten as before', async (t) => {
  const inst = await testInstallation(t, { database: 'sqlite' });
  const hooks: string[] = [];
  const commit: Commit = {
    afterCommit: () => void hooks.push('after'),
    beforeCommit: () => void hooks.push('before'),
  };
  announceForget({ db: inst.database.db, commit }, 'time-settings');
  announceForget({ db: inst.database.db }, 'time-settings');
  t.same(hooks, [], 'no NOTIFY is queued in a SQLite transaction');

  let loads = 0;
  const cache = briefCache('test-notice-sqlite', 600_000);
  await cache.get({}, 'k', async () => ++loads);
  await inTransaction(inst.ctx(), async (tx) => cache.forget(tx));
  t.equal(await cache.get({}, 'k', async () => ++loads), 2, 'the local change forgot it');
});

t.test('caches are known by name, each name once', async (t) => {
  t.ok(cacheNamed('sla-terms'), 'sla-terms');
  t.ok(cacheNamed('api-tokens'), 'api-tokens');
  t.throws(() => briefCache('sla-terms'), /a cache named sla-terms is registered already/);
});
