// What the UI adds to the server's zone code (served compiled from server/modules/calendars/zone.ts, so the
// rule for DST edges is the server's, not a copy): datetime-local inputs read in a zone, the viewer's zone and
// the list of zones the browser knows. A time inside a spring-forward gap is the instant the clocks jump, a time
// that occurs twice is its first occurrence.
import { localToUtc, offsetAt } from 'ondesk-server/calendars/zone.js';

/** @type {Map<string, boolean>} */
const knownByName = new Map();

/** Whether the browser knows the IANA zone. @param {string | null | undefined} zone @returns {zone is string} */
export function isKnownZone(zone) {
  if (!zone) return false;
  let known = knownByName.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    knownByName.set(zone, known);
  }
  return known;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The value of a datetime-local input, read in the zone, as a UTC ISO string (null when incomplete).
 * @param {string | null | undefined} value
 * @param {string | null | undefined} zone
 */
export function localInputToIso(value, zone) {
  const m = LOCAL_INPUT.exec(value || '');
  if (!m || !isKnownZone(zone)) return null;
  return new Date(localToUtc(zone, +m[1], +m[2], +m[3], +m[4] * 60 + +m[5])).toISOString();
}

/** An instant as a datetime-local value in the zone. @param {number} ms @param {string} zone */
export function utcToLocalInput(ms, zone) {
  return new Date(ms + offsetAt(zone, ms)).toISOString().slice(0, 16);
}

/** Today's date (YYYY-MM-DD) in the zone. @param {string | null | undefined} zone */
export function todayIn(zone) {
  const now = Date.now();
  return new Date(now + (isKnownZone(zone) ? offsetAt(zone, now) : 0)).toISOString().slice(0, 10);
}

/** The browser's own zone. */
export const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Every IANA zone the browser knows, for the zone picker. @returns {string[]} */
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
