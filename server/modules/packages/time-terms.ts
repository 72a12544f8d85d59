import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.js';
import { briefCache } from '../../shared/brief-cache.js';
import type { CarryRule, Database, OveragePolicy, PackagePeriod, RoundRule } from '../../db/schema.js';
import * as repo from './packages.repository.js';

/** How an agreement measures work: its hour package's period and rules, rounding and the billable default. */
export interface TimeTerms {
  packagePeriod: PackagePeriod;
  carryRule: CarryRule;
  carryLimitMinutes: number;
  overage: OveragePolicy;
  overageRateKopecks: number | null;
  roundQuantumMinutes: number;
  roundRule: RoundRule;
  minimumMinutes: number;
  /** Null: the agreement has no opinion and the service or the ticket type decides. */
  billableDefault: boolean | null;
  thresholds: number[];
}

/** An agreement without terms of its own: monthly, nothing carried, overage billed, minutes as worked. */
export const defaultTimeTerms: TimeTerms = {
  packagePeriod: 'month',
  carryRule: 'none',
  carryLimitMinutes: 0,
  overage: 'bill',
  overageRateKopecks: null,
  roundQuantumMinutes: 1,
  roundRule: 'up',
  minimumMinutes: 0,
  billableDefault: null,
  thresholds: [50, 80, 100],
};

// Read on every piece of work logged; changed only by setTimeTerms, which forgets it.
export const termsCache = briefCache('time-terms');

export function timeTermsOf(ctx: Ctx, agreementId: number): Promise<TimeTerms> {
  return termsCache.get(ctx, `terms:${agreementId}`, () => storedTerms(ctx.db, agreementId));
}

async function storedTerms(db: Kysely<Database>, agreementId: number): Promise<TimeTerms> {
  const row = await repo.findTerms(db, agreementId);
  if (!row) return defaultTimeTerms;
  return {
    packagePeriod: row.package_period,
    carryRule: row.carry_rule,
    carryLimitMinutes: row.carry_limit_minutes,
    overage: row.overage,
    overageRateKopecks: row.overage_rate_kopecks,
    roundQuantumMinutes: row.round_quantum_minutes,
    roundRule: row.round_rule,
    minimumMinutes: row.minimum_minutes,
    billableDefault: row.billable_default === null ? null : row.billable_default === 1,
    thresholds: JSON.parse(row.thresholds) as number[],
  };
}
