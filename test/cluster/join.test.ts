import t, { type Test } from 'tap';
import { hostname } from 'node:os';
import { joinCluster, NodeRefused } from '../../server/cluster/index.js';
import { openInstallation, type Installation } from '../../server/installation.js';
import { tempDir } from '../helpers/installation.js';

async function open(t: Test, dataDir: string, nodeId: string): Promise<Installation> {
  const inst = await openInstallation({ dataDir, env: {}, overrides: { logLevel: 'warn', nodeId } });
  t.teardown(() => inst.close());
  return inst;
}

/** A node row as another start left it: `heartbeatAgoMs` since it last reported. */
async function leftBehind(inst: Installation, row: { node_id: string; hostname: string; pid: number; ago: number }) {
  const at = new Date(Date.now() - row.ago).toISOString();
  await inst.database.db
    .insertInto('cluster_nodes')
    .values({
      node_id: row.node_id,
      instance_id: `earlier-${row.node_id}`,
      version: '0.1.0',
      address: '10.0.0.9:8080',
      hostname: row.hostname,
      pid: row.pid,
      schema_version: 'x',
      started_at: at,
      heartbeat_at: at,
      stopped_at: null,
    })
    .execute();
}

t.test('a node restarted right after a crash on its own host is not taken for a twin', async (t) => {
  const inst = await open(t, tempDir(t), 'node-a');
  // A container restarted: same host name, and its process has the pid the dead one had (here: ours).
  await leftBehind(inst, { node_id: 'node-a', hostname: hostname(), pid: process.pid, ago: 3_000 });
  const membership = await joinCluster(inst, { address: '127.0.0.1:8080' });
  t.teardown(() => membership.leave());
  const row = await inst.database.db.selectFrom('cluster_nodes').selectAll().executeTakeFirstOrThrow();
  t.equal(row.instance_id, membership.instanceId, 'the row is this start’s now');
  t.equal(row.address, '127.0.0.1:8080');
});

t.test('the same node id live on another host is refused; a stale node does not count', async (t) => {
  const dir = tempDir(t);
  const inst = await open(t, dir, 'node-a');
  await leftBehind(inst, { node_id: 'node-a', hostname: 'other-host', pid: 4242, ago: 3_000 });
  const refused = await joinCluster(inst, { address: '127.0.0.1:8080' }).catch((err: unknown) => err);
  t.ok(refused instanceof NodeRefused, 'refused as a node that may not start (serve exits 1 with it)');
  t.match(
    (refused as Error).message,
    /^node node-a is already running \(node-a at 10\.0\.0\.9:8080 on other-host, heartbeat 3 s ago\): each node needs its own node id/,
  );

  const other = await open(t, dir, 'node-b');
  await inst.database.db
    .updateTable('cluster_nodes')
    .set({ heartbeat_at: new Date(Date.now() - 31_000).toISOString() })
    .execute();
  const membership = await joinCluster(other, { address: '127.0.0.1:8081' });
  t.teardown(() => membership.leave());
  t.pass('in the free mode node-b starts: node-a last reported 31 s ago');
});
