import { useEffect, useState } from 'preact/hooks';

/** @typedef {Record<string, string>} Messages */
/**
 * A language's catalogue (i18n/en.js, i18n/ru.js): the core every session needs, and the parts pages load.
 * @typedef {{ core: Messages, parts: Record<string, () => Promise<{ default: Messages }>> }} Catalogue
 */

/** @type {Record<string, () => Promise<{ default: Catalogue }>>} */
const catalogues = { en: () => import('./i18n/en.js'), ru: () => import('./i18n/ru.js') };
const KEY = 'ondesk.lang';

function initialLanguage() {
  const saved = localStorage.getItem(KEY);
  if (saved && catalogues[saved]) return saved;
  for (const l of navigator.languages || [navigator.language]) {
    const base = String(l).slice(0, 2).toLowerCase();
    if (catalogues[base]) return base;
  }
  return 'en';
}

/** The parts the pages opened so far asked for: a change of language loads them in the new language too. */
const partsInUse = new Set();

/** @param {string} lang @returns {Promise<Messages>} */
async function loadDictionary(lang) {
  const { default: catalogue } = await catalogues[lang]();
  const names = [...partsInUse];
  const parts = await Promise.all(names.map((name) => catalogue.parts[name]()));
  // A page that asked for a part meanwhile needs it in this language too.
  if (partsInUse.size !== names.length) return loadDictionary(lang);
  return Object.assign({}, catalogue.core, ...parts.map((part) => part.default));
}

// Only the viewer's language loads: the other one loads when they switch.
let current = initialLanguage();
let dictionary = await loadDictionary(current);
document.documentElement.lang = current;
/** @type {Set<(lang: string) => void>} */
const listeners = new Set();

export const language = () => current;

/** Loads a language's strings (core and the parts in use), then shows the desk in it. @param {string} lang */
async function applyLanguage(lang) {
  const next = await loadDictionary(lang);
  current = lang;
  dictionary = next;
  document.documentElement.lang = lang;
  listeners.forEach((l) => l(lang));
}

/** Switches the desk's language by the viewer's explicit choice, kept in this browser. @param {string} lang */
export async function setLanguage(lang) {
  if (!catalogues[lang] || lang === current) return;
  // The choice is kept at once, so a page opened before the strings arrive is in the chosen language too.
  localStorage.setItem(KEY, lang);
  await applyLanguage(lang);
}

/**
 * Takes the signed-in agent's own language unless a choice was made in this browser: a Russian-speaking agent
 * on an English browser gets the Russian desk without looking for the switch. Not kept in this browser, so the
 * next agent signing in here gets their own language too.
 * @param {string} lang
 */
export async function adoptAgentLanguage(lang) {
  if (localStorage.getItem(KEY) || !catalogues[lang] || lang === current) return;
  await applyLanguage(lang);
}

/**
 * t('history.changed', { field: 'status' })
 * @param {string} key
 * @param {Record<string, unknown>} [params]
 */
export function t(key, params) {
  let text = dictionary[key] ?? key;
  if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

/** The parts asked for, each loading or loaded: every module that asks for a part waits for the same load. */
/** @type {Map<string, Promise<void>>} */
const partLoads = new Map();

/**
 * Loads a part of the catalogue (`people`, `sla`, …) for a module that loads lazily with its page, so the first
 * load of the desk carries only the strings of the pages every session opens. Modules await it at the top; two
 * modules of one page that ask for the same part both wait until its strings are in.
 * @param {string} name
 */
export function loadMessages(name) {
  let loading = partLoads.get(name);
  if (!loading) {
    partsInUse.add(name);
    loading = loadPart(name).catch((error) => {
      // Asked for again later (the next page that needs it), not remembered as loaded.
      partLoads.delete(name);
      partsInUse.delete(name);
      throw error;
    });
    partLoads.set(name, loading);
  }
  return loading;
}

/** @param {string} name */
async function loadPart(name) {
  const lang = current;
  const { default: catalogue } = await catalogues[lang]();
  const { default: messages } = await catalogue.parts[name]();
  // A switch of language meanwhile has loaded this part in the new language already.
  if (lang === current) Object.assign(dictionary, messages);
}

/** @type {Map<string, Intl.PluralRules>} */
const pluralRules = new Map();
/**
 * t() with the plural form of `n`: looks up `key.one`, `key.few`, `key.many` or `key.other` ({n} is set).
 * @param {string} key
 * @param {number} n
 * @param {Record<string, unknown>} [params]
 */
export function tn(key, n, params) {
  let rules = pluralRules.get(current);
  if (!rules) pluralRules.set(current, (rules = new Intl.PluralRules(current)));
  const form = rules.select(n);
  return t(dictionary[`${key}.${form}`] !== undefined ? `${key}.${form}` : `${key}.other`, { n, ...params });
}

/** Re-renders the calling component when the language changes. */
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
