import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { calendarZone } from '../calendars/index.js';
import { dateIn, hasPackage, openPeriods } from './package-ledger.js';
import { notifyPackageUse } from './package-notices.js';
import { periodContaining, type PeriodSpan } from './package-period.js';
import * as repo from './packages.repository.js';
import { termsCache, timeTermsOf, type TimeTerms } from './time-terms.js';

export interface PackageSummary {
  agreementId: number;
  agreementNumber: string;
  period: PeriodSpan;
  grantedMinutes: number;
  usedMinutes: number;
  balanceMinutes: number;
  overage: TimeTerms['overage'];
}

const LEDGER_LINES = 500;

async function findAgreement(db: Kysely<Database>, id: number) {
  const a = await repo.findPackageAgreement(db, id);
  if (!a) throw notFound(`Agreement ${id}`);
  return a;
}

/**
 * The current period, opened on first sight: a read that comes before the package job in a new month writes
 * the grant (and closes the month before) itself, so a balance is never shown from a period that has ended.
 */
async function currentPeriod(ctx: Ctx, a: repo.PackageAgreementRow, terms: TimeTerms): Promise<PeriodSpan> {
  const today = dateIn(calendarZone(a.calendar_document), ctx.clock.now());
  const span = periodContaining(terms.packagePeriod, { start: a.start_date, end: a.end_date }, today);
  const stored = await repo.findPeriod(ctx.db, a.id, span.key);
  const latest = await repo.latestPeriod(ctx.db, a.id);
  const needsClosing = latest && !latest.closed_at && latest.end_date < today;
  if (!stored || needsClosing) await inTransaction(ctx, (tx) => openPeriods(tx, a, terms, today));
  return span;
}

/** The package of a ticket's agreement as the ticket's time panel shows it, or null without a package. */
export async function packageSummary(ctx: Ctx, agreementId: number | null): Promise<PackageSummary | null> {
  if (agreementId === null) return null;
  const a = await repo.findPackageAgreement(ctx.db, agreementId);
  if (!a || !hasPackage(a)) return null;
  const terms = await timeTermsOf(ctx, a.id);
  const period = await currentPeriod(ctx, a, terms);
  return {
    agreementId: a.id,
    agreementNumber: a.number,
    period,
    ...(await repo.periodSums(ctx.db, a.id, period.key)),
    overage: terms.overage,
  };
}

export async function agreementPackage(ctx: Ctx, agreementId: number) {
  authorize(ctx.actor, 'agreement.read');
  const a = await findAgreement(ctx.db, agreementId);
  const terms = await timeTermsOf(ctx, a.id);
  const period = hasPackage(a) ? await currentPeriod(ctx, a, terms) : null;
  const periods = await Promise.all(
    (await repo.listPeriods(ctx.db, a.id)).map(async (p) => ({
      key: p.period_key,
      start: p.start_date,
      end: p.end_date,
      closed: p.closed_at !== null,
      ...(await repo.periodSums(ctx.db, a.id, p.period_key)),
    })),
  );
  const sums = period
    ? await repo.periodSums(ctx.db, a.id, period.key)
    : { grantedMinutes: 0, usedMinutes: 0, balanceMinutes: 0 };
  return {
    agreementId: a.id,
    period,
    ...sums,
    terms: { hoursPerPeriod: a.hours_package, ...terms },
    periods,
    ledger: await repo.ledgerOf(ctx.db, a.id, LEDGER_LINES),
  };
}

export async function getTimeTerms(ctx: Ctx, agreementId: number) {
  authorize(ctx.actor, 'agreement.read');
  const a = await findAgreement(ctx.db, agreementId);
  return { hoursPerPeriod: a.hours_package, ...(await timeTermsOf(ctx, a.id)) };
}

