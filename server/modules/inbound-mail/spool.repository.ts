import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isPostgres } from '../../db/claims.js';

type Db = Kysely<Database>;

export interface NewSpooled {
  id: string;
  raw_sha256: string;
  raw_size: number;
  source: string;
  envelope_from: string | null;
  received_at: string;
  attempts: number;
  claimed_by: string;
  claim_expires_at: string;
}

/** Records a received message, claimed by the node that received it (it files the message right away). */
export function insertSpooled(db: Db, row: NewSpooled) {
  return db.insertInto('inbound_spool').values(row).execute();
}

export function findSpooled(db: Db, id: string) {
  return db.selectFrom('inbound_spool').selectAll().where('id', '=', id).executeTakeFirst();
}
export type SpooledRow = NonNullable<Awaited<ReturnType<typeof findSpooled>>>;

/** Whether any message waits with no live claim (a cheap read before claiming, which writes). */
export async function anyUnclaimed(db: Db, now: string): Promise<boolean> {
  const row = await db
    .selectFrom('inbound_spool')
    .select('id')
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', now)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Claims waiting messages whose claim expired (their node died before filing them), oldest first, in one
 * statement; PostgreSQL lets a concurrent claimer skip the locked rows. Each claim counts a try.
 */
export async function claimUnfiled(db: Db, node: string, now: string, until: string, limit: number) {
  let chosen = db
    .selectFrom('inbound_spool')
    .select('id')
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', now)]))
    .orderBy('received_at')
    .limit(limit);
  if (isPostgres(db)) chosen = chosen.forUpdate().skipLocked();
  // A materialized CTE, read once (a rescanned locking subquery misbehaves on PostgreSQL: see outbox claimDue).
  const rows = await db
    .with(
      (cte) => cte('chosen').materialized(),
      () => chosen,
    )
    .updateTable('inbound_spool')
    .set((eb) => ({ claimed_by: node, claim_expires_at: until, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) => eb.selectFrom('chosen').select('chosen.id'))
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', now)]))
    .returningAll()
    .execute();
  return rows.sort((a, b) => (a.received_at < b.received_at ? -1 : a.received_at > b.received_at ? 1 : 0));
}

/** A filed message leaves the spool (inbound_messages tells what became of it). Only its claimant removes it. */
export function deleteFiled(db: Db, id: string, node: string) {
  return db.deleteFrom('inbound_spool').where('id', '=', id).where('claimed_by', '=', node).execute();
}

/** A try that failed: why, kept for admins; after the last try the message is `failed` and no one claims it. */
export function recordTryFailed(db: Db, id: string, error: string, giveUp: boolean) {
  return db
    .updateTable('inbound_spool')
    .set({ last_error: error.slice(0, 2000), ...(giveUp && { status: 'failed' as const }) })
    .where('id', '=', id)
    .execute();
}
