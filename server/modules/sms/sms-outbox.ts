import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { enqueueWithId } from '../outbox/index.js';

/** An SMS holds what three concatenated parts carry; longer text is cut, never split into more messages. */
export const SMS_TEXT_MAX = 459;

/** What the outbox keeps beside an SMS: which event sent it and to which agent (for the SMS counters page). */
export interface SmsPayload {
  kind: 'sms';
  event: string;
  agentId: number | null;
}

export interface QueuedSms {
  phone: string;
  text: string;
  event: string;
  agentId: number | null;
  dedupeKey?: string;
}

/**
 * Queues one SMS, in the caller's transaction. Every SMS the desk sends (rules, SLA digests, a free text from
 * an agent's card) is queued here, so all of them carry the same payload and the same length limit.
 * False when `dedupeKey` was queued before.
 */
export async function enqueueSms(db: Kysely<Database>, sms: QueuedSms, now: Date): Promise<boolean> {
  return (await queueSms(db, sms, now)) !== null;
}

/** `enqueueSms` for a caller that goes on with the item: its outbox id, or null when `dedupeKey` was queued before. */
export function queueSms(db: Kysely<Database>, sms: QueuedSms, now: Date): Promise<number | null> {
  const payload: SmsPayload = { kind: 'sms', event: sms.event, agentId: sms.agentId };
  return enqueueWithId(
    db,
    {
      channel: 'sms',
      recipient: sms.phone,
      body: sms.text.slice(0, SMS_TEXT_MAX),
      payload,
      ...(sms.dedupeKey !== undefined && { dedupeKey: sms.dedupeKey }),
    },
    now,
  );
}
