import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { enqueue } from '../outbox/outbox.repository.js';

/** An SMS holds what three concatenated parts carry; longer text is cut, never split into more messages. */
export const SMS_TEXT_MAX = 459;

/** What the outbox keeps beside an SMS: which event sent it and to which agent (for the SMS counters page). */
export interface SmsPayload {
  kind: 'sms';
  event: string;
  agentId: number | null;
}

/**
 * Queues one SMS, in the caller's transaction. Every SMS the desk sends (rules, SLA digests, a free text from
 * an agent's card) is queued here, so all of them carry the same payload and the same length limit.
 * False when `dedupeKey` was queued before.
 */
export function enqueueSms(
  db: Kysely<Database>,
  sms: { phone: string; text: string; event: string; agentId: number | null; dedupeKey?: string },
  now: Date,
): Promise<boolean> {
  const payload: SmsPayload = { kind: 'sms', event: sms.event, agentId: sms.agentId };
  return enqueue(
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
