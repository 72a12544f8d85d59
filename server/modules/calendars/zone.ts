/**
 * Wall-clock time in an IANA zone, from the platform's time zone database (Intl): no network, no tables of
 * our own. Results are cached per zone; calendars call this only while compiling a year, never per deadline.
 *
 * The rule for local times that do not exist or exist twice (DST changes):
 * - a local time inside a spring-forward gap means the instant the clocks jump (the first instant after
 *   the gap), so an interval 02:00–04:00 on a day when 02:00 becomes 03:00 lasts one real hour;
 * - a local time that occurs twice (autumn) means its first occurrence, so 00:00–24:00 on that day lasts
 *   25 real hours and 01:00–03:00 across a repeated 02:00 hour lasts three.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

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
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Offset of the zone from UTC at an instant, in ms (local = utc + offset). */
export function offsetAt(zone: string, utcMs: number): number {
  const parts = formatter(zone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant of local date (y, m 1–12, d) at `minute` minutes after local midnight (may be 1440). */
export function localToUtc(zone: string, y: number, m: number, d: number, minute: number): number {
  const wall = Date.UTC(y, m - 1, d, 0, minute);
  const before = offsetAt(zone, wall - 36 * 3600_000);
  const after = offsetAt(zone, wall + 36 * 3600_000);
  const candidates = [...new Set([before, after, offsetAt(zone, wall)])]
    .map((o) => wall - o)
    .filter((t) => offsetAt(zone, t) === wall - t);
  if (candidates.length > 0) return Math.min(...candidates); // the first occurrence of a repeated time
  // In a gap: find the instant the clocks jumped, between the two readings.
  let lo = wall - Math.max(before, after);
  let hi = wall - Math.min(before, after);
  const offLo = offsetAt(zone, lo);
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (offsetAt(zone, mid) === offLo) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Local date and time of an instant in the zone. */
export function utcToLocal(zone: string, utcMs: number) {
  const local = new Date(utcMs + offsetAt(zone, utcMs));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    minute: local.getUTCHours() * 60 + local.getUTCMinutes(),
    weekday: (local.getUTCDay() + 6) % 7, // 0 = Monday
    date: local.toISOString().slice(0, 10),
  };
}

/** ISO 8601 with the zone's offset: 2026-03-30T10:00:00+03:00 */
export function formatLocal(zone: string, utcMs: number): string {
  const offset = offsetAt(zone, utcMs);
  const local = new Date(utcMs + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / 60000;
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
