import type { Kysely } from 'kysely';
import type { Database, OutboxChannel } from '../../db/schema.js';
import { precompiled } from '../../db/prepared.js';
import { dummyKysely } from '../../db/dummy.js';

export interface OutboxItem {
  channel: OutboxChannel;
  recipient: string;
  subject?: string;
  body: string;
  payload?: unknown;
  /** The same key twice is one message: lets jobs re-run without sending duplicates. */
  dedupeKey?: string;
}

const outboxColumns = ['channel', 'recipient', 'subject', 'body', 'payload', 'dedupe_key', 'next_attempt_at', 'last_error', 'created_at', 'sent_at'] as const;

// Jobs queue thousands of messages in one run: the insert is compiled once.
const insertOutboxQuery = precompiled(() =>
  dummyKysely
    .insertInto('outbox')
    .values(Object.fromEntries(outboxColumns.map((c) => [c, null])) as never)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .compile(),
);

/** Queues a message in the caller's transaction; returns false when its dedupe key was queued before. */
export async function enqueue(db: Kysely<Database>, item: OutboxItem, now: Date): Promise<boolean> {
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
  return Number(result.numAffectedRows ?? 0) > 0;
}

export function listOutbox(db: Kysely<Database>, opts: { status?: string; limit: number }) {
  let q = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.status) q = q.where('status', '=', opts.status as never);
  return q.execute();
}
