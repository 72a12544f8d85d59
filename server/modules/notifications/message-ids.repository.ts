import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { insertionOrder } from '../../db/dialect.js';

type Db = Kysely<Database>;

// Message-IDs are stored normalised (see message-ids.ts): callers pass them so.

/** The ticket and comment a stored Message-ID belongs to. */
export async function findMessageId(db: Db, messageId: string) {
  return db
    .selectFrom('mail_message_ids')
    .select(['message_id as messageId', 'ticket_id as ticketId', 'comment_id as commentId', 'direction', 'recipient'])
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

/** The same id twice is one row (a resend after a crash keeps its id). */
export async function insertMessageId(
  db: Db,
  row: {
    messageId: string;
    ticketId: number | null;
    commentId?: number | null;
    outboxId?: number | null;
    recipient?: string | null;
    direction: 'out' | 'in';
    at: string;
  },
) {
  await db
    .insertInto('mail_message_ids')
    .values({
      message_id: row.messageId,
      ticket_id: row.ticketId,
      comment_id: row.commentId ?? null,
      outbox_id: row.outboxId ?? null,
      recipient: row.recipient ?? null,
      direction: row.direction,
      created_at: row.at,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
}

const REFERENCES_KEPT = 10;

/** A ticket's Message-IDs, oldest first: its root and the latest `REFERENCES_KEPT - 1`, without `except`. */
export async function threadOf(db: Db, ticketId: number, except: string): Promise<string[]> {
  const rows = await db
    .selectFrom('mail_message_ids')
    .select(['message_id', 'created_at'])
    .where('ticket_id', '=', ticketId)
    .where('message_id', '!=', except)
    .orderBy('created_at')
    .orderBy(insertionOrder(db))
    .execute();
  if (rows.length <= REFERENCES_KEPT) return rows.map((r) => r.message_id);
  return [rows[0]!.message_id, ...rows.slice(rows.length - (REFERENCES_KEPT - 1)).map((r) => r.message_id)];
}
