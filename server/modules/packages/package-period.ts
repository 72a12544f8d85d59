import type { CarryRule, PackagePeriod } from '../../db/schema.js';

/**
 * The periods of an hour package, as calendar dates (YYYY-MM-DD) in the agreement calendar's zone. Monthly and
 * quarterly periods follow the calendar (a package sold from the 10th still renews on the 1st) and are cut to
 * the agreement's dates; a one-off package covers the whole agreement.
 */
export interface PeriodSpan {
  /** `2026-12`, `2026-Q4` or `once`. */
  key: string;
  start: string;
  end: string;
}

export interface AgreementDates {
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

/** The day after a date, as a date. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The period that holds `date`; a date outside the agreement counts in its first or last period. */
export function periodContaining(kind: PackagePeriod, agreement: AgreementDates, date: string): PeriodSpan {
  const day = minDate(maxDate(date, agreement.start), agreement.end);
  if (kind === 'once') return { key: 'once', start: agreement.start, end: agreement.end };
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  if (kind === 'month') {
    return {
      key: `${y}-${pad(m)}`,
      start: maxDate(isoDate(y, m, 1), agreement.start),
      end: minDate(isoDate(y, m, lastDayOf(y, m)), agreement.end),
    };
  }
  const q = Math.floor((m - 1) / 3);
  return {
    key: `${y}-Q${q + 1}`,
    start: maxDate(isoDate(y, q * 3 + 1, 1), agreement.start),
    end: minDate(isoDate(y, q * 3 + 3, lastDayOf(y, q * 3 + 3)), agreement.end),
  };
}

/** The period after `span`, or null when the agreement ends with it. */
export function periodAfter(kind: PackagePeriod, agreement: AgreementDates, span: PeriodSpan): PeriodSpan | null {
  if (span.end >= agreement.end) return null;
  return periodContaining(kind, agreement, nextDay(span.end));
}

/** Every period from the one holding `from` to the one holding `to`, in order. */
export function periodsThrough(kind: PackagePeriod, agreement: AgreementDates, from: string, to: string): PeriodSpan[] {
  const out: PeriodSpan[] = [];
  const last = periodContaining(kind, agreement, to);
  let span: PeriodSpan | null = periodContaining(kind, agreement, from);
  while (span && span.start <= last.start) {
    out.push(span);
    if (span.key === last.key) break;
    span = periodAfter(kind, agreement, span);
  }
  return out;
}

/**
 * What an ending period hands to the next one: nothing of an overdrawn package, and of what is left all,
 * none or up to the limit, by the agreement's rule.
 */
export function carryOver(rule: CarryRule, limitMinutes: number, balance: number): number {
  if (balance <= 0 || rule === 'none') return 0;
  return rule === 'all' ? balance : Math.min(balance, Math.max(0, limitMinutes));
}

/**
 * The thresholds (percent of what the period granted) that the use has reached. A period that granted
 * nothing reaches none: there is no package to run out of.
 */
export function reachedThresholds(
  thresholds: readonly number[],
  grantedMinutes: number,
  usedMinutes: number,
): number[] {
  if (grantedMinutes <= 0) return [];
  return thresholds.filter((t) => usedMinutes * 100 >= t * grantedMinutes).sort((a, b) => a - b);
}
