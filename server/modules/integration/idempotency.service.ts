import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import * as repo from './integration.repository.js';

/** How long a first answer is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/**
 * A first request still marked running after this long died with its process (a crash between reserve and
 * answer): its key is free again instead of answering 409 for a day.
 */
const ABANDONED_AFTER_MS = 10 * 60_000;

export type Reservation =
  | { kind: 'first' }
  | { kind: 'replay'; status: number; contentType: string | null; body: string }
  | { kind: 'running' }
  | { kind: 'other_request' };

/**
 * Decides what a POST with `Idempotency-Key` does, in one transaction (one writer: two duplicates cannot both
 * see the key free). `first`: the key is now taken by this request, which must end with complete or release.
 */
export function reserveIdempotencyKey(
  ctx: Ctx,
  input: { principal: string; key: string; requestHash: string },
): Promise<Reservation> {
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const row = await repo.findIdempotencyKey(tx.db, input.principal, input.key);
    if (row && row.expires_at > now.toISOString()) {
      const abandoned = row.status === null && Date.parse(row.created_at) + ABANDONED_AFTER_MS < now.getTime();
      if (!abandoned) {
        if (row.request_hash !== input.requestHash) return { kind: 'other_request' };
        if (row.status === null) return { kind: 'running' };
        return { kind: 'replay', status: row.status, contentType: row.content_type, body: row.body ?? '' };
      }
    }
    await repo.reserveIdempotencyKey(tx.db, {
      principal: input.principal,
      key: input.key,
      request_hash: input.requestHash,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
    });
    return { kind: 'first' };
  });
}

/** Keeps the first request's answer for its retries. */
export function completeIdempotencyKey(
  ctx: Ctx,
  input: { principal: string; key: string; status: number; contentType: string | null; body: string },
): Promise<void> {
  return inTransaction(ctx, (tx) =>
    repo.completeIdempotencyKey(tx.db, input.principal, input.key, {
      status: input.status,
      content_type: input.contentType,
      body: input.body,
    }),
  );
}

export function releaseIdempotencyKey(ctx: Ctx, input: { principal: string; key: string }): Promise<void> {
  return inTransaction(ctx, (tx) => repo.releaseIdempotencyKey(tx.db, input.principal, input.key));
}

/** The cleanup job: keys past their 24 hours are deleted. */
export async function idempotencyCleanupJob(ctx: Ctx): Promise<{ deleted: number }> {
  const deleted = await inTransaction(ctx, (tx) =>
    repo.deleteExpiredIdempotencyKeys(tx.db, tx.clock.now().toISOString()),
  );
  return { deleted };
}
