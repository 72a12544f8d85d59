import type { CompiledCalendar } from './business-time.js';

/**
 * What kind of day a local date is in a calendar, for surcharges rather than deadlines: a holiday is one the
 * calendar or its production calendar lists (work on it is paid extra even when hours were set for it), a
 * weekend is a day the week pattern gives no hours, unless the production calendar moved work onto it or
 * the calendar set hours for that very date.
 */
export interface DayKind {
  holiday: boolean;
  weekend: boolean;
}

export function dayKind(c: CompiledCalendar, date: string): DayKind {
  const { calendar } = c;
  const year = Number(date.slice(0, 4));
  const prod = calendar.production === 'RU' ? c.production.get(year) : undefined;
  const holiday = calendar.holidays.has(date) || (prod?.holidays.includes(date) ?? false);
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // 0 = Monday
  const explicit = calendar.days.get(date);
  const weekend =
    explicit !== undefined
      ? explicit.length === 0
      : calendar.week[weekday]!.length === 0 && !(prod?.workingWeekends.includes(date) ?? false);
  return { holiday, weekend };
}
