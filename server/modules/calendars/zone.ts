/**
 * Wall-clock time in an IANA zone, from the platform's time zone database (Intl): no network, no tables of
 * our own. Formatters are kept per zone and offsets per hour (see offsetAt); calendars call this only while
 * compiling a year, never per deadline.
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

const HOUR_MS = 3_600_000;
/** Hours remembered per zone before its map starts afresh (some 2 years of hours; about 1 MB). */
const REMEMBERED_HOURS = 20_000;
/** Per zone, the offset of each UTC hour known to have one offset throughout. */
const hourOffsets = new Map<string, Map<number, number>>();

/**
 * Offset of the zone from UTC at an instant, in ms (local = utc + offset). Reading it from Intl costs some
 * 10–20 µs (`formatToParts`), and work logs, the queue's live SLA, duty and pay rules ask again and again for the
 * same hours: an hour whose first and last second have the same offset has it throughout (no zone changes its
 * offset and back within an hour), so it is remembered; an hour with a change in it is read exactly each time.
 */
export function offsetAt(zone: string, utcMs: number): number {
  const hour = Math.floor(utcMs / HOUR_MS);
  let hours = hourOffsets.get(zone);
  const known = hours?.get(hour);
  if (known !== undefined) return known;
  const first = readOffset(zone, hour * HOUR_MS);
  if (readOffset(zone, hour * HOUR_MS + HOUR_MS - 1000) !== first) return readOffset(zone, utcMs);
  if (!hours || hours.size >= REMEMBERED_HOURS) hourOffsets.set(zone, (hours = new Map()));
  hours.set(hour, first);
  return first;
}

/** The offset as Intl reads it, to the second (historical local mean times have seconds). */
function readOffset(zone: string, utcMs: number): number {
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
