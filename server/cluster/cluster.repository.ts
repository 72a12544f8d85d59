import { sql, type Kysely } from 'kysely';
import type { ClusterNodeTable, Database } from '../db/schema.js';

type Db = Kysely<Database>;

export interface LeaseRow {
  name: string;
  holder_node_id: string;
  token: number;
  acquired_at: string;
  expires_at: string;
}

/**
 * Takes the lease, or extends it for its holder, in ONE statement: the row is inserted if there is none; otherwise
 * it is updated only where it has expired (its end is not after now) or is already `holder`'s. Both SQLite and PostgreSQL decide the condition
 * on the row they lock for the update, so two nodes asking at once cannot both get it — the loser gets no row back.
 * The fencing token grows when the lease changes hands (another holder, or the same one after it ran out).
 */
export function upsertLease(
  db: Db,
  a: { name: string; holder: string; now: string; expiresAt: string },
): Promise<LeaseRow | undefined> {
  const changesHands = sql<boolean>`(leases.holder_node_id <> ${a.holder} or leases.expires_at <= ${a.now})`;
  return db
    .insertInto('leases')
    .values({ name: a.name, holder_node_id: a.holder, token: 1, acquired_at: a.now, expires_at: a.expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({
          holder_node_id: a.holder,
          token: sql<number>`case when ${changesHands} then leases.token + 1 else leases.token end`,
          acquired_at: sql<string>`case when ${changesHands} then ${a.now} else leases.acquired_at end`,
          expires_at: a.expiresAt,
        })
        .where((eb) => eb.or([eb('leases.expires_at', '<=', a.now), eb('leases.holder_node_id', '=', a.holder)])),
    )
    .returning(['name', 'holder_node_id', 'token', 'acquired_at', 'expires_at'])
    .executeTakeFirst();
}

/** Extends the lease only while `holder` still has it with this token: a lease lost in between is not taken back. */
export function renewLease(
  db: Db,
  a: { name: string; holder: string; token: number; expiresAt: string },
): Promise<LeaseRow | undefined> {
  return db
    .updateTable('leases')
    .set({ expires_at: a.expiresAt })
    .where('name', '=', a.name)
    .where('holder_node_id', '=', a.holder)
    .where('token', '=', a.token)
    .returning(['name', 'holder_node_id', 'token', 'acquired_at', 'expires_at'])
    .executeTakeFirst();
}

/** Gives the lease up at once (it expires now), so another node need not wait out its time. */
export async function releaseLease(
  db: Db,
  a: { name: string; holder: string; token: number; now: string },
): Promise<boolean> {
  const res = await db
    .updateTable('leases')
    .set({ expires_at: a.now })
    .where('name', '=', a.name)
    .where('holder_node_id', '=', a.holder)
    .where('token', '=', a.token)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export function leases(db: Db): Promise<LeaseRow[]> {
  return db.selectFrom('leases').selectAll().orderBy('name').execute();
}

export function lease(db: Db, name: string): Promise<LeaseRow | undefined> {
  return db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
}

export type NodeRow = ClusterNodeTable;

export function nodes(db: Db): Promise<NodeRow[]> {
  return db.selectFrom('cluster_nodes').selectAll().orderBy('node_id').execute();
}

export function node(db: Db, nodeId: string): Promise<NodeRow | undefined> {
  return db.selectFrom('cluster_nodes').selectAll().where('node_id', '=', nodeId).executeTakeFirst();
}

export async function upsertNode(db: Db, row: NodeRow): Promise<void> {
  const { node_id: _id, ...rest } = row;
  await db
    .insertInto('cluster_nodes')
    .values(row)
    .onConflict((oc) => oc.column('node_id').doUpdateSet(rest))
    .execute();
}

/** The heartbeat: only this start of the node may refresh the row (a copy that took the id over is not disturbed). */
export async function heartbeat(db: Db, a: { nodeId: string; instanceId: string; at: string }): Promise<boolean> {
  const res = await db
    .updateTable('cluster_nodes')
    .set({ heartbeat_at: a.at, stopped_at: null })
    .where('node_id', '=', a.nodeId)
    .where('instance_id', '=', a.instanceId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function markStopped(db: Db, a: { nodeId: string; instanceId: string; at: string }): Promise<void> {
  await db
    .updateTable('cluster_nodes')
    .set({ stopped_at: a.at })
    .where('node_id', '=', a.nodeId)
    .where('instance_id', '=', a.instanceId)
    .execute();
}

/** The names of the migrations the database has applied; none before the first migration made the table. */
export async function appliedMigrations(db: Db): Promise<string[]> {
  try {
    const rows = await (db as unknown as Kysely<{ kysely_migration: { name: string } }>)
      .selectFrom('kysely_migration')
      .select('name')
      .orderBy('name')
      .execute();
    return rows.map((r) => r.name);
  } catch (err) {
    if (/no such table|does not exist/i.test((err as Error).message)) return [];
    throw err;
  }
}
