import { dayKind, localToUtc, type CompiledCalendar } from '../calendars/index.js';

/**
 * When a report subscription sends, and which period it reports. A period is reported once it is over: the
 * pack for November goes out on the Nth working day of December at the given local time in the client's
 * calendar — working as that calendar and the production calendar say (1 December 2026 is a Tuesday; 1 January
 * is a holiday, so the January pack of a "first working day" subscription waits for 12 January 2026).
 */
export type ReportPeriod = 'week' | 'month' | 'quarter';

export interface ReportSchedule {
  period: ReportPeriod;
  /** Which working day of the next period sends the report: 1 = the first. */
  workingDay: number;
  /** Local time in the calendar's zone, HH:MM. */
  time: string;
}

export interface PeriodRange {
  /** `2026-11`, `2026-Q4`, `2026-W48` (the ISO week's Monday year and number). */
  key: string;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utcDay = (date: string) => Date.parse(`${date}T00:00:00Z`);
const DAY = 86_400_000;

function isoWeek(monday: string): string {
  // The ISO week number of a Monday: the week holding its Thursday.
  const thursday = new Date(utcDay(monday) + 3 * DAY);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / DAY / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${pad(week)}`;
}

/** The period that holds a date. */
export function periodOf(period: ReportPeriod, date: string): PeriodRange {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (period === 'week') {
    const weekday = (new Date(utcDay(date)).getUTCDay() + 6) % 7;
    const from = dateOf(utcDay(date) - weekday * DAY);
    return { key: isoWeek(from), from, to: dateOf(utcDay(from) + 6 * DAY) };
  }
  if (period === 'month') return { key: `${y}-${pad(m)}`, from: `${y}-${pad(m)}-01`, to: dateOf(Date.UTC(y, m, 0)) };
  const q = Math.floor((m - 1) / 3);
  return { key: `${y}-Q${q + 1}`, from: `${y}-${pad(q * 3 + 1)}-01`, to: dateOf(Date.UTC(y, q * 3 + 3, 0)) };
}

export const periodAfter = (period: ReportPeriod, p: PeriodRange) => periodOf(period, dateOf(utcDay(p.to) + DAY));
export const periodBefore = (period: ReportPeriod, p: PeriodRange) => periodOf(period, dateOf(utcDay(p.from) - DAY));

const working = (calendar: CompiledCalendar, date: string) => {
  const kind = dayKind(calendar, date);
  return !kind.holiday && !kind.weekend;
};

/**
 * The instant a period's report goes out: the Nth working day on or after the day after the period, at the
 * schedule's local time. A calendar without working days (misconfigured) falls back to the first day after.
 */
export function sendTimeFor(schedule: ReportSchedule, calendar: CompiledCalendar, reported: PeriodRange): number {
  const first = utcDay(reported.to) + DAY;
  let day = first;
  let seen = 0;
  for (let i = 0; i < 62; i++, day += DAY) {
    if (working(calendar, dateOf(day)) && ++seen === Math.max(1, schedule.workingDay)) break;
  }
  if (seen < Math.max(1, schedule.workingDay)) day = first;
  const date = dateOf(day);
  const [h, min] = schedule.time.split(':').map(Number) as [number, number];
  return localToUtc(
    calendar.zone,
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)),
    Number(date.slice(8, 10)),
    h * 60 + min,
  );
}

/**
 * What a subscription owes at `now`: the last full period before today, unless it was sent already. A new
 * subscription (nothing sent yet) owes it at once — a client signed mid-month gets last month's pack at the
 * first run — and afterwards each period goes out at its send time. Only the latest period is ever owed: after
 * a long downtime the client gets the newest pack, not a backlog.
 */
export function duePeriod(
  schedule: ReportSchedule,
  calendar: CompiledCalendar,
  today: string,
  now: number,
  lastSentKey: string | null,
): PeriodRange | null {
  const last = periodBefore(schedule.period, periodOf(schedule.period, today));
  if (last.key === lastSentKey) return null;
  if (lastSentKey === null) return last;
  return now >= sendTimeFor(schedule, calendar, last) ? last : null;
}
