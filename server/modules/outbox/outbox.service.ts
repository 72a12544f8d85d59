import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { Database, OutboxChannel } from '../../db/schema.js';
import { conflict, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import * as repo from './outbox.repository.js';

export type { OutboxItem, OutboxRow } from './outbox.repository.js';
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * Queues a message (e-mail, SMS) in the caller's transaction, so it exists exactly when the change that caused
 * it commits; the worker sends it later. Answers false when `dedupeKey` was queued before.
 */
export async function enqueue(db: Kysely<Database>, item: repo.OutboxItem, now: Date): Promise<boolean> {
  return (await repo.enqueue(db, item, now)) !== null;
}

/** Like `enqueue`, for a caller that goes on with the item: its id, or null when `dedupeKey` was queued before. */
export function enqueueWithId(db: Kysely<Database>, item: repo.OutboxItem, now: Date): Promise<number | null> {
  return repo.enqueue(db, item, now);
}

/** Gives up on an item before it was ever sent (a quota refused it), keeping the reason for admins to read. */
export async function failOutboxItem(db: Kysely<Database>, id: number, reason: string): Promise<void> {
  await repo.markFailed(db, id, reason);
}

/** Messages of a channel still waiting to go: a quota counts them, since they will count once sent. */
export function countPendingOutbox(db: Kysely<Database>, channel: OutboxChannel): Promise<number> {
  return repo.countPending(db, channel);
}

/** The admins' view of the outbox: newest items, counts, and whether anything sends each channel. */
export async function outboxOverview(ctx: Ctx, config: Config, query: { status?: OutboxStatus; limit: number }) {
  authorize(ctx.actor, 'outbox.manage');
  return {
    items: await repo.listOutbox(ctx.db, query),
    counts: await repo.countByStatus(ctx.db),
    delivery: { email: Boolean(config.smtpUrl), sms: config.smsProvider ?? null },
  };
}

export async function getOutboxItem(ctx: Ctx, id: number): Promise<repo.OutboxRow> {
  authorize(ctx.actor, 'outbox.manage');
  const row = await repo.findOutbox(ctx.db, id);
  if (!row) throw notFound(`Outbox item ${id}`);
  return row;
}

/** An admin asks for another try now, with a fresh backoff; a sent item is never sent twice. */
export async function retryOutboxItem(ctx: Ctx, id: number): Promise<repo.OutboxRow> {
  authorize(ctx.actor, 'outbox.manage');
  return inTransaction(ctx, async (tx) => {
    const current = await repo.findOutbox(tx.db, id);
    if (!current) throw notFound(`Outbox item ${id}`);
    if (current.status === 'sent')
      throw conflict(`Outbox item ${current.id} was sent at ${current.sent_at}; it is not sent twice`);
    await repo.requeue(tx.db, current.id, ctx.clock.now());
    return (await repo.findOutbox(tx.db, current.id))!;
  });
}
