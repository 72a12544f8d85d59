import type { Kysely } from 'kysely';
import type { Database, OutboxChannel } from '../../db/schema.js';

export interface OutboxItem {
  channel: OutboxChannel;
  recipient: string;
  subject?: string;
  body: string;
  payload?: unknown;
  /** The same key twice is one message: lets jobs re-run without sending duplicates. */
  dedupeKey?: string;
}

/** Queues a message in the caller's transaction; returns false when its dedupe key was queued before. */
export async function enqueue(db: Kysely<Database>, item: OutboxItem, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('outbox')
    .values({
      channel: item.channel,
      recipient: item.recipient,
      subject: item.subject ?? null,
      body: item.body,
      payload: item.payload === undefined ? null : JSON.stringify(item.payload),
      dedupe_key: item.dedupeKey ?? null,
      next_attempt_at: now.toISOString(),
      last_error: null,
      created_at: now.toISOString(),
      sent_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function listOutbox(db: Kysely<Database>, opts: { status?: string; limit: number }) {
  let q = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.status) q = q.where('status', '=', opts.status as never);
  return q.execute();
}
