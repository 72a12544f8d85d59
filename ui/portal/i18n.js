import { useEffect, useState } from 'preact/hooks';
import ru from './i18n/ru.js';
import en from './i18n/en.js';

// Both catalogues are small and load with the page: the sign-in page may switch before anyone is known.
/** @type {Record<string, Record<string, string>>} */
const catalogues = { ru, en };
const KEY = 'ondesk.portal.lang';

/** The language a visitor chose on this device, else the browser's first known one, else English. */
function deviceLanguage() {
  const saved = localStorage.getItem(KEY);
  if (saved && catalogues[saved]) return saved;
  for (const l of navigator.languages || [navigator.language]) {
    const base = String(l).slice(0, 2).toLowerCase();
    if (catalogues[base]) return base;
  }
  return 'en';
}

let current = deviceLanguage();
document.documentElement.lang = current;
/** @type {Set<(lang: string) => void>} */
const listeners = new Set();

export const language = () => current;
export const languages = Object.keys(catalogues);

/**
 * Shows the portal in a language: the contact's own once signed in (their choice is kept on the server), the
 * device's before. @param {string} lang
 */
export function setLanguage(lang) {
  if (!catalogues[lang] || lang === current) return;
  localStorage.setItem(KEY, lang);
  current = lang;
  document.documentElement.lang = lang;
  listeners.forEach((l) => l(lang));
}

/** Whether the catalogue has a string (a refusal's code the portal says in its own words). @param {string} key */
export const has = (key) => key in catalogues.en;

/**
 * t('tickets.found', { n: 3 })
 * @param {string} key
 * @param {Record<string, unknown>} [params]
 */
export function t(key, params) {
  let text = catalogues[current][key] ?? catalogues.en[key] ?? key;
  if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

/** Re-renders a component when the language changes. */
export function useLanguage() {
  const [lang, setLang] = useState(current);
  useEffect(() => {
    listeners.add(setLang);
    return () => {
      listeners.delete(setLang);
    };
  }, []);
  return lang;
}
