// What an agent types for worked time and dates, read without the DOM or the server (tested on its own).

const UNIT_HOURS = /^(h|hr|hrs|hour|hours|ч|час|часа|часов)\.?$/;
const UNIT_MINUTES = /^(m|min|mins|minute|minutes|мин|минут|минуты|минута)\.?$/;

/**
 * Minutes from what an agent types: "90" (minutes), "1:30", "1.5 h", "1,5 ч", "1 h 30 min", "1ч 30м", "45 min".
 * Null when it is no positive duration of at most 24 hours (the server refuses more in one entry anyway).
 * @param {string} text
 * @returns {number | null}
 */
export function parseDuration(text) {
  const s = String(text).trim().toLowerCase().replace(/\s+/g, ' ');
  if (!s) return null;
  let minutes = null;
  const clock = /^(\d{1,2}):([0-5]\d)$/.exec(s);
  if (clock) minutes = Number(clock[1]) * 60 + Number(clock[2]);
  else if (/^\d{1,4}$/.test(s)) minutes = Number(s);
  else {
    // Number-unit pairs: "1 h 30 min", "1ч30м", "1,5 ч"; each unit once, hours before minutes.
    const parts = [...s.matchAll(/(\d+(?:[.,]\d+)?)\s*([a-zа-я]+\.?)/g)];
    if (
      !parts.length ||
      parts
        .map((p) => p[0])
        .join('')
        .replace(/\s/g, '') !== s.replace(/\s/g, '')
    )
      return null;
    let total = 0;
    let seen = '';
    for (const [, amount, unit] of parts) {
      const value = Number(amount.replace(',', '.'));
      const kind = UNIT_HOURS.test(unit) ? 'h' : UNIT_MINUTES.test(unit) || unit === 'м' ? 'm' : null;
      if (!kind || seen.includes(kind) || (kind === 'h' && seen)) return null;
      seen += kind;
      total += kind === 'h' ? value * 60 : value;
    }
    minutes = Math.round(total);
  }
  return minutes !== null && minutes > 0 && minutes <= 24 * 60 ? minutes : null;
}

/** "1:30" for 90: how a duration is put back into the field it was typed in. @param {number} minutes */
export const durationText = (minutes) => `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');

/** The plain date (YYYY-MM-DD) of an instant in the viewer's zone. @param {Date} at */
export const localDate = (at) => `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;

/** The local time "HH:MM" of an instant in the viewer's zone. @param {Date} at */
export const localTime = (at) => `${pad(at.getHours())}:${pad(at.getMinutes())}`;

/** The first and the last day of the month of a plain date. @param {string} date YYYY-MM-DD */
export function monthOf(date) {
  const [y, m] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(last)}` };
}

/**
 * The instants of a "from–to" entry typed as a date and two local times; an end at or before the start means
 * the work went past midnight. Null when a time is missing or malformed.
 * @param {string} date YYYY-MM-DD
 * @param {string} from HH:MM
 * @param {string} to HH:MM
 * @returns {{ startedAt: string, endedAt: string, minutes: number } | null}
 */
export function spanOf(date, from, to) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(from) || !/^\d{2}:\d{2}$/.test(to)) return null;
  const start = new Date(`${date}T${from}:00`);
  let end = new Date(`${date}T${to}:00`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return null;
  if (end <= start) end = new Date(end.getTime() + 86_400_000);
  const minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
  return { startedAt: start.toISOString(), endedAt: end.toISOString(), minutes };
}

/**
 * Kopecks from roubles as typed: "2500", "2 500,50", "2500.5". Null when it is no amount of at most two
 * decimals. Counted in integers, so no float ever rounds a kopeck away.
 * @param {string} text
 * @returns {number | null}
 */
export function parseRoubles(text) {
  const s = String(text)
    .replace(/[\s\u00a0\u202f₽]/g, '')
    .replace(',', '.');
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Roubles as they go back into a field: 250050 → "2500.50", 250000 → "2500". @param {number} kopecks */
export const roublesText = (kopecks) =>
  kopecks % 100 === 0
    ? String(kopecks / 100)
    : `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;
