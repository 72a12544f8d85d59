import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import { acquire, admissionRefusal, release, renew, schemaRefusal } from '../../server/cluster/index.js';
import { openInstallation } from '../../server/installation.js';
import { createMigrator } from '../../server/db/migrator.js';
import { migrations } from '../../migrations/index.js';
import { runJob } from '../../server/jobs/runner.js';
import type { Clock } from '../../server/shared/clock.js';
import { tempDir } from '../helpers/installation.js';
import { scriptCommand } from '../helpers/cli-command.js';

const clockAt = (iso: string) => {
  let now = Date.parse(iso);
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advance: (ms: number) => (now += ms) };
};

async function openAs(t: Test, dataDir: string, nodeId: string, clock?: Clock) {
  const inst = await openInstallation({ dataDir, env: {}, clock, overrides: { nodeId, logLevel: 'warn' } });
  t.teardown(() => inst.close());
  return inst;
}

t.test('a lease: one holder, renewed by it, taken over after it expires with a new fencing token', async (t) => {
  const dir = tempDir(t);
  const time = clockAt('2026-12-05T10:00:00.000Z');
  const a = await openAs(t, dir, 'node-a', time.clock);
  const b = await openAs(t, dir, 'node-b', time.clock);

  const first = await acquire(a.ctx(), 'scheduler', 30_000);
  t.match(first, { holder: 'node-a', token: 1, expiresAt: '2026-12-05T10:00:30.000Z' });
  t.equal(await acquire(b.ctx(), 'scheduler', 30_000), null, 'another node does not get a held lease');

  time.advance(10_000);
  const renewed = await renew(a.ctx(), first!, 30_000);
  t.match(renewed, { token: 1, expiresAt: '2026-12-05T10:00:40.000Z' }, 'the holder extends it, same token');
  time.advance(29_000);
  t.equal(await acquire(b.ctx(), 'scheduler', 30_000), null, 'still held a second before it runs out');

  time.advance(2_000); // the holder stopped renewing: 41 s after its start, 1 s past its end
  const taken = await acquire(b.ctx(), 'scheduler', 30_000);
  t.match(taken, { holder: 'node-b', token: 2 }, 'taken over once expired, the fencing token grows');
  t.equal(await renew(a.ctx(), renewed!, 30_000), null, 'the old holder can no longer renew');
  t.equal(await release(a.ctx(), renewed!), false, 'nor give it up for the new holder');

  t.equal(await release(b.ctx(), taken!), true, 'a clean stop gives the lease up');
  const back = await acquire(a.ctx(), 'scheduler', 30_000);
  t.match(back, { holder: 'node-a', token: 3 }, 'at once, without waiting out its time');
  t.match(await acquire(a.ctx(), 'other', 30_000), { token: 1 }, 'leases are independent by name');
});

t.test('many processes race for one lease at the same instant: exactly one wins', async (t) => {
  const dir = tempDir(t);
  (await openInstallation({ dataDir: dir, env: {}, overrides: { logLevel: 'warn' } })).close();
  const contenders = 8;
  const startAt = String(Date.now() + 6000);
  const results = await Promise.all(
    Array.from({ length: contenders }, (_, i) => runRacer(dir, `node-${i}`, 'lease', startAt)),
  );
  t.equal(results.filter((r) => r.won).length, 1, `one of ${contenders} holds it`);
  t.same(
    results.filter((r) => r.won).map((r) => r.token),
    [1],
  );
});

t.test('processes claiming one job run at the same instant: exactly one runs it', async (t) => {
  const dir = tempDir(t);
  (await openInstallation({ dataDir: dir, env: {}, overrides: { logLevel: 'warn' } })).close();
  const startAt = String(Date.now() + 6000);
  const results = await Promise.all(Array.from({ length: 6 }, (_, i) => runRacer(dir, `node-${i}`, 'job', startAt)));
  // Every claim came while the winner's 8 s run went on (a late one would find the job free again, rightly).
  t.ok(
    results.every((r) => (r.lateMs ?? 0) < 8000),
    `claims at ${results.map((r) => r.lateMs).join(', ')} ms`,
  );
  t.equal(results.filter((r) => r.won).length, 1, 'one claim wins, the others are skipped');
  const inst = await openAs(t, dir, 'checker');
  const runs = await inst.database.db.selectFrom('job_runs').selectAll().where('job', '=', 'race-job').execute();
  t.equal(runs.length, 1, 'and one run is recorded');
  t.equal(runs[0]!.status, 'ok');
});

function runRacer(dir: string, nodeId: string, mode: string, startAt: string) {
  return new Promise<{ nodeId: string; won: boolean; token?: number | null; lateMs?: number }>((resolve, reject) => {
    // Started as the CLI is (helpers/cli-command.ts): six at once must all be ready well before the start instant.
    const [command, args] = scriptCommand('test/fixtures/cluster/racer');
    const child = spawn(command, [...args, dir, nodeId, mode, startAt], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    // 'close', not 'exit': the answer may still be in the pipe when the process exits.
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`racer ${nodeId} exited ${code}: ${err}`)),
    );
  });
}

t.test('a node older than the database refuses to start and says what to do', async (t) => {
  const dir = tempDir(t);
  const inst = await openInstallation({ dataDir: dir, env: {}, overrides: { logLevel: 'warn' } });
  await inst.database.db
    .insertInto('kysely_migration' as never)
    .values({ name: '2099-01-01-001-from-the-future', timestamp: new Date().toISOString() } as never)
    .execute();
  await inst.close();
  await t.rejects(
    openInstallation({ dataDir: dir, env: {}, overrides: { logLevel: 'warn' } }),
    /the database was upgraded to 2099-01-01-001-from-the-future by a newer Ondesk .*upgrade this node/,
  );
  t.equal(schemaRefusal(['a', 'b'], ['a', 'b', 'c']), null, 'a database behind the code is simply migrated');
});

