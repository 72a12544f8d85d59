import { language } from './i18n.js';

// One format per language, everywhere in the portal: ru "04.12.2026 15:33", en "Dec 4, 2026, 3:33 PM"; dates
// alone as "04.12.2026" / "Dec 4, 2026". Instants are shown in the viewer's own time zone.
const cache = new Map();

/** @param {string} key @param {() => Intl.DateTimeFormat} make */
function cached(key, make) {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key);
}

/** @param {Intl.DateTimeFormat} f @param {Date} d */
function partsOf(f, d) {
  /** @type {Record<string, string>} */
  const parts = {};
  for (const p of f.formatToParts(d)) parts[p.type] = p.value;
  return parts;
}

/** An instant, date and time. @param {string | null | undefined} iso */
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (language() === 'ru') {
    const f = cached('ru:dt', () => new Intl.DateTimeFormat('ru-RU', numericOptions(true)));
    const p = partsOf(f, d);
    return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
  }
  return cached('en:dt', () => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' })).format(d);
}

/** A calendar date without a zone (an agreement's first or last day, YYYY-MM-DD). @param {string | null | undefined} date */
export function formatDate(date) {
  if (!date) return '';
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (language() === 'ru') {
    const f = cached('ru:d', () => new Intl.DateTimeFormat('ru-RU', { ...numericOptions(false), timeZone: 'UTC' }));
    const p = partsOf(f, d);
    return `${p.day}.${p.month}.${p.year}`;
  }
  return cached('en:d', () => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' })).format(d);
}

/** @param {boolean} withTime @returns {Intl.DateTimeFormatOptions} */
function numericOptions(withTime) {
  return withTime
    ? { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { day: '2-digit', month: '2-digit', year: 'numeric' };
}

/** Business minutes of an SLA target as "2 h 30 min" / "2 ч 30 мин". @param {number} minutes */
export function formatMinutes(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const ru = language() === 'ru';
  const hours = h ? `${h} ${ru ? 'ч' : 'h'}` : '';
  const mins = m ? `${m} ${ru ? 'мин' : 'min'}` : '';
  return [hours, mins].filter(Boolean).join(' ') || `0 ${ru ? 'мин' : 'min'}`;
}

/** A file's size: "22,9 КБ" / "22.9 KB". @param {number} n */
export function formatBytes(n) {
  const ru = language() === 'ru';
  const number = (/** @type {number} */ x) =>
    new Intl.NumberFormat(ru ? 'ru-RU' : 'en-US', { maximumFractionDigits: 1 }).format(x);
  if (n < 1024) return `${n} ${ru ? 'Б' : 'B'}`;
  if (n < 1048576) return `${number(n / 1024)} ${ru ? 'КБ' : 'KB'}`;
  return `${number(n / 1048576)} ${ru ? 'МБ' : 'MB'}`;
}

/** Integer kopecks as roubles: "2 500,00 ₽" (ru), "₽2,500.00" (en). @param {number} kopecks */
export const formatMoney = (kopecks) =>
  new Intl.NumberFormat(language() === 'ru' ? 'ru-RU' : 'en-US', {
    style: 'currency',
    currency: 'RUB',
    currencyDisplay: 'narrowSymbol',
  }).format(kopecks / 100);
