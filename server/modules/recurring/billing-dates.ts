/**
 * The billing schedule of a recurring service: every N months from an anchor date. Dates are calendar dates
 * ('YYYY-MM-DD'); arithmetic runs on UTC midnights, which have no DST.
 *
 * A date the target month lacks becomes that month's last day (31 Jan + 1 month = 28/29 Feb), and each date is
 * counted from the anchor, never from the previous, clamped one: 31 Jan → 28 Feb → 31 Mar, not → 28 Mar.
 */
import { addDays, addMonths, daysBetween, parseAgreementDate } from '../agreements/index.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date of 'YYYY-MM-DD' (a bare date, from 1900 on), or null when it is no real calendar date. */
export function parseDate(text: string): string | null {
  if (!DATE.test(text.trim())) return null;
  const date = parseAgreementDate(text);
  return date !== null && date >= '1900-01-01' ? date : null;
}

// Calendar arithmetic is the agreements' own: a billing period is counted as an agreement period is.
export { addDays, addMonths, daysBetween };

/** The k-th billing date of a schedule (k = 0 is the anchor itself). */
export const billingDate = (anchor: string, everyMonths: number, k: number) => addMonths(anchor, k * everyMonths);

/** The first billing date of the schedule strictly after `date` (the anchor when `date` precedes it). */
export function billingDateAfter(anchor: string, everyMonths: number, date: string): string {
  if (date < anchor) return anchor;
  const [ay, am] = anchor.split('-').map(Number) as [number, number];
  const [dy, dm] = date.split('-').map(Number) as [number, number];
  // Start one step before the estimate: clamping can put a date a few days earlier than its month suggests.
  let k = Math.max(0, Math.floor(((dy - ay) * 12 + (dm - am)) / everyMonths) - 1);
  while (billingDate(anchor, everyMonths, k) <= date) k++;
  return billingDate(anchor, everyMonths, k);
}

/** One billed period: from its billing date up to the day before the next one. */
export interface BillingPeriod {
  billingDate: string;
  periodStart: string;
  periodEnd: string;
}

/**
 * The periods due on `today`, from `next` (the schedule's next unbilled date) on: every billing date up to
 * and including today, so a job that was down for months catches up each missed period once. `limit` keeps a
 * mistyped date (year 1900) from producing thousands of rows in one run; the rest follow in later runs.
 */
export function periodsDue(
  schedule: { anchor: string; everyMonths: number; next: string },
  today: string,
  limit = 240,
): { periods: BillingPeriod[]; next: string } {
  const periods: BillingPeriod[] = [];
  let date = schedule.next;
  while (date <= today && periods.length < limit) {
    const following = billingDateAfter(schedule.anchor, schedule.everyMonths, date);
    periods.push({ billingDate: date, periodStart: date, periodEnd: addDays(following, -1) });
    date = following;
  }
  return { periods, next: date };
}
