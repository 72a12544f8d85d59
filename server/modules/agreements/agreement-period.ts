import { utcToLocal } from '../calendars/index.js';

/**
 * Dates of an agreement are local calendar dates ('YYYY-MM-DD'), both ends included: an agreement
 * 2026-01-01…2026-12-31 covers the whole year. Arithmetic runs on UTC midnights, which have no DST.
 */
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/;

/** The date of 'YYYY-MM-DD' or of a full ISO time (its date part, as written), or null when it is no real date. */
export function parseAgreementDate(text: string): string | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (date: string, days: number) => fromMs(toMs(date) + days * DAY_MS);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) => Math.round((toMs(to) - toMs(from)) / DAY_MS);

const daysInMonth = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** The same day `months` later; a day the target month lacks becomes its last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month0 = index - year * 12;
  return fromMs(Date.UTC(year, month0, Math.min(d, daysInMonth(year, month0))));
}

/** The length of a period: whole calendar months when it is made of them, else days (both ends included). */
export type PeriodLength = { months: number } | { days: number };

export function periodLength(start: string, end: string): PeriodLength {
  const after = addDays(end, 1);
  const [sy, sm] = start.split('-').map(Number) as [number, number];
  const [ay, am] = after.split('-').map(Number) as [number, number];
  const months = (ay - sy) * 12 + (am - sm);
  if (months > 0 && addMonths(start, months) === after) return { months };
  return { days: daysBetween(start, end) + 1 };
}

/**
 * The period of a renewal: it starts the day after the old one ends (or on `start`) and lasts as long. A
 * period of whole months keeps its months, so a year stays a year across leap days (2027-03-01…2028-02-29
 * renews to 2028-03-01…2029-02-28) and a quarter stays a quarter (Jan–Mar, 90 days, renews to Apr–Jun, 91 days);
 * any other period keeps its number of days.
 */
export function renewalPeriod(old: { start: string; end: string }, start?: string): { start: string; end: string } {
  const newStart = start ?? addDays(old.end, 1);
  const length = periodLength(old.start, old.end);
  const end = 'months' in length ? addDays(addMonths(newStart, length.months), -1) : addDays(newStart, length.days - 1);
  return { start: newStart, end };
}

/** Today's date in an IANA zone: agreements start and end at local midnight of their calendar. */
export const todayIn = (zone: string, now: Date) => utcToLocal(zone, now.getTime()).date;

/** Days from today to the last covered day: 0 on the last day, negative once it has passed. */
export const daysToEnd = (end: string, today: string) => daysBetween(today, end);