t.test('admission: the license counts live nodes; the free mode keeps one; a node id is one node', async (t) => {
  const live = (nodeId: string) => ({ nodeId, address: '10.0.0.1:8080', hostname: 'h', heartbeatAgeMs: 4000 });
  const base = { nodeId: 'c', licensed: true, allowedNodes: 2, licenseId: 'L-1', liveMs: 30_000 };
  t.equal(admissionRefusal({ ...base, live: [live('a')] }), null, 'the second of two licensed nodes starts');
  t.match(
    admissionRefusal({ ...base, live: [live('a'), live('b')] }),
    /license L-1 allows 2 nodes and 2 are live \(a at 10\.0\.0\.1:8080 on h, heartbeat 4 s ago; b .*stop one of them or extend the license/,
  );
  t.equal(admissionRefusal({ ...base, licensed: false, licenseId: null, allowedNodes: 1, live: [] }), null);
  t.match(
    admissionRefusal({ ...base, licensed: false, licenseId: null, allowedNodes: 1, live: [live('a')] }),
    /the free mode runs one node, and another node is live .*apply this node's token/,
  );
  t.match(
    admissionRefusal({ ...base, nodeId: 'a', live: [live('a')] }),
    /node a is already running .*each node needs its own node id.*after 26 s/,
  );
});

t.test(
  'several nodes starting at once on a fresh database: one migrates, the others wait and find it done',
  async (t) => {
    const dir = tempDir(t);
    const startAt = String(Date.now() + 6000);
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => runRacer(dir, `node-${i}`, 'open', startAt)));
    t.same(
      results.map((r) => r.won),
      [true, true, true, true],
      'every start succeeds (none trips over a table another is creating)',
    );
    const inst = await openAs(t, dir, 'checker');
    const applied = await inst.database.db
      .selectFrom('kysely_migration' as never)
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    t.equal(Number((applied as { n: number }).n), Object.keys(migrations).length, 'each migration applied once');
  },
);

t.test(
  'upgrading a database with runs a crash left "running": all but the newest of a job end as abandoned',
  async (t) => {
    const dir = tempDir(t);
    const inst = await openInstallation({ dataDir: dir, env: {}, overrides: { logLevel: 'warn' }, migrate: false });
    t.teardown(() => inst.close());
    const migrator = createMigrator(inst.database.db);
    t.notOk((await migrator.migrateTo('2026-12-04-029-ticket-write-path')).error);
    const run = (job: string, started_at: string) => ({
      job,
      trigger: 'schedule',
      started_at,
      finished_at: null,
      result: null,
      error: null,
      status: 'running' as const,
    });
    await inst.database.db
      .insertInto('job_runs')
      .values([
        run('sla-sweep', '2026-12-01T10:00:00.000Z'),
        run('sla-sweep', '2026-12-01T10:01:00.000Z'),
        run('backup', '2026-12-01T02:40:00.000Z'),
      ])
      .execute();
    t.notOk((await migrator.migrateTo('2026-12-04-030-cluster-nodes')).error);
    const rows = await inst.database.db
      .selectFrom('job_runs')
      .select(['job', 'status', 'error'])
      .orderBy('id')
      .execute();
    t.match(rows, [
      { job: 'sla-sweep', status: 'failed', error: /abandoned/ },
      { job: 'sla-sweep', status: 'running', error: null },
      { job: 'backup', status: 'running', error: null },
    ]);
    await t.rejects(
      inst.database.db.insertInto('job_runs').values(run('backup', '2026-12-02T02:40:00.000Z')).execute(),
      /UNIQUE/,
      'a second running run of a job is refused by the database',
    );
  },
);

t.test('a run of a node that stopped reporting no longer blocks the job on the node that takes over', async (t) => {
  const dir = tempDir(t);
  const inst = await openAs(t, dir, 'node-b');
  const db = inst.database.db;
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  const node = (node_id: string, instance_id: string, heartbeat_at: string) => ({
    node_id,
    instance_id,
    version: '0.1.0',
    address: '10.0.0.1:8080',
    hostname: 'h',
    pid: 1,
    schema_version: 'x',
    started_at: ago(3600_000),
    heartbeat_at,
    stopped_at: null,
  });
  await db
    .insertInto('cluster_nodes')
    .values([node('node-dead', 'dead-start', ago(120_000)), node('node-live', 'live-start', ago(2_000))])
    .execute();
  const running = (job: string, instance_id: string) => ({
    job,
    trigger: 'schedule',
    started_at: ago(60_000), // a minute: far from the 15 minutes after which any run counts as cut off
    finished_at: null,
    status: 'running' as const,
    result: null,
    error: null,
    instance_id,
  });
  await db
    .insertInto('job_runs')
    .values([running('dead-node-job', 'dead-start'), running('live-node-job', 'live-start')])
    .execute();
  const job = (name: string) => ({ name, schedule: '* * * * *', description: 'test', run: async () => 'ran' });

  t.match(await runJob(inst.ctx(), job('dead-node-job'), 'schedule'), { status: 'ok', result: 'ran' });
  t.match(
    await db.selectFrom('job_runs').select(['status', 'error']).where('instance_id', '=', 'dead-start').execute(),
    [{ status: 'failed', error: /abandoned/ }],
    'the dead node’s run is ended as abandoned',
  );
  t.match(
    await runJob(inst.ctx(), job('live-node-job'), 'schedule'),
    { status: 'skipped', reason: /live-node-job is already running/ },
    'a live node’s run still blocks',
  );
});
