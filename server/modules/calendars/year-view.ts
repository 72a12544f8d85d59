import { hhmm, type IntervalText, type MinuteInterval, type ParsedCalendar } from './calendar-document.js';
import type { ProductionYears } from './production-calendar.js';
import { localToUtc } from './zone.js';

/**
 * Every date of one local year of a calendar, with the hours it works and why: what the editor's year view
 * paints. It applies the same precedence as the engine's year tables (business-time.ts), so what a person
 * sees here is what deadlines count — a property test keeps the two in step:
 *   explicit `days` > own holidays > production holidays > production working weekends (Monday's hours)
 *   > the weekly schedule; a production shortened day then ends its last interval 60 minutes early.
 */
export const DAY_KINDS = [
  'working',
  'weekend',
  'holiday',
  'production-holiday',
  'working-weekend',
  'shortened',
  'custom',
] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export interface YearDay {
  date: string;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  kind: DayKind;
  hours: IntervalText[];
  /** Real working minutes of the date in the calendar's zone (a DST change makes them differ from the wall clock). */
  minutes: number;
  reason: string;
  /** The production calendar cut this day by an hour (a shortened day, or a shortened working weekend). */
  shortened?: true;
  /** For `custom` dates: what the date would have been without its explicit hours. */
  overrides?: Exclude<DayKind, 'custom'>;
}

export interface YearView {
  year: number;
  timezone: string;
  production: 'RU' | null;
  /** The calendar follows the production calendar, but no data is loaded for this year: it counts as a normal year. */
  missingProduction: boolean;
  days: YearDay[];
  totals: { days: number; workingDays: number; workingHours: number; kinds: Record<DayKind, number> };
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const SHORTENED = 'shortened by 1 hour before a public holiday (art. 95 of the Labour Code)';
const pad = (n: number) => String(n).padStart(2, '0');

/** The engine's rule for a shortened day: only the last interval loses the hour (and vanishes if shorter). */
function shorten(intervals: MinuteInterval[]): MinuteInterval[] {
  const last = intervals[intervals.length - 1]!;
  const cut = Math.max(last[0], last[1] - 60);
  return [...intervals.slice(0, -1), ...(cut > last[0] ? [[last[0], cut] as MinuteInterval] : [])];
}

export function yearView(calendar: ParsedCalendar, production: ProductionYears, year: number): YearView {
  const prod = calendar.production === 'RU' ? production.get(year) : undefined;
  const prodHolidays = new Set(prod?.holidays);
  const prodWorking = new Set(prod?.workingWeekends);
  const prodShort = new Set(prod?.shortDays);
  const zone = calendar.timezone;
  const kinds = Object.fromEntries(DAY_KINDS.map((k) => [k, 0])) as Record<DayKind, number>;
  const days: YearDay[] = [];
  let workingDays = 0;
  let workingMs = 0;

  const first = Date.UTC(year, 0, 1);
  const count = (Date.UTC(year + 1, 0, 1) - first) / 86_400_000;
  for (let i = 0; i < count; i++) {
    const day = new Date(first + i * 86_400_000);
    const m = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    const date = `${year}-${pad(m)}-${pad(d)}`;
    const weekday = (day.getUTCDay() + 6) % 7;
    const weekly = calendar.week[weekday]!;

    // What the date is without an explicit `days` entry.
    let kind: Exclude<DayKind, 'custom'> = weekly.length ? 'working' : 'weekend';
    let intervals = weekly;
    let reason = weekly.length
      ? `Working day: the weekly hours of ${WEEKDAY_NAMES[weekday]}`
      : `Day off in the weekly schedule (${WEEKDAY_NAMES[weekday]})`;
    let shortened = false;
    if (calendar.holidays.has(date)) {
      kind = 'holiday';
      intervals = [];
      reason = 'Holiday of this calendar';
    } else if (prod) {
      if (prodHolidays.has(date)) {
        kind = 'production-holiday';
        intervals = [];
        reason = 'Public holiday (production calendar)';
      } else if (prodWorking.has(date)) {
        kind = 'working-weekend';
        intervals = calendar.week[0]!;
        reason = "Working weekend (production calendar): Monday's hours";
      }
      if (prodShort.has(date) && intervals.length) {
        intervals = shorten(intervals);
        shortened = true;
        if (kind === 'working-weekend') reason += `, ${SHORTENED}`;
        else {
          kind = 'shortened';
          reason = `Pre-holiday day (production calendar): ${SHORTENED}`;
        }
      }
    }

    const explicit = calendar.days.get(date);
    const entry: YearDay = explicit
      ? {
          date,
          weekday,
          kind: 'custom',
          hours: [],
          minutes: 0,
          reason: `Explicit hours for this date, instead of: ${reason[0]!.toLowerCase()}${reason.slice(1)}`,
          overrides: kind,
        }
      : { date, weekday, kind, hours: [], minutes: 0, reason, ...(shortened && { shortened: true as const }) };
    if (explicit && explicit.length === 0)
      entry.reason = `Day off set explicitly for this date, instead of: ${reason[0]!.toLowerCase()}${reason.slice(1)}`;
    const worked = explicit ?? intervals;
    let ms = 0;
    for (const [a, b] of worked) ms += Math.max(0, localToUtc(zone, year, m, d, b) - localToUtc(zone, year, m, d, a));
    entry.hours = worked.map(([a, b]): IntervalText => [hhmm(a), hhmm(b)]);
    entry.minutes = ms / 60_000;
    if (ms > 0) workingDays++;
    workingMs += ms;
    kinds[entry.kind]++;
    days.push(entry);
  }
  return {
    year,
    timezone: zone,
    production: calendar.production,
    missingProduction: calendar.production === 'RU' && !prod,
    days,
    totals: { days: days.length, workingDays, workingHours: workingMs / 3_600_000, kinds },
  };
}
