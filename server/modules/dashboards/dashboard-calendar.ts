/**
 * The desk's calendar arithmetic for dashboards, pure. The desk reads its days in Moscow time, which has been
 * UTC+3 all year since 2014, so a day is a fixed 24 h span — the same rule the daily-count triggers use.
 */
export const DESK_OFFSET_MS = 3 * 3_600_000;
const DAY_MS = 86_400_000;

/** YYYY-MM-DD of the Moscow day the instant falls in. */
export function deskDay(ms: number): string {
  return new Date(ms + DESK_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant the Moscow day `day` (YYYY-MM-DD) begins. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - DESK_OFFSET_MS;
}

/** The day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant of tomorrow in Moscow: "due today" means due before it. */
export function endOfDeskDay(ms: number): number {
  return dayStart(addDays(deskDay(ms), 1));
}

/** The `count` days ending with the day of `ms`, oldest first. */
export function lastDays(ms: number, count: number): string[] {
  const today = deskDay(ms);
  return Array.from({ length: count }, (_, i) => addDays(today, i - count + 1));
}

export interface DayRange {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

/** This month up to and including today, and the whole month before it, as Moscow days. */
export function monthRanges(ms: number): { thisMonth: DayRange; lastMonth: DayRange } {
  const today = deskDay(ms);
  const first = `${today.slice(0, 8)}01`;
  const lastOfPrevious = addDays(first, -1);
  return {
    thisMonth: { from: first, to: today },
    lastMonth: { from: `${lastOfPrevious.slice(0, 8)}01`, to: lastOfPrevious },
  };
}
