import type { Ctx } from '../../context.js';
import { expiringBetween } from './recurring.repository.js';

/**
 * The active recurring services of the desk (or one client) that expire from `from` to `to` (dates, both
 * included): what a report lists as "expiring" without reading costs or prices.
 */
export async function recurringExpiringBetween(
  ctx: Ctx,
  q: { from: string; to: string; organizationId?: number },
): Promise<Array<{ organizationId: number; organizationName: string; name: string; kind: string; expiresOn: string }>> {
  const rows = await expiringBetween(ctx.db, q.from, q.to, q.organizationId);
  return rows.map((r) => ({
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    name: r.name,
    kind: r.kind,
    expiresOn: r.expires_on!,
  }));
}
