import type { Ctx } from '../context.js';
import { inTransaction } from '../context.js';
import * as repo from './cluster.repository.js';

/** A node that stops renewing loses its lease within this time, and another takes the work over. */
export const DEFAULT_LEASE_TTL_MS = 30_000;

/** A lease this node holds: its fencing token grows with every change of hands, so late work can be told apart. */
export interface Lease {
  name: string;
  holder: string;
  token: number;
  acquiredAt: string;
  expiresAt: string;
}

const toLease = (row: repo.LeaseRow): Lease => ({
  name: row.name,
  holder: row.holder_node_id,
  token: Number(row.token),
  acquiredAt: row.acquired_at,
  expiresAt: row.expires_at,
});

/**
 * Takes `name` for this node (ctx.nodeId) for `ttlMs`, or extends it if this node has it already; null while another
 * node holds it. One atomic statement (see cluster.repository.ts, upsertLease): no read-then-write race.
 */
export async function acquire(ctx: Ctx, name: string, ttlMs = DEFAULT_LEASE_TTL_MS): Promise<Lease | null> {
  const now = ctx.clock.now();
  const row = await inTransaction(ctx, (tx) =>
    repo.upsertLease(tx.db, {
      name,
      holder: ctx.nodeId,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    }),
  );
  return row ? toLease(row) : null;
}

/** Extends a held lease; null when it was lost meanwhile (expired and taken by another node: the token moved on). */
export async function renew(ctx: Ctx, lease: Lease, ttlMs = DEFAULT_LEASE_TTL_MS): Promise<Lease | null> {
  const expiresAt = new Date(ctx.clock.now().getTime() + ttlMs).toISOString();
  const row = await inTransaction(ctx, (tx) =>
    repo.renewLease(tx.db, { name: lease.name, holder: lease.holder, token: lease.token, expiresAt }),
  );
  return row ? toLease(row) : null;
}

/** Gives a held lease up now (a clean stop), so the next node takes it at once; false if it was no longer ours. */
export function release(ctx: Ctx, lease: Lease): Promise<boolean> {
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, (tx) =>
    repo.releaseLease(tx.db, { name: lease.name, holder: lease.holder, token: lease.token, now }),
  );
}

/** Who holds `name` until when, as the database says now (for display and for a standby to time its next try). */
export async function leaseHolder(ctx: Ctx, name: string): Promise<{ holder: string; expiresAt: string } | null> {
  const row = await repo.lease(ctx.db, name);
  return row ? { holder: row.holder_node_id, expiresAt: row.expires_at } : null;
}
