import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Ctx } from '../context.js';
import { inTransaction, systemActor } from '../context.js';
import type { Installation } from '../installation.js';
import { authorize } from '../modules/auth/index.js';
import { licenseStatus } from '../modules/licensing/index.js';
import { productRoot } from '../shared/paths.js';
import { admissionRefusal, type LiveNode } from './admission.js';
import * as repo from './cluster.repository.js';
import { acquire, release } from './leases.js';
import { assertSchemaKnown, knownSchemaVersion, SchemaTooNew } from './schema-guard.js';
import { clusterTiming } from './timing.js';

export const productVersion: string = (
  JSON.parse(readFileSync(join(productRoot, 'package.json'), 'utf8')) as { version: string }
).version;

/** Why a node may not start (license, a twin, the schema): `serve` prints it and exits non-zero. */
export class NodeRefused extends Error {}

export type NodeState = 'live' | 'stale' | 'stopped';

export function nodeState(row: Pick<repo.NodeRow, 'heartbeat_at' | 'stopped_at'>, now: number, liveMs: number) {
  if (row.stopped_at) return 'stopped' as const;
  return now - Date.parse(row.heartbeat_at) <= liveMs ? ('live' as const) : ('stale' as const);
}

/** Whether a process of this host is running (EPERM: it is, as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const ADMISSION_LEASE = 'cluster:admission';
const ADMISSION_TTL_MS = 15_000;

/** This process's registered node starts, by node id (one in production; tests run several nodes in one process). */
const memberships = new Map<string, { instanceId: string; liveMs: number }>();

/** The registered start of node `nodeId` in this process and the liveness window, if it joined the cluster. */
export function membershipOf(nodeId: string): { instanceId: string; liveMs: number } | undefined {
  return memberships.get(nodeId);
}

export interface Membership {
  instanceId: string;
  /** Stops the heartbeat and marks the node stopped, so it no longer counts at once. */
  leave(): Promise<void>;
}

/**
 * Registers this node before it serves: the admission is decided under a lease, so two nodes starting at the same
 * moment are judged one after the other against the live nodes and the license. Then a heartbeat keeps the row
 * fresh; each beat also checks that no newer Ondesk upgraded the database meanwhile.
 */
