import { isValidDate, localToUtc } from '../calendars/index.js';
import { dateTimeFormat } from '../../shared/date-format.js';

/**
 * A report's period: two calendar dates, both included. Which instants that is depends on a time zone — the
 * zone of each ticket's agreement calendar in the SLA report, Moscow for desk-wide figures — so the period
 * stays dates until a zone turns it into [start, end) instants.
 */
export interface ReportPeriod {
  from: string;
  to: string;
}

export type Language = 'ru' | 'en';

export const DESK_ZONE = 'Europe/Moscow';
/** Longest period one request may ask for: a few years of figures, not an accident that reads everything. */
export const MAX_PERIOD_DAYS = 3 * 366;

const dateParts = (date: string) => date.split('-').map(Number) as [number, number, number];

/** [start, end): local midnight of `from` to local midnight after `to`, in the zone. */
export function periodInstants(period: ReportPeriod, zone: string): { start: number; end: number } {
  const [fy, fm, fd] = dateParts(period.from);
  const [ty, tm, td] = dateParts(period.to);
  return { start: localToUtc(zone, fy, fm, fd, 0), end: localToUtc(zone, ty, tm, td, 1440) };
}

/** Why a period cannot be read, or null when it can. */
export function periodProblem(period: ReportPeriod): string | null {
  for (const date of [period.from, period.to])
    if (!isValidDate(date)) return `${date} is not a calendar date (YYYY-MM-DD)`;
  const days = (Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / 86_400_000;
  if (days < 0) return `The period ends (${period.to}) before it starts (${period.from}); swap the dates`;
  if (days >= MAX_PERIOD_DAYS)
    return `A report covers at most ${MAX_PERIOD_DAYS} days; ask for ${period.from} – ${period.to} in parts`;
  return null;
}

/** "1 November 2026 – 30 November 2026" / "1 ноября 2026 г. – 30 ноября 2026 г.". */
export function periodLabel(period: ReportPeriod, language: Language): string {
  const format = dateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const date = (d: string) => format.format(new Date(`${d}T00:00:00Z`));
  return period.from === period.to ? date(period.from) : `${date(period.from)} – ${date(period.to)}`;
}
