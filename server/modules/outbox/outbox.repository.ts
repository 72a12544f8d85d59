import type { Kysely } from 'kysely';
import type { Database, OutboxChannel } from '../../db/schema.js';
import { precompiled } from '../../db/prepared.js';
import { dummyKysely } from '../../db/dummy.js';
import { claimUntil, isPostgres } from '../../db/claims.js';

export interface OutboxItem {
  channel: OutboxChannel;
  recipient: string;
  subject?: string;
  body: string;
  payload?: unknown;
  /** The same key twice is one message: lets jobs re-run without sending duplicates. */
  dedupeKey?: string;
}

const outboxColumns = [
  'channel',
  'recipient',
  'subject',
  'body',
  'payload',
  'dedupe_key',
  'next_attempt_at',
  'last_error',
  'created_at',
  'sent_at',
] as const;

// Jobs queue thousands of messages in one run: the insert is compiled once.
const insertOutboxQuery = precompiled(() =>
  dummyKysely
    .insertInto('outbox')
    .values(Object.fromEntries(outboxColumns.map((c) => [c, null])) as never)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    // The new id from the statement itself: PostgreSQL has no last insert rowid.
    .returning('id')
    .compile(),
);

/** Queues a message in the caller's transaction; returns its id, or null when its dedupe key was queued before. */
export async function enqueue(db: Kysely<Database>, item: OutboxItem, now: Date): Promise<number | null> {
  const at = now.toISOString();
  const result = await insertOutboxQuery(db, [
    item.channel,
    item.recipient,
    item.subject ?? null,
    item.body,
    item.payload === undefined ? null : JSON.stringify(item.payload),
    item.dedupeKey ?? null,
    at,
    null,
    at,
    null,
  ]);
  return result.rows[0]?.id ?? null;
}

export function listOutbox(db: Kysely<Database>, opts: { status?: string; limit: number }) {
  let q = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.status) q = q.where('status', '=', opts.status as never);
  return q.execute();
}

export function findOutbox(db: Kysely<Database>, id: number) {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}
export type OutboxRow = NonNullable<Awaited<ReturnType<typeof findOutbox>>>;

/**
 * Claims due pending items for `node`, oldest first, in one statement: items no one claimed, or whose claim
 * expired (its sender died), become this node's for a minute and are returned. Two senders — two nodes, or a
 * slow previous pass — never get the same item: SQLite runs the statement alone; PostgreSQL locks the chosen
 * rows and lets a concurrent claimer skip them (FOR UPDATE SKIP LOCKED), and the outer conditions are checked
 * again on the row it updates. The same statement serves both.
 */
export async function claimDue(
  db: Kysely<Database>,
  channels: OutboxChannel[],
  node: string,
  now: Date,
  limit: number,
): Promise<OutboxRow[]> {
  if (channels.length === 0) return [];
  const at = now.toISOString();
  let chosen = db
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where('channel', 'in', channels)
    .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', at)]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit);
  if (isPostgres(db)) chosen = chosen.forUpdate().skipLocked();
  // The choice is a materialized CTE, read once: as a plain `IN (subquery)` PostgreSQL may rescan it per row
  // (a nested-loop semi join), and each rescan with SKIP LOCKED picks more rows than the limit.
  const rows = await db
    .with(
      (cte) => cte('chosen').materialized(),
      () => chosen,
    )
    .updateTable('outbox')
    .set({ claimed_by: node, claim_expires_at: claimUntil(now) })
    .where('id', 'in', (eb) => eb.selectFrom('chosen').select('chosen.id'))
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', at)]))
    .returningAll()
    .execute();
  return rows.sort((a, b) =>
    a.next_attempt_at < b.next_attempt_at ? -1 : a.next_attempt_at > b.next_attempt_at ? 1 : a.id - b.id,
  );
}

/**
 * Takes a claimed item for one attempt: counts the attempt and moves its next time and its claim past the
 * lease, so no sender (this node's next pass included) picks it while it is being sent. False when the claim
 * is no longer this node's (it expired and another sender took the item) or the item was settled meanwhile.
 */
export async function claim(
  db: Kysely<Database>,
  id: number,
  node: string,
  now: Date,
  leaseUntil: Date,
): Promise<boolean> {
  const until = leaseUntil.toISOString();
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: until, claim_expires_at: until }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('claimed_by', '=', node)
    .where('next_attempt_at', '<=', now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function markSent(db: Kysely<Database>, id: number, at: Date) {
  return db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: at.toISOString(), last_error: null, claim_expires_at: null })
    .where('id', '=', id)
    .execute();
}

export function markRetry(db: Kysely<Database>, id: number, nextAttemptAt: Date, error: string) {
  return (
    db
      .updateTable('outbox')
      // The claim ends with the attempt: the retry is for whichever sender comes when it is due.
      .set({
        next_attempt_at: nextAttemptAt.toISOString(),
        last_error: error.slice(0, 2000),
        claimed_by: null,
        claim_expires_at: null,
      })
      .where('id', '=', id)
      .execute()
  );
}

export function markFailed(db: Kysely<Database>, id: number, error: string) {
  return db
    .updateTable('outbox')
    .set({ status: 'failed', last_error: error.slice(0, 2000), claim_expires_at: null })
    .where('id', '=', id)
    .execute();
}

/** A person asked for another try: pending again, due now, with a fresh backoff. The last error stays visible. */
export async function requeue(db: Kysely<Database>, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({
      status: 'pending',
      attempts: 0,
      next_attempt_at: now.toISOString(),
      claimed_by: null,
      claim_expires_at: null,
    })
    .where('id', '=', id)
    .where('status', '!=', 'sent')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countByStatus(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('outbox')
    .select(['status', 'channel', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['status', 'channel'])
    .execute();
  return rows.map((r) => ({ status: r.status, channel: r.channel, count: Number(r.n) }));
}

/** Items of a channel queued and not yet sent or failed. */
export async function countPending(db: Kysely<Database>, channel: OutboxChannel): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('channel', '=', channel)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
