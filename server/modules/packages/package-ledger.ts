import type { TxCtx } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { calendarZone, utcToLocal } from '../calendars/index.js';
import { carryOver, periodAfter, periodContaining, type PeriodSpan } from './package-period.js';
import * as repo from './packages.repository.js';
import { timeTermsOf, type TimeTerms } from './time-terms.js';

/**
 * The hour package's ledger. Every movement is appended — grant, consumption, carry, expiry, correction — and
 * the balance is their sum, so editing or deleting a worklog appends a correction and never counts twice.
 */

/** The date at an instant in a zone. */
export const dateIn = (zone: string, at: Date): string => utcToLocal(zone, at.getTime()).date;

const dates = (a: repo.PackageAgreementRow) => ({ start: a.start_date, end: a.end_date });
export const grantOf = (a: repo.PackageAgreementRow) => Math.round((a.hours_package ?? 0) * 60);
export const hasPackage = (a: repo.PackageAgreementRow) => grantOf(a) > 0;

const actorTag = (tx: TxCtx) =>
  tx.actor.kind === 'system' ? `system:${tx.actor.name}` : `${tx.actor.kind}:${tx.actor.id}`;

/** Opens a period with its grant, once. */
async function grantPeriod(tx: TxCtx, a: repo.PackageAgreementRow, span: PeriodSpan, at: string) {
  const opened = await repo.insertPeriod(tx.db, {
    agreement_id: a.id,
    period_key: span.key,
    start_date: span.start,
    end_date: span.end,
  });
  if (!opened) return;
  await repo.appendLedger(tx.db, {
    agreement_id: a.id,
    period_key: span.key,
    kind: 'grant',
    minutes: grantOf(a),
    worklog_id: null,
    at,
    actor: actorTag(tx),
    note: 'period',
  });
}

/** Hands what is left of an ended period to the next one by the carry rule; the rest expires. */
async function closePeriod(
  tx: TxCtx,
  a: repo.PackageAgreementRow,
  terms: TimeTerms,
  span: PeriodSpan,
  next: PeriodSpan | null,
  at: string,
) {
  const stored = await repo.findPeriod(tx.db, a.id, span.key);
  if (stored?.closed_at) return;
  const { balanceMinutes } = await repo.periodSums(tx.db, a.id, span.key);
  const carried = next ? carryOver(terms.carryRule, terms.carryLimitMinutes, balanceMinutes) : 0;
  if (carried > 0 && next) {
    await grantPeriod(tx, a, next, at);
    const move = { agreement_id: a.id, kind: 'carry' as const, worklog_id: null, at, actor: actorTag(tx) };
    await repo.appendLedger(tx.db, { ...move, period_key: span.key, minutes: -carried, note: `to:${next.key}` });
    await repo.appendLedger(tx.db, { ...move, period_key: next.key, minutes: carried, note: `from:${span.key}` });
  }
  const expired = balanceMinutes - carried;
  if (expired > 0)
    await repo.appendLedger(tx.db, {
      agreement_id: a.id,
      period_key: span.key,
      kind: 'expire',
      minutes: -expired,
      worklog_id: null,
      at,
      actor: actorTag(tx),
      note: 'period',
    });
  await repo.closePeriod(tx.db, a.id, span.key, at);
}

/**
 * Opens every period up to the one holding `today` (granting each once) and closes those that ended before
 * it. Idempotent: the ledger refuses a second grant, carry or expiry of a period. Returns the current period.
 */
export async function openPeriods(
  tx: TxCtx,
  a: repo.PackageAgreementRow,
  terms: TimeTerms,
  today: string,
): Promise<PeriodSpan> {
  return (await openThrough(tx, a, terms, today)).span;
}

/** `openPeriods`, with the row of the period it returns when it wrote nothing (the usual case). */
async function openThrough(
  tx: TxCtx,
  a: repo.PackageAgreementRow,
  terms: TimeTerms,
  today: string,
): Promise<{ span: PeriodSpan; untouched?: repo.PeriodRow }> {
  const at = tx.clock.now().toISOString();
  const target = periodContaining(terms.packagePeriod, dates(a), today);
  // The usual case — the period holding today is stored and has not ended (or was closed) — writes nothing. It is
  // read by its key: the latest period is then this one or a later one, and neither opens or closes anything.
  const stored = await repo.findPeriod(tx.db, a.id, target.key);
  if (stored && (stored.end_date >= today || stored.closed_at)) return { span: target, untouched: stored };
  const latest = await repo.latestPeriod(tx.db, a.id);
  // The first period opened is the one holding today: a package starts counting when the desk first meets it,
  // so an agreement older than time tracking is not granted (and carried) months nobody measured.
  let span: PeriodSpan | null = latest
    ? { key: latest.period_key, start: latest.start_date, end: latest.end_date }
    : target;
  if (latest && latest.start_date > target.start) return { span: target };
  while (span) {
    await grantPeriod(tx, a, span, at);
    const next = periodAfter(terms.packagePeriod, dates(a), span);
    if (span.end < today) await closePeriod(tx, a, terms, span, next, at);
    if (span.key === target.key) break;
    span = next;
  }
  return { span: target };
}

