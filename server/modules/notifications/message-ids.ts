import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/** `<abc@host>` and ` abc@host ` are the same id; stored without brackets. */
export const normalizeMessageId = (id: string) => id.trim().replace(/^<+/, '').replace(/>+$/, '').trim();

/** Every `<…>` id in an In-Reply-To or References header, in order. */
export function messageIdsIn(header: string | null | undefined): string[] {
  if (!header) return [];
  return [...header.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
}

/**
 * For the inbound side: the ticket (and comment) a Message-ID of ours belongs to, or undefined when we never
 * sent (nor received) it. Ours are recorded before they leave, with a random part, so a forged
 * In-Reply-To that merely looks like ours (`ticket-1234…`) matches nothing.
 */
export async function ourMessageIds(db: Db, messageId: string) {
  return db
    .selectFrom('mail_message_ids')
    .select(['message_id as messageId', 'ticket_id as ticketId', 'comment_id as commentId', 'direction', 'recipient'])
    .where('message_id', '=', normalizeMessageId(messageId))
    .executeTakeFirst();
}

/** Records a Message-ID; the same id twice is one row (a resend after a crash keeps its id). */
export async function recordMessageId(
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
      message_id: normalizeMessageId(row.messageId),
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

/**
 * The thread of a ticket for a new message: its first message (the root mail clients group by) and the latest
 * ones, oldest first, excluding `except` (the message being sent).
 */
export async function ticketThread(db: Db, ticketId: number, except: string): Promise<string[]> {
  const rows = await db
    .selectFrom('mail_message_ids')
    .select(['message_id', 'created_at'])
    .where('ticket_id', '=', ticketId)
    .where('message_id', '!=', normalizeMessageId(except))
    .orderBy('created_at')
    .orderBy('rowid' as never)
    .execute();
  if (rows.length <= REFERENCES_KEPT) return rows.map((r) => r.message_id);
  return [rows[0]!.message_id, ...rows.slice(rows.length - (REFERENCES_KEPT - 1)).map((r) => r.message_id)];
}
