import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import * as repo from './outbox.repository.js';

export type { OutboxItem } from './outbox.repository.js';

/**
 * Queues a message (e-mail, SMS) in the caller's transaction, so it exists exactly when the change that caused
 * it commits; the worker sends it later. Answers false when `dedupeKey` was queued before.
 */
export function enqueue(db: Kysely<Database>, item: repo.OutboxItem, now: Date): Promise<boolean> {
  return repo.enqueue(db, item, now);
}
