/**
 * The wall clock of an IANA zone from the platform's time-zone database (Intl only): the offset at an instant and
 * the instant of a local wall-clock time (written as if it were UTC), with results cached because a timeline or a
 * month of shifts asks for the same hours often. Duty schedules draw their shifts with it and on-call pay counts
 * their night minutes with it, so both agree to the minute over DST nights.
 */

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, { before: number; after: number; change: number }>>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether the platform knows the zone (a schedule's zone is checked before it is stored). */
export function isKnownZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Offset (local − UTC, ms) at an instant. The platform is asked once per UTC day of a zone (and the two ends of a
 * day are compared): a day whose ends agree has one offset throughout — zones change at most once a day — and a
 * day whose ends differ gets its change instant found once, to the minute. A timeline of months then costs a few
 * hundred calls to Intl instead of thousands.
 */
export function offsetAt(zone: string, utcMs: number): number {
  let cache = offsets.get(zone);
  if (!cache) {
    cache = new Map();
    offsets.set(zone, cache);
  }
  const day = Math.floor(utcMs / DAY);
  let entry = cache.get(day);
  if (entry === undefined) {
    const start = day * DAY;
    const a = rawOffset(zone, start);
    const b = rawOffset(zone, start + DAY);
    let change = Infinity;
    if (a !== b) {
      // The first minute of the day that reads the new offset.
      let lo = start;
      let hi = start + DAY;
      while (hi - lo > MINUTE) {
        const mid = Math.floor((lo + hi) / 2 / MINUTE) * MINUTE;
        if (rawOffset(zone, mid) === a) lo = mid;
        else hi = mid;
      }
      change = hi;
    }
    entry = { before: a, after: b, change };
    if (cache.size > 100_000) cache.clear();
    cache.set(day, entry);
  }
  return utcMs < entry.change ? entry.before : entry.after;
}

function rawOffset(zone: string, utcMs: number): number {
  const minuteMs = Math.floor(utcMs / MINUTE) * MINUTE;
  const parts = formatter(zone).formatToParts(new Date(minuteMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - minuteMs;
}

/**
 * The UTC instant of a wall-clock time. A time that occurs twice (autumn) means its first occurrence; a time in
 * a spring-forward gap means the instant the clocks jump — so a wall-clock interval maps onto real time without
 * overlaps or holes.
 */
export function wallToUtc(zone: string, wall: number): number {
  const before = offsetAt(zone, wall - 36 * 3600_000);
  const after = offsetAt(zone, wall + 36 * 3600_000);
  let best = Infinity;
  for (const o of before === after ? [before] : [before, after]) {
    const t = wall - o;
    if (offsetAt(zone, t) === o && t < best) best = t;
  }
  if (best !== Infinity) return best;
  // In the gap: the jump happened between the readings; find it to the minute.
  let lo = wall - Math.max(before, after);
  let hi = wall - Math.min(before, after);
  const offLo = offsetAt(zone, lo);
  while (hi - lo > MINUTE) {
    const mid = Math.floor((lo + hi) / 2 / MINUTE) * MINUTE;
    if (offsetAt(zone, mid) === offLo) lo = mid;
    else hi = mid;
  }
  return hi;
}

export const utcToWall = (zone: string, utc: number) => utc + offsetAt(zone, utc);
