import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import * as repo from './message-ids.repository.js';

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
export const ourMessageIds = (db: Db, messageId: string) => repo.findMessageId(db, normalizeMessageId(messageId));

/** Records a Message-ID; the same id twice is one row (a resend after a crash keeps its id). */
export const recordMessageId = (db: Db, row: Parameters<typeof repo.insertMessageId>[1]) =>
  repo.insertMessageId(db, { ...row, messageId: normalizeMessageId(row.messageId) });

/**
 * The thread of a ticket for a new message: its first message (the root mail clients group by) and the latest
 * ones, oldest first, excluding `except` (the message being sent).
 */
export const ticketThread = (db: Db, ticketId: number, except: string): Promise<string[]> =>
  repo.threadOf(db, ticketId, normalizeMessageId(except));