function checkTerms(t: TimeTerms) {
  const errors: Array<{ path: string; message: string }> = [];
  if (t.carryRule === 'limited' && t.carryLimitMinutes <= 0)
    errors.push({ path: 'body.carryLimitMinutes', message: 'a limited carry-over needs its limit in minutes' });
  if (t.minimumMinutes > 0 && t.minimumMinutes < t.roundQuantumMinutes && t.roundRule === 'down')
    errors.push({ path: 'body.minimumMinutes', message: 'rounding down below the minimum would undo it' });
  if (new Set(t.thresholds).size !== t.thresholds.length)
    errors.push({ path: 'body.thresholds', message: 'each threshold once' });
  if (errors.length) throw badRequest(errors.map((e) => `${e.path.slice(5)}: ${e.message}`).join('; '), { errors });
}

/**
 * Changes how an agreement measures work. Rounding and the billable default apply to work logged from now on;
 * the package's period can change only before its first period opens, because the ledger's periods are keyed
 * by it.
 */
export async function setTimeTerms(ctx: Ctx, agreementId: number, input: TimeTerms) {
  authorize(ctx.actor, 'package.manage');
  checkTerms(input);
  await inTransaction(ctx, async (tx) => {
    const a = await findAgreement(tx.db, agreementId);
    const before = await timeTermsOf(tx, a.id);
    if (before.packagePeriod !== input.packagePeriod && (await repo.latestPeriod(tx.db, a.id)))
      throw new AppError(
        409,
        'package_period_fixed',
        `Agreement ${a.number} already has package periods by ${before.packagePeriod}; the period can change only before the first one opens. Renew the agreement to sell the package another way.`,
      );
    termsCache.forget(tx);
    await repo.saveTerms(tx.db, {
      agreement_id: a.id,
      package_period: input.packagePeriod,
      carry_rule: input.carryRule,
      carry_limit_minutes: input.carryLimitMinutes,
      overage: input.overage,
      overage_rate_kopecks: input.overageRateKopecks,
      round_quantum_minutes: input.roundQuantumMinutes,
      round_rule: input.roundRule,
      minimum_minutes: input.minimumMinutes,
      billable_default: input.billableDefault === null ? null : input.billableDefault ? 1 : 0,
      thresholds: JSON.stringify([...input.thresholds].sort((x, y) => x - y)),
      updated_at: tx.clock.now().toISOString(),
    });
  });
  return getTimeTerms(ctx, agreementId);
}

/**
 * The `package-periods` job: for every agreement with a package, grants the period that has begun, carries
 * over or expires what the ended one left, and sends the threshold notices still due. Idempotent: the ledger
 * grants, carries and expires each period once, and each notice has its outbox key.
 */
export async function packagePeriodsJob(ctx: Ctx) {
  const since = new Date(ctx.clock.now().getTime() - 100 * 86_400_000).toISOString().slice(0, 10);
  const ids = await repo.agreementIdsWithPackages(ctx.db, since);
  let opened = 0;
  let notices = 0;
  // Many agreements per transaction: one commit for a hundred agreements, not a hundred commits.
  for (let i = 0; i < ids.length; i += 100) {
    await inTransaction(ctx, async (tx) => {
      for (const id of ids.slice(i, i + 100)) {
        const a = await repo.findPackageAgreement(tx.db, id);
        if (!a || !hasPackage(a)) continue;
        const terms = await timeTermsOf(tx, a.id);
        const today = dateIn(calendarZone(a.calendar_document), tx.clock.now());
        if (today < a.start_date) continue;
        const period = await openPeriods(tx, a, terms, today);
        opened++;
        if (today <= a.end_date) notices += await notifyPackageUse(tx, a.id, period.key);
      }
    });
  }
  return { agreements: opened, notices };
}

/** An agreement's package periods that overlap [from, to] (dates), with their sums: "hours used vs package". */
export async function packagePeriodsBetween(ctx: Ctx, agreementId: number, from: string, to: string) {
  const a = await repo.findPackageAgreement(ctx.db, agreementId);
  if (!a || !hasPackage(a)) return [];
  return (await repo.listPeriods(ctx.db, agreementId))
    .filter((p) => p.start_date <= to && p.end_date >= from)
    .map((p) => ({
      key: p.period_key,
      start: p.start_date,
      end: p.end_date,
      closed: p.closed_at !== null,
      grantedMinutes: p.granted_minutes,
      usedMinutes: p.used_minutes,
      balanceMinutes: p.balance_minutes,
    }));
}
