// Wall-clock time in an IANA zone other than the browser's: a calendar's times are entered and shown in the
// calendar's zone, whoever looks at them. The rule for DST edges is the server's (zone.ts), so a preview
// asks about the instant the person meant: a time inside a spring-forward gap is the instant the clocks
// jump, a time that occurs twice is its first occurrence.
const formatters = new Map();

function formatter(zone) {
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

export function isKnownZone(zone) {
  if (!zone) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the zone from UTC at an instant, in ms (local = utc + offset). */
export function offsetAt(zone, ms) {
  const parts = formatter(zone).formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return (
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) -
    Math.floor(ms / 1000) * 1000
  );
}

/** The instant of a local date and minute of the day in the zone. */
export function localToUtc(zone, y, m, d, minute) {
  const wall = Date.UTC(y, m - 1, d, 0, minute);
  const before = offsetAt(zone, wall - 36 * 3600000);
  const after = offsetAt(zone, wall + 36 * 3600000);
  const candidates = [...new Set([before, after, offsetAt(zone, wall)])]
    .map((o) => wall - o)
    .filter((t) => offsetAt(zone, t) === wall - t);
  if (candidates.length) return Math.min(...candidates);
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

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The value of a datetime-local input, read in the zone, as a UTC ISO string (null when incomplete). */
export function localInputToIso(value, zone) {
  const m = LOCAL_INPUT.exec(value || '');
  if (!m || !isKnownZone(zone)) return null;
  return new Date(localToUtc(zone, +m[1], +m[2], +m[3], +m[4] * 60 + +m[5])).toISOString();
}

/** An instant as a datetime-local value in the zone. */
export function utcToLocalInput(ms, zone) {
  return new Date(ms + offsetAt(zone, ms)).toISOString().slice(0, 16);
}

/** Today's date (YYYY-MM-DD) in the zone. */
export function todayIn(zone) {
  const now = Date.now();
  return new Date(now + (isKnownZone(zone) ? offsetAt(zone, now) : 0)).toISOString().slice(0, 10);
}

/** The browser's own zone. */
export const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Every IANA zone the browser knows, for the zone picker. */
export function knownZones() {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [
      'Europe/Moscow',
      'Europe/Kaliningrad',
      'Europe/Samara',
      'Asia/Yekaterinburg',
      'Asia/Novosibirsk',
      'Asia/Krasnoyarsk',
      'Asia/Irkutsk',
      'Asia/Vladivostok',
      'UTC',
    ];
  }
}
