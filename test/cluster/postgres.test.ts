import t, { type Test } from 'tap';
import { acquire } from '../../server/cluster/index.js';
import { openInstallation, type Installation } from '../../server/installation.js';
import { runJob } from '../../server/jobs/runner.js';
import { freshPostgresDatabase, tempDir } from '../helpers/installation.js';
import { eventually, freePort, licenseNodes, serveNode, serving } from '../helpers/cluster.js';
import { trustTestKeys } from '../helpers/licenses.js';

/**
 * The same lease and job claim on PostgreSQL, where transactions of several nodes really run at once (READ
 * COMMITTED, a pool per node): a read-then-write would let two of them win here.
 */
async function nodesOnOneDatabase(t: Test, count: number) {
  const database = await freshPostgresDatabase();
  const nodes: Installation[] = [];
  // The nodes' pools end before the database is dropped.
  t.teardown(async () => {
    for (const n of nodes) await n.close();
    await database.drop();
  });
  for (let i = 0; i < count; i++) {
    const inst = await openInstallation({
      dataDir: tempDir(t),
      env: {},
      overrides: {
        logLevel: 'warn',
        nodeId: `pg-node-${i}`,
        database: 'postgres',
        databaseUrl: database.url,
        databasePool: 3,
      },
    });
    nodes.push(inst);
  }
  return nodes;
}

t.test('PostgreSQL: 12 nodes ask for one lease at once, 5 rounds: exactly one wins each round', async (t) => {
  const nodes = await nodesOnOneDatabase(t, 12);
  for (let round = 0; round < 5; round++) {
    const name = `race-${round}`;
    const results = await Promise.all(
      nodes.flatMap((n) => [acquire(n.ctx(), name, 30_000), acquire(n.ctx(), name, 30_000)]),
    );
    const holders = new Set(results.filter((r) => r !== null).map((r) => r!.holder));
    t.equal(holders.size, 1, `round ${round}: one holder (${[...holders].join(', ')})`);
    t.same([...new Set(results.filter((r) => r !== null).map((r) => r!.token))], [1], 'token 1');
  }
});

t.test('PostgreSQL: 8 nodes claim one job run at once: one runs it, one run recorded', async (t) => {
  const nodes = await nodesOnOneDatabase(t, 8);
  let ran = 0;
  const job = {
    name: 'pg-race-job',
    schedule: '* * * * *',
    description: 'test',
    run: async () => {
      ran++;
      await new Promise((r) => setTimeout(r, 500));
      return 'done';
    },
  };
  const outcomes = await Promise.all(nodes.map((n) => runJob(n.ctx(), job, 'schedule')));
  t.equal(outcomes.filter((o) => o.status === 'ok').length, 1);
  t.equal(outcomes.filter((o) => o.status === 'skipped').length, 7);
  t.equal(ran, 1);
  const runs = await nodes[0]!.database.db.selectFrom('job_runs').selectAll().where('job', '=', job.name).execute();
  t.equal(runs.length, 1);
});

t.test('PostgreSQL: a lease that ran out is taken over by one of many, with the next fencing token', async (t) => {
  const nodes = await nodesOnOneDatabase(t, 6);
  const first = await acquire(nodes[0]!.ctx(), 'takeover', 300);
  t.match(first, { holder: 'pg-node-0', token: 1 });
  t.equal(await acquire(nodes[1]!.ctx(), 'takeover', 30_000), null, 'held');
  await new Promise((r) => setTimeout(r, 400));
  const results = await Promise.all(nodes.slice(1).map((n) => acquire(n.ctx(), 'takeover', 30_000)));
  const won = results.filter((r) => r !== null);
  t.equal(won.length, 1, 'one of the five takes it over');
  t.equal(won[0]!.token, 2);
});

t.test('PostgreSQL, two serving nodes: kill -9 the scheduler node, the other runs sla-sweep (3 s lease)', async (t) => {
  trustTestKeys();
  const database = await freshPostgresDatabase();
  const dir = tempDir(t);
  const env = { ONDESK_DATABASE: 'postgres', ONDESK_DATABASE_URL: database.url, ONDESK_CLUSTER_LEASE_SECONDS: '3' };
  const setup = await openInstallation({ dataDir: dir, env, overrides: { logLevel: 'warn' } });
  t.teardown(async () => {
    await setup.close();
    await database.drop();
  });
  await licenseNodes(setup, 2, ['node-a', 'node-b']);
  const db = setup.database.db;
  const a = serveNode(t, dir, 'node-a', await freePort(), env);
  await serving(a);
  const b = serveNode(t, dir, 'node-b', await freePort(), env);
  await serving(b);
  const holder = await eventually(
    async () =>
      (await db.selectFrom('leases').select('holder_node_id').where('name', '=', 'scheduler').executeTakeFirst())
        ?.holder_node_id,
    10_000,
    'the scheduler lease',
  );
  t.equal(holder, 'node-a', 'the first node holds the scheduler');
  const live = await db.selectFrom('cluster_nodes').select('node_id').where('stopped_at', 'is', null).execute();
  t.same(live.map((n) => n.node_id).sort(), ['node-a', 'node-b'], 'both registered');

  const killedAt = new Date().toISOString();
  a.child.kill('SIGKILL');
  await a.exited;
  const run = await eventually(
    () =>
      db
        .selectFrom('job_runs')
        .select('started_at')
        .where('job', '=', 'sla-sweep')
        .where('status', '=', 'ok')
        .where('started_at', '>', killedAt)
        .executeTakeFirst(),
    30_000,
    `a sweep after the kill (node b: ${b.output()})`,
  );
  const afterMs = Date.parse(run.started_at) - Date.parse(killedAt);
  t.ok(afterMs <= 5_000, `the sweep ran on the other node ${afterMs} ms after the kill`);
  t.match(
    await db
      .selectFrom('leases')
      .select(['holder_node_id', 'token'])
      .where('name', '=', 'scheduler')
      .executeTakeFirst(),
    { holder_node_id: 'node-b', token: 2 },
  );
  b.child.kill('SIGTERM');
  t.equal(await b.exited, 0, 'a clean stop');
});