export async function joinCluster(inst: Installation, opts: { address: string }): Promise<Membership> {
  const { renewMs, liveMs } = clusterTiming(inst.config);
  const ctx = inst.ctx(systemActor('cluster'));
  const instanceId = randomUUID();
  const deadline = Date.now() + 2 * ADMISSION_TTL_MS;
  // Held by this start, not by the node id: two processes started with one id are judged one after the other too.
  const joining = { ...ctx, nodeId: `${ctx.nodeId}#${instanceId}` };
  let admission = await acquire(joining, ADMISSION_LEASE, ADMISSION_TTL_MS);
  while (!admission) {
    if (Date.now() > deadline) throw new NodeRefused('another node has been joining for too long; try again');
    await new Promise((r) => setTimeout(r, 250));
    admission = await acquire(joining, ADMISSION_LEASE, ADMISSION_TTL_MS);
  }
  try {
    try {
      await assertSchemaKnown(ctx.db);
    } catch (err) {
      if (err instanceof SchemaTooNew) throw new NodeRefused(err.message);
      throw err;
    }
    const now = ctx.clock.now().getTime();
    const license = await licenseStatus(ctx);
    const live: LiveNode[] = [];
    for (const row of await repo.nodes(ctx.db)) {
      if (nodeState(row, now, liveMs) !== 'live') continue;
      // This node's own earlier start, killed (kill -9, power loss) before it could say so: not a twin. Its process is
      // gone, or its pid is ours (a container restarted: the same host name, and pid 1 again).
      const pid = Number(row.pid);
      if (row.node_id === ctx.nodeId && row.hostname === hostname() && (pid === process.pid || !processAlive(pid)))
        continue;
      live.push({
        nodeId: row.node_id,
        address: row.address,
        hostname: row.hostname,
        heartbeatAgeMs: now - Date.parse(row.heartbeat_at),
      });
    }
    const refusal = admissionRefusal({
      nodeId: ctx.nodeId,
      licensed: license.nodeLicensed,
      allowedNodes: license.nodes.allowed,
      licenseId: license.licenseId,
      live,
      liveMs,
    });
    if (refusal) throw new NodeRefused(refusal);
    const at = new Date(now).toISOString();
    await inTransaction(ctx, (tx) =>
      repo.upsertNode(tx.db, {
        node_id: ctx.nodeId,
        instance_id: instanceId,
        version: productVersion,
        address: opts.address,
        hostname: hostname(),
        pid: process.pid,
        schema_version: knownSchemaVersion,
        started_at: at,
        heartbeat_at: at,
        stopped_at: null,
      }),
    );
  } finally {
    await release(joining, admission).catch(() => undefined);
  }
  inst.log.info({ nodeId: ctx.nodeId, address: opts.address }, 'cluster: node registered');
  memberships.set(ctx.nodeId, { instanceId, liveMs });

  let warnedSchema = false;
  const beat = async () => {
    try {
      const at = inst.clock.now().toISOString();
      const mine = await inTransaction(ctx, (tx) => repo.heartbeat(tx.db, { nodeId: ctx.nodeId, instanceId, at }));
      if (!mine) inst.log.error({ nodeId: ctx.nodeId }, 'cluster: another process took over this node id');
      await assertSchemaKnown(ctx.db);
    } catch (err) {
      if (err instanceof SchemaTooNew) {
        if (!warnedSchema) inst.log.error({ reason: err.message }, 'cluster: this node is older than the database');
        warnedSchema = true;
      } else inst.log.warn({ err }, 'cluster: heartbeat failed');
    }
  };
  let beating = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating.then(beat);
  }, renewMs);
  timer.unref();
  return {
    instanceId,
    async leave() {
      if (memberships.get(ctx.nodeId)?.instanceId === instanceId) memberships.delete(ctx.nodeId);
      clearInterval(timer);
      await beating;
      await inTransaction(ctx, (tx) =>
        repo.markStopped(tx.db, { nodeId: ctx.nodeId, instanceId, at: inst.clock.now().toISOString() }),
      ).catch((err) => inst.log.warn({ err }, 'cluster: could not mark this node stopped'));
    },
  };
}

export interface NodeView {
  nodeId: string;
  version: string;
  address: string;
  hostname: string;
  pid: number;
  schemaVersion: string;
  startedAt: string;
  heartbeatAt: string;
  heartbeatAgeSeconds: number;
  state: NodeState;
  thisNode: boolean;
  leases: Array<{ name: string; token: number; expiresAt: string }>;
}

/** Every node the database has seen, with its liveness and the leases it holds now (admins; CLI with a system actor). */
export async function listNodes(ctx: Ctx, liveMs: number): Promise<NodeView[]> {
  authorize(ctx.actor, 'cluster.read');
  const now = ctx.clock.now().getTime();
  const [rows, leases] = await Promise.all([repo.nodes(ctx.db), repo.leases(ctx.db)]);
  return rows.map((row) => ({
    nodeId: row.node_id,
    version: row.version,
    address: row.address,
    hostname: row.hostname,
    pid: Number(row.pid),
    schemaVersion: row.schema_version,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    heartbeatAgeSeconds: Math.max(0, Math.round((now - Date.parse(row.heartbeat_at)) / 1000)),
    state: nodeState(row, now, liveMs),
    thisNode: row.node_id === ctx.nodeId,
    leases: leases
      .filter((l) => l.holder_node_id === row.node_id && Date.parse(l.expires_at) > now)
      .map((l) => ({ name: l.name, token: Number(l.token), expiresAt: l.expires_at })),
  }));
}
