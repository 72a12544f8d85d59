/**
 * The billing schedule of a recurring service: every N months from an anchor date. Dates are calendar dates
 * ('YYYY-MM-DD'); arithmetic runs on UTC midnights, which have no DST.
 *
 * A date the target month lacks becomes that month's last day (31 Jan + 1 month = 28/29 Feb), and each date is
 * counted from the anchor, never from the previous, clamped one: 31 Jan → 28 Feb → 31 Mar, not → 28 Mar.
 */
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date of 'YYYY-MM-DD', or null when it is no real calendar date. */
export function parseDate(text: string): string | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || y > 9999) return null;
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (date: string, days: number) => fromMs(toMs(date) + days * DAY_MS);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) => Math.round((toMs(to) - toMs(from)) / DAY_MS);

const daysInMonth = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** The same day `months` later, clamped to the target month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const day = Math.min(d, daysInMonth(year, month0));
  return `${String(year).padStart(4, '0')}-${String(month0 + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

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
