import { language, t } from './i18n.js';

// Dates in the viewer's own time zone (the browser's), in the chosen language.
const cache = new Map();
function formatter(kind) {
  const key = `${language()}:${kind}`;
  if (!cache.has(key)) {
    /** @type {Intl.DateTimeFormatOptions} */
    const opts =
      kind === 'full'
        ? { dateStyle: 'medium', timeStyle: 'short' }
        : { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' };
    cache.set(key, new Intl.DateTimeFormat(language() === 'ru' ? 'ru-RU' : 'en-GB', opts));
  }
  return cache.get(key);
}

export const formatDate = (iso) => (iso ? formatter('full').format(new Date(iso)) : '');
export const formatShort = (iso) => (iso ? formatter('short').format(new Date(iso)) : '');

/** "5 min ago", "3 h ago", else the short date. */
export function formatAgo(iso) {
  if (!iso) return '';
  const diff = (Date.now() - Date.parse(iso)) / 60000;
  const rtf = new Intl.RelativeTimeFormat(language(), { numeric: 'auto', style: 'short' });
  if (diff < 60) return rtf.format(-Math.max(0, Math.round(diff)), 'minute');
  if (diff < 24 * 60) return rtf.format(-Math.round(diff / 60), 'hour');
  return formatShort(iso);
}

export const formatBytes = (n) =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`;

/** "12 March 2026": the date of an instant in the viewer's zone. */
export const formatDay = (iso) =>
  iso
    ? new Intl.DateTimeFormat(language() === 'ru' ? 'ru-RU' : 'en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }).format(new Date(iso))
    : '';

/** An instant in a given zone, "25 Nov, 19:11" (the calendar's zone beside the viewer's). */
export const formatShortIn = (iso, zone) =>
  new Intl.DateTimeFormat(language() === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone: zone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

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

/** A plain date of work (YYYY-MM-DD, no zone): "4 Dec 2026" / "4 дек. 2026 г.", as agreements show theirs. */
export const formatWorkDate = (date) =>
  date
    ? new Intl.DateTimeFormat(numberLocale(), {
        timeZone: 'UTC',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
      }).format(new Date(`${date}T00:00:00Z`))
    : '';
