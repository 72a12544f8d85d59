import { Type, type Static } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';
import type { OutboxRow } from './outbox.repository.js';

export const OutboxItemView = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  recipient: Type.String(),
  subject: OrNull.String(),
  body: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Type.String(),
  lastError: OrNull.String(),
  createdAt: Type.String(),
  sentAt: OrNull.String(),
});

export function presentOutboxItem(r: OutboxRow): Static<typeof OutboxItemView> {
  return {
    id: r.id,
    channel: r.channel,
    recipient: r.recipient,
    subject: r.subject,
    body: r.body,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}
