import { useEffect, useState } from 'preact/hooks';
import en from './i18n/en.js';
import ru from './i18n/ru.js';

const dictionaries = { en, ru };
const KEY = 'ondesk.lang';

function initialLanguage() {
  const saved = localStorage.getItem(KEY);
  if (saved && dictionaries[saved]) return saved;
  for (const l of navigator.languages || [navigator.language]) {
    const base = String(l).slice(0, 2).toLowerCase();
    if (dictionaries[base]) return base;
  }
  return 'en';
}

let current = initialLanguage();
document.documentElement.lang = current;
const listeners = new Set();

export const language = () => current;

export function setLanguage(lang) {
  if (!dictionaries[lang] || lang === current) return;
  current = lang;
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  listeners.forEach((l) => l(lang));
}

/** t('history.changed', { field: 'status' }) */
export function t(key, params) {
  let text = dictionaries[current][key] ?? dictionaries.en[key] ?? key;
  if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

/**
 * Strings of a page that loads lazily: its module brings them along, so the first load of the desk carries
 * only the strings of the pages every session opens. `{ en: {...}, ru: {...} }`
 */
export function addMessages(byLanguage) {
  for (const [lang, messages] of Object.entries(byLanguage))
    if (dictionaries[lang]) Object.assign(dictionaries[lang], messages);
}

const pluralRules = new Map();
/** t() with the plural form of `n`: looks up `key.one`, `key.few`, `key.many` or `key.other` ({n} is set). */
export function tn(key, n, params) {
  if (!pluralRules.has(current)) pluralRules.set(current, new Intl.PluralRules(current));
  const form = pluralRules.get(current).select(n);
  const has = (k) => dictionaries[current][k] !== undefined || dictionaries.en[k] !== undefined;
  return t(has(`${key}.${form}`) ? `${key}.${form}` : `${key}.other`, { n, ...params });
}

/** Re-renders the calling component when the language changes. */
export function useLanguage() {
  const [lang, setLang] = useState(current);
  useEffect(() => {
    listeners.add(setLang);
    return () => listeners.delete(setLang);
  }, []);
  return lang;
}
