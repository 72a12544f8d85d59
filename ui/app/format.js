import { language, t } from './i18n.js';

// Dates in the viewer's own time zone (the browser's), in the chosen language: one format across the desk —
// ru "04.12.2026 15:33", en "Dec 4, 2026, 3:33 PM" — so a date reads the same in a list, a dialog and a tooltip.
const cache = new Map();
/** @param {'full' | 'day'} kind @param {string} [zone] @returns {Intl.DateTimeFormat} */
function formatter(kind, zone) {
  const key = `${language()}:${kind}:${zone ?? ''}`;
  if (!cache.has(key)) {
    const ru = language() === 'ru';
    /** @type {Intl.DateTimeFormatOptions} */
    const day = ru
      ? { day: '2-digit', month: '2-digit', year: 'numeric' }
      : { month: 'short', day: 'numeric', year: 'numeric' };
    /** @type {Intl.DateTimeFormatOptions} */
    const opts = kind === 'full' ? { ...day, hour: ru ? '2-digit' : 'numeric', minute: '2-digit' } : day;
    cache.set(key, new Intl.DateTimeFormat(ru ? 'ru-RU' : 'en-US', { ...opts, ...(zone && { timeZone: zone }) }));
  }
  return cache.get(key);
}

/**
 * The text of a formatter: Russian without the comma between date and time ("04.12.2026 15:33"), and the narrow
 * no-break space newer ICU puts before AM/PM made a plain one, so copied dates paste as typed.
 * @param {Intl.DateTimeFormat} f @param {Date} date
 */
function text(f, date) {
  const out = f.format(date).replace(/\u202f/g, ' ');
  return language() === 'ru' ? out.replace(', ', ' ') : out;
}

/** An instant: "04.12.2026 15:33" / "Dec 4, 2026, 3:33 PM". */
export const formatDate = (iso) => (iso ? text(formatter('full'), new Date(iso)) : '');
/** The same as formatDate: kept for the pages that ask for a "short" date (Jobs, Outbox); one format everywhere. */
export const formatShort = formatDate;

/** "5 min ago", "3 h ago", else the date (components/time-ago.js shows it with the exact time on hover). */
export function formatAgo(iso) {
  if (!iso) return '';
  const diff = (Date.now() - Date.parse(iso)) / 60000;
  const rtf = new Intl.RelativeTimeFormat(language(), { numeric: 'auto', style: 'short' });
  if (diff < 60) return rtf.format(-Math.max(0, Math.round(diff)), 'minute');
  if (diff < 24 * 60) return rtf.format(-Math.round(diff / 60), 'hour');
  return formatDate(iso);
}

export const formatBytes = (n) =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`;

/** The date of an instant in the viewer's zone: "04.12.2026" / "Dec 4, 2026". */
export const formatDay = (iso) => (iso ? text(formatter('day'), new Date(iso)) : '');

/** An instant in a given zone (the calendar's zone beside the viewer's), in the desk's one format. */
export const formatShortIn = (iso, zone) => text(formatter('full', zone), new Date(iso));

/** Whole minutes as "2 h 15 min" / "40 min" (business time is counted in hours, not days). */
export function formatMinutes(minutes) {
  const total = Math.round(Math.abs(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  const hours = new Intl.NumberFormat(language() === 'ru' ? 'ru-RU' : 'en-GB').format(h);
  if (h && m) return t('cal.duration.hm', { h: hours, m });
  if (h) return t('cal.duration.h', { h: hours });
  return t('cal.duration.m', { m });
}

const numberLocale = () => (language() === 'ru' ? 'ru-RU' : 'en-GB');

/**
 * Worked time as "1 h 30 min" / "1 ч 30 мин"; whole hours keep "0 min" ("10 h 0 min"), so balances and totals
 * read alike in a column. Below zero (an overdrawn package) with a minus sign.
 * @param {number} minutes
 */
export function formatWork(minutes) {
  const total = Math.round(Math.abs(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  const text = h
    ? t('cal.duration.hm', { h: new Intl.NumberFormat(numberLocale()).format(h), m })
    : t('cal.duration.m', { m });
  return minutes < 0 && total > 0 ? `−${text}` : text;
}

/** A running timer's time, "0:20:05": hours, minutes, seconds. @param {number} seconds */
export function formatElapsed(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** Integer kopecks as roubles: "2 500,00 ₽" (ru), "₽2,500.00" (en). @param {number} kopecks */
export const formatMoney = (kopecks) =>
  new Intl.NumberFormat(numberLocale(), { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol' }).format(
    kopecks / 100,
  );

/** A plain date of work (YYYY-MM-DD, no zone): "04.12.2026" / "Dec 4, 2026", as every date of the desk. */
export const formatWorkDate = (date) => (date ? text(formatter('day', 'UTC'), new Date(`${date}T00:00:00Z`)) : '');
