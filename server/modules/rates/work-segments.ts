import { localToUtc, utcToLocal, type DayKind } from '../calendars/index.js';
import type { WeightedPercent } from './money.js';

/**
 * Splits worked time into stretches of one multiplier. Night hours are read on the wall clock of the
 * calendar's zone (22:00–08:00 crosses midnight); a minute after midnight belongs to the new date, so the
 * small hours of a Saturday are a weekend night. Where several surcharges meet, the highest percent wins
 * (a holiday night at 200 % with nights at 150 % is 200 %, not 300 %).
 */
export interface MultiplierTerms {
  nightPercent: number;
  weekendPercent: number;
  holidayPercent: number;
  nightStart: string; // HH:MM
  nightEnd: string; // HH:MM
}

export const NO_MULTIPLIERS: MultiplierTerms = {
  nightPercent: 100,
  weekendPercent: 100,
  holidayPercent: 100,
  nightStart: '22:00',
  nightEnd: '08:00',
};

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The highest surcharge that applies, 100 when none does. */
export function percentFor(terms: MultiplierTerms, day: DayKind, night: boolean): number {
  const applied = [
    ...(night ? [terms.nightPercent] : []),
    ...(day.weekend ? [terms.weekendPercent] : []),
    ...(day.holiday ? [terms.holidayPercent] : []),
  ];
  return applied.length ? Math.max(...applied) : 100;
}

/** Whether a local minute of the day (0–1439) is a night minute. Equal start and end mean no night hours. */
export function isNightMinute(terms: Pick<MultiplierTerms, 'nightStart' | 'nightEnd'>, minute: number): boolean {
  const start = minutesOf(terms.nightStart);
  const end = minutesOf(terms.nightEnd);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

export interface WorkSegment extends WeightedPercent {
  date: string;
  night: boolean;
}

/** Stretches of [startMs, endMs) with their multiplier; weights are milliseconds, so shares are exact. */
export function workSegments(
  terms: MultiplierTerms,
  zone: string,
  classify: (date: string) => DayKind,
  startMs: number,
  endMs: number,
): WorkSegment[] {
  const segments: WorkSegment[] = [];
  const boundaries = [0, minutesOf(terms.nightStart), minutesOf(terms.nightEnd), 1440];
  let cursor = startMs;
  while (cursor < endMs) {
    const local = utcToLocal(zone, cursor);
    // Where this stretch ends: the next midnight or night boundary of the local day, or the end of the work.
    let next = endMs;
    for (const minute of boundaries) {
      const at = localToUtc(zone, local.year, local.month, local.day, minute);
      if (at > cursor && at < next) next = at;
    }
    const night = isNightMinute(terms, local.minute);
    const percent = percentFor(terms, classify(local.date), night);
    const last = segments[segments.length - 1];
    if (last && last.percent === percent && last.date === local.date && last.night === night)
      last.weight += next - cursor;
    else segments.push({ date: local.date, night, percent, weight: next - cursor });
    cursor = next;
  }
  return segments;
}
