/**
 * The calendar document: the import/export format, the CLI input and the API body.
 *   { "timezone": "Europe/Moscow", "week": { "mon": [["10:00","19:00"]], …, "sun": [] },
 *     "holidays": ["2026-01-09"], "days": { "2026-04-30": [["10:00","18:00"]] }, "production": "RU" }
 * Parsing is strict: every mistake is reported with the path and what is wrong, so a person can fix it.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type IntervalText = [string, string];

export interface CalendarDocument {
  timezone: string;
  week: Partial<Record<Weekday, IntervalText[]>>;
  holidays?: string[];
  days?: Record<string, IntervalText[]>;
  production?: 'RU';
}

/** Minutes from local midnight: [start, end), 0 ≤ start < end ≤ 1440. */
export type MinuteInterval = [number, number];

export interface ParsedCalendar {
  timezone: string;
  week: MinuteInterval[][]; // index 0 = Monday … 6 = Sunday
  holidays: Set<string>;
  days: Map<string, MinuteInterval[]>;
  production: 'RU' | null;
}

export class CalendarError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

export function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

function parseTime(text: unknown, path: string, allow24: boolean): number {
  const m = typeof text === 'string' ? TIME.exec(text) : null;
  if (!m) throw new CalendarError(path, `"${String(text)}" is not a time of day (HH:MM)`);
  const h = +m[1]!;
  const min = +m[2]!;
  if (min > 59 || h > 24 || (h === 24 && (min !== 0 || !allow24)))
    throw new CalendarError(path, `"${text}" is not a time of day (00:00–24:00)`);
  return h * 60 + min;
}

function parseIntervals(value: unknown, path: string): MinuteInterval[] {
  if (!Array.isArray(value)) throw new CalendarError(path, 'must be a list of ["HH:MM","HH:MM"] intervals');
  const intervals = value.map((pair, i): MinuteInterval => {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw new CalendarError(`${path}[${i}]`, 'must be a pair ["HH:MM","HH:MM"]');
    const start = parseTime(pair[0], `${path}[${i}][0]`, false);
    const end = parseTime(pair[1], `${path}[${i}][1]`, true);
    if (end <= start)
      throw new CalendarError(`${path}[${i}]`, `the interval ${pair[0]}–${pair[1]} ends before it starts`);
    return [start, end];
  });
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]![0] < sorted[i - 1]![1]) throw new CalendarError(path, 'intervals overlap');
  }
  return sorted;
}

export function parseCalendarDocument(doc: unknown): ParsedCalendar {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new CalendarError('calendar', 'must be a JSON object');
  const d = doc as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!['timezone', 'week', 'holidays', 'days', 'production', 'name'].includes(key))
      throw new CalendarError(key, 'is not a known field');
  }
  if (typeof d.timezone !== 'string' || !isValidTimeZone(d.timezone)) {
    throw new CalendarError('timezone', `"${String(d.timezone)}" is not a known IANA time zone (e.g. Europe/Moscow)`);
  }
  if (typeof d.week !== 'object' || d.week === null || Array.isArray(d.week))
    throw new CalendarError('week', 'must be an object with mon…sun');
  const weekDoc = d.week as Record<string, unknown>;
  for (const key of Object.keys(weekDoc))
    if (!WEEKDAYS.includes(key as Weekday)) throw new CalendarError(`week.${key}`, 'is not a weekday (mon…sun)');
  const week = WEEKDAYS.map((day) => (weekDoc[day] === undefined ? [] : parseIntervals(weekDoc[day], `week.${day}`)));
  const holidays = new Set<string>();
  if (d.holidays !== undefined) {
    if (!Array.isArray(d.holidays)) throw new CalendarError('holidays', 'must be a list of dates (YYYY-MM-DD)');
    d.holidays.forEach((h, i) => {
      if (typeof h !== 'string' || !isValidDate(h))
        throw new CalendarError(`holidays[${i}]`, `"${String(h)}" is not a date (YYYY-MM-DD)`);
      holidays.add(h);
    });
  }
  const days = new Map<string, MinuteInterval[]>();
  if (d.days !== undefined) {
    if (typeof d.days !== 'object' || d.days === null || Array.isArray(d.days))
      throw new CalendarError('days', 'must map dates to intervals');
    for (const [date, value] of Object.entries(d.days as Record<string, unknown>)) {
      if (!isValidDate(date)) throw new CalendarError(`days.${date}`, 'is not a date (YYYY-MM-DD)');
      days.set(date, parseIntervals(value, `days.${date}`));
    }
  }
  if (d.production !== undefined && d.production !== null && d.production !== 'RU') {
    throw new CalendarError(
      'production',
      `"${String(d.production)}" is not a production calendar this product has (RU)`,
    );
  }
  return { timezone: d.timezone, week, holidays, days, production: d.production === 'RU' ? 'RU' : null };
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Back to the document form (for export). */
export function toCalendarDocument(c: ParsedCalendar): CalendarDocument {
  const toText = (list: MinuteInterval[]): IntervalText[] => list.map(([a, b]) => [hhmm(a), hhmm(b)]);
  return {
    timezone: c.timezone,
    week: Object.fromEntries(WEEKDAYS.map((day, i) => [day, toText(c.week[i]!)])),
    holidays: [...c.holidays].sort(),
    days: Object.fromEntries(
      [...c.days].sort(([a], [b]) => a.localeCompare(b)).map(([date, list]) => [date, toText(list)]),
    ),
    ...(c.production && { production: c.production }),
  };
}

export { hhmm };
