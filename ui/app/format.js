import { language } from './i18n.js';

// Dates in the viewer's own time zone (the browser's), in the chosen language.
const cache = new Map();
function formatter(kind) {
  const key = `${language()}:${kind}`;
  if (!cache.has(key)) {
    const opts = kind === 'full' ? { dateStyle: 'medium', timeStyle: 'short' } : { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' };
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
  const rtf = new Intl.RelativeTimeFormat(language(), { numeric: 'auto', style: 'narrow' });
  if (diff < 60) return rtf.format(-Math.max(0, Math.round(diff)), 'minute');
  if (diff < 24 * 60) return rtf.format(-Math.round(diff / 60), 'hour');
  return formatShort(iso);
}

export const formatBytes = (n) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`);
