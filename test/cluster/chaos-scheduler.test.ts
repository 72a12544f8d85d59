import t from 'tap';
import { eventually } from '../helpers/cluster.js';
import { chaosDesk, seconds } from './chaos.js';

/**
 * The acceptance of issue 21 with the settings a customer runs: two `serve` processes on one PostgreSQL database,
 * the DEFAULT lease (30 s, renewed every 10 s), kill -9 of the node holding the scheduler, and the other node
 * running sla-sweep within 30 s. The kill falls at a random point of the renewal cycle, as a crash would: the
 * lease then has 20 to 30 s left, and the standby takes it the moment it runs out and runs the catch-up jobs.
 */
t.test('kill -9 of the scheduler node: the other node runs sla-sweep within 30 s (default lease)', async (t) => {
  const desk = await chaosDesk(t, ['node-a', 'node-b']);
  const { db } = desk;
  const a = await desk.start('node-a');
  const b = await desk.start('node-b');
  const lease = () =>
    db
      .selectFrom('leases')
      .select(['holder_node_id', 'token', 'expires_at'])
      .where('name', '=', 'scheduler')
      .executeTakeFirst();
  const held = await eventually(lease, 10_000, 'the scheduler lease');
  t.match(held, { holder_node_id: 'node-a', token: 1 }, 'the first node holds the scheduler');
  const leaseMs = Date.parse(held.expires_at) - Date.now();
  t.ok(leaseMs > 15_000 && leaseMs <= 30_000, `the default lease: ${seconds(leaseMs)} s left (setting 30 s)`);
  // Both nodes up, and a sweep of node a's own done, so what follows is the takeover's.
  await eventually(
    () =>
      db
        .selectFrom('job_runs')
        .select('id')
        .where('job', '=', 'sla-sweep')
        .where('status', '=', 'ok')
        .executeTakeFirst(),
    20_000,
    'node a’s first sweep',
  );

  await new Promise((r) => setTimeout(r, Math.random() * 10_000));
  const before = (await lease())!;
  const killedAt = Date.now();
  a.child.kill('SIGKILL');
  await a.exited;
  const sweep = await eventually(
    () =>
      db
        .selectFrom('job_runs')
        .select(['started_at', 'instance_id'])
        .where('job', '=', 'sla-sweep')
        .where('status', '=', 'ok')
        .where('started_at', '>', new Date(killedAt).toISOString())
        .executeTakeFirst(),
    40_000,
    `a sweep after the kill (node b: ${b.output()})`,
  );
  const afterKill = Date.parse(sweep.started_at) - killedAt;
  const leftAtKill = Date.parse(before.expires_at) - killedAt;
  const afterExpiry = Date.parse(sweep.started_at) - Date.parse(before.expires_at);
  t.comment(
    `kill -9 with ${seconds(leftAtKill)} s of the lease left; sla-sweep started on node b ${seconds(afterKill)} s ` +
      `after the kill (${afterExpiry} ms after the lease ran out)`,
  );
  t.ok(afterKill <= 30_000, `sla-sweep ran ${seconds(afterKill)} s after the kill (≤ 30 s)`);
  const runner = await db
    .selectFrom('cluster_nodes')
    .select('node_id')
    .where('instance_id', '=', sweep.instance_id!)
    .executeTakeFirstOrThrow();
  t.equal(runner.node_id, 'node-b', 'the sweep ran on the surviving node');
  t.match(await lease(), { holder_node_id: 'node-b', token: 2 }, 'node b holds the scheduler with the next token');
  b.child.kill('SIGTERM');
  t.equal(await b.exited, 0, 'node b stops cleanly');
});
