import { inTransaction, type Ctx } from '../../context.js';
import { foldCounterShards } from './dashboards.repository.js';

const DAY_MS = 24 * 3600_000;
/** Dashboard days are Moscow calendar days (UTC+3 all year), as the counting triggers make them. */
const MOSCOW_OFFSET_MS = 3 * 3600_000;

/**
 * The `dashboard-fold` job: on PostgreSQL, folds each past day's per-connection counts into one row, so the
 * dashboards read a row per day, metric and team for all but the last two days. Yesterday stays as it is: a
 * transaction that began before midnight may still bump it.
 */
export async function dashboardFoldJob(ctx: Ctx): Promise<{ folded: number }> {
  const beforeDay = new Date(ctx.clock.now().getTime() + MOSCOW_OFFSET_MS - DAY_MS).toISOString().slice(0, 10);
  const folded = await inTransaction(ctx, (tx) => foldCounterShards(tx.db, beforeDay));
  return { folded };
}