export interface WorkCharge {
  /** Null for work not stored yet: it has taken nothing so far. */
  worklogId: number | null;
  agreementId: number | null;
  workDate: string;
  billable: boolean;
  billedMinutes: number;
}

/** How a worklog's billed minutes split between the package and over-consumption. */
export interface PackageShare {
  agreementId: number;
  periodKey: string;
  packageMinutes: number;
  overageMinutes: number;
  overageRateKopecks: number | null;
  /** What `recordCharge` takes from the period once the worklog is stored. */
  consumeMinutes: number;
}

type Movements = Awaited<ReturnType<typeof repo.worklogMovements>>;

/** Gives back what a worklog took, in the periods it took it from. */
async function reverse(tx: TxCtx, worklogId: number, why: string, taken?: Movements) {
  for (const m of taken ?? (await repo.worklogMovements(tx.db, worklogId))) {
    if (m.minutes === 0) continue;
    await repo.appendLedger(tx.db, {
      agreement_id: m.agreementId,
      period_key: m.periodKey,
      kind: 'correction',
      minutes: -m.minutes,
      worklog_id: worklogId,
      at: tx.clock.now().toISOString(),
      actor: actorTag(tx),
      note: why,
    });
  }
}

/**
 * Charges a new or changed worklog to its agreement's package: what it took before is given back, then its
 * billed minutes are consumed in the period of its work date (or, when that period has closed, in the first
 * one still open; `recordCharge` writes that once the worklog is stored). Non-billable work never consumes.
 * Returns null when the agreement has no package, and `unchanged` when the change does not touch the package (a
 * new comment), so the worklog keeps its split.
 */
export async function chargePackage(tx: TxCtx, work: WorkCharge): Promise<PackageShare | 'unchanged' | null> {
  const a = work.agreementId === null ? undefined : await repo.findPackageAgreement(tx.db, work.agreementId);
  if (!a || !hasPackage(a)) {
    if (work.worklogId !== null) await reverse(tx, work.worklogId, 'the work left the package');
    return null;
  }
  const terms = await timeTermsOf(tx, a.id);
  const today = dateIn(calendarZone(a.calendar_document), tx.clock.now());
  const opened = await openThrough(tx, a, terms, today > work.workDate ? today : work.workDate);
  const current = opened.span;
  const own = periodContaining(terms.packagePeriod, dates(a), work.workDate);
  // Work dated in the current period (nearly all) finds its row read already, and nothing written since.
  const ownRow =
    opened.untouched?.period_key === own.key ? opened.untouched : await repo.findPeriod(tx.db, a.id, own.key);
  const periodKey =
    ownRow && !ownRow.closed_at ? own.key : ((await repo.firstOpenPeriod(tx.db, a.id))?.period_key ?? current.key);
  const consume = work.billable ? work.billedMinutes : 0;
  const before = work.worklogId === null ? [] : await repo.worklogMovements(tx.db, work.worklogId);
  const same = before.filter((m) => m.minutes !== 0);
  if (
    (consume === 0 && same.length === 0) ||
    (same.length === 1 &&
      same[0]!.agreementId === a.id &&
      same[0]!.periodKey === periodKey &&
      same[0]!.minutes === -consume)
  )
    return 'unchanged';
  if (work.worklogId !== null) await reverse(tx, work.worklogId, 'the worklog changed', same);
  const share: PackageShare = {
    agreementId: a.id,
    periodKey,
    packageMinutes: 0,
    overageMinutes: 0,
    overageRateKopecks: terms.overageRateKopecks,
    consumeMinutes: consume,
  };
  if (consume === 0) return share;
  // New work has written nothing since its own period's row was read (a change gave back what it took above).
  const { balanceMinutes } =
    work.worklogId === null && ownRow && periodKey === own.key
      ? repo.sumsOfPeriod(ownRow)
      : await repo.periodSums(tx.db, a.id, periodKey);
  const available = Math.max(0, balanceMinutes);
  if (terms.overage === 'refuse' && consume > available)
    throw new AppError(
      409,
      'package_exhausted',
      `The hour package of agreement ${a.number} has ${available} min left in ${periodKey}; this work bills ${consume} min. ` +
        'Log it as non-billable, or ask the manager to extend the package or allow over-consumption.',
      { agreementId: a.id, periodKey, balanceMinutes: available, billedMinutes: consume },
    );
  share.packageMinutes = Math.min(consume, available);
  share.overageMinutes = consume - share.packageMinutes;
  return share;
}

/** Takes a charged worklog's billed minutes from its period, once the worklog is stored. */
export async function recordCharge(tx: TxCtx, share: PackageShare, worklogId: number): Promise<void> {
  if (share.consumeMinutes === 0) return;
  await repo.appendLedger(tx.db, {
    agreement_id: share.agreementId,
    period_key: share.periodKey,
    kind: 'consume',
    minutes: -share.consumeMinutes,
    worklog_id: worklogId,
    at: tx.clock.now().toISOString(),
    actor: actorTag(tx),
    note: null,
  });
}

/** A deleted worklog gives back all it took. */
export const releasePackage = (tx: TxCtx, worklogId: number) => reverse(tx, worklogId, 'the worklog was deleted');
