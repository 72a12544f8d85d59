import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { dialectOf } from '../../db/dialect.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import * as repo from './documents.repository.js';
import { issueBillingIn, type IssuedSummary } from './documents.service.js';

export type RunKind = 'invoice' | 'act';

const pad = (n: number) => String(n).padStart(2, '0');
export function monthSpan(month: string) {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return { from: `${month}-01`, to: `${month}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}` };
}

/** How many clients are issued at once: their transactions share commits (group commit) without one big batch. */
const CONCURRENCY = 16;

/**
 * The monthly run: for every client with something billable in the month, one invoice and one act dated the
 * month's last day, each by period. Idempotent per (client, month, kind): a document issued by a run records
 * its month, and the database refuses a second one, so a run repeated (or crashed and started again) issues
 * only what is missing. A client with nothing left to bill is skipped; one that fails is reported, the others go on.
 */
export async function monthlyRun(ctx: Ctx, input: { month: string; entityId: number; kinds?: RunKind[] }) {
  authorize(ctx.actor, 'document.issue');
  const kinds = [...new Set(input.kinds ?? (['invoice', 'act'] as RunKind[]))];
  const { from, to } = monthSpan(input.month);
  const entity = await repo.findEntity(ctx.db, input.entityId);
  if (!entity)
    throw badRequest(`Legal entity ${input.entityId} was not found`, {
      errors: [{ path: 'body.entityId', message: 'not found' }],
    });
  const organizations = await repo.organizationsWithBillables(ctx.db, from, to);
  const created: Array<IssuedSummary & { organizationId: number }> = [];
  const failed: Array<{ organizationId: number; kind: RunKind; message: string }> = [];
  let skipped = 0;
  const one = async (organizationId: number, kind: RunKind) => {
    try {
      const doc = await inTransaction(ctx, async (tx) => {
        if (await repo.findMonthDocument(tx.db, organizationId, kind, input.month)) return null;
        return issueBillingIn(
          tx,
          kind,
          {
            organizationId,
            entityId: input.entityId,
            from,
            to,
            include: ['worklogs', 'packages', 'recurring', 'client_costs'],
            date: to,
          },
          input.month,
        );
      });
      if (doc) created.push({ ...doc, organizationId });
      else skipped++;
    } catch (err) {
      if (err instanceof AppError && err.code === 'nothing_to_bill') skipped++;
      else {
        failed.push({ organizationId, kind, message: err instanceof Error ? err.message : String(err) });
        ctx.log.error({ err, organizationId, kind, month: input.month }, 'the monthly run could not issue a document');
      }
    }
  };
  // SQLite's single writer numbers concurrent documents in the clients' order; on PostgreSQL concurrent
  // transactions would take the numbers in whatever order they reach the database, so there one after another.
  const concurrent = dialectOf(ctx.db) === 'sqlite';
  for (let i = 0; i < organizations.length; i += CONCURRENCY) {
    const chunk = organizations.slice(i, i + CONCURRENCY);
    // The invoices first, then the acts of the same clients: both bill the same items, each once.
    for (const kind of kinds) {
      if (concurrent) await Promise.all(chunk.map((org) => one(org, kind)));
      else for (const org of chunk) await one(org, kind);
    }
  }
  return { month: input.month, created, skipped, failed };
}

const SETTING = 'documents.billing_run';

export interface BillingRunSettings {
  enabled: boolean;
  entityId: number | null;
  kinds: RunKind[];
}

export async function billingRunSettings(ctx: Ctx): Promise<BillingRunSettings> {
  authorize(ctx.actor, 'document.read');
  return readSettings(ctx);
}

async function readSettings(ctx: Ctx): Promise<BillingRunSettings> {
  const raw = await repo.readSetting(ctx.db, SETTING);
  const parsed = raw ? (JSON.parse(raw) as Partial<BillingRunSettings>) : {};
  return {
    enabled: parsed.enabled ?? false,
    entityId: parsed.entityId ?? null,
    kinds: parsed.kinds ?? ['invoice', 'act'],
  };
}

export async function saveBillingRunSettings(ctx: Ctx, input: BillingRunSettings) {
  authorize(ctx.actor, 'entity.manage');
  if (input.enabled && input.entityId === null)
    throw badRequest('Choose the legal entity the monthly run issues documents of', {
      errors: [{ path: 'body.entityId', message: 'is required when enabled' }],
    });
  if (input.entityId !== null && !(await repo.findEntity(ctx.db, input.entityId)))
    throw badRequest(`Legal entity ${input.entityId} was not found`, {
      errors: [{ path: 'body.entityId', message: 'not found' }],
    });
  await inTransaction(ctx, (tx) => repo.writeSetting(tx.db, SETTING, JSON.stringify(input)));
  return readSettings(ctx);
}

/** The previous month of a Moscow date: the run on 1 December bills November. */
export function previousMonth(date: string) {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

/**
 * The `billing-run` job: off unless an accountant turns it on (documents the client receives are not issued
 * behind the books' back). When on, on the 1st of the month it issues the previous month's invoices and acts
 * of the chosen entity; a missed run is caught up at the next start, and a repeated one issues nothing twice.
 */
export async function billingRunJob(ctx: Ctx) {
  const settings = await readSettings(ctx);
  if (!settings.enabled || settings.entityId === null) return { enabled: false };
  const today = new Date(ctx.clock.now().getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
  const result = await monthlyRun(ctx, {
    month: previousMonth(today),
    entityId: settings.entityId,
    kinds: settings.kinds,
  });
  return { month: result.month, created: result.created.length, skipped: result.skipped, failed: result.failed.length };
}
