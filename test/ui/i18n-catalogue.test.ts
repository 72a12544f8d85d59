import t from 'tap';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { productRoot } from '../../server/shared/paths.js';

/**
 * The UI's catalogues (ui/app/i18n/en.js and ru.js) say the same things in both languages: the same keys and,
 * in each message, the same {placeholders}. Plural messages (`key.one`, `key.few`, …) are compared by their
 * base key, and each language must have every plural form its own rules use.
 */

type Messages = Record<string, string>;
interface Catalogue {
  core: Messages;
  parts: Record<string, () => Promise<{ default: Messages }>>;
}

const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'];
/** `agr.expiry.days` for `agr.expiry.days.few` when the messages hold the plural forms `.one` and `.other` of it. */
const pluralBase = (key: string, messages: Messages) => {
  const dot = key.lastIndexOf('.');
  const base = key.slice(0, dot);
  const isPlural =
    PLURAL_FORMS.includes(key.slice(dot + 1)) && `${base}.one` in messages && `${base}.other` in messages;
  return isPlural ? base : null;
};
/** `{name}` placeholders; `{{variables}}` is text about template syntax, not a placeholder. */
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/(?<!\{)\{(\w+)\}(?!\})/g)].map((m) => m[1]))].sort();

async function loadCatalogue(lang: string): Promise<{ catalogue: Catalogue; messages: Messages }> {
  const url = pathToFileURL(join(productRoot, 'ui', 'app', 'i18n', `${lang}.js`)).href;
  const catalogue = ((await import(url)) as { default: Catalogue }).default;
  const messages: Messages = { ...catalogue.core };
  for (const [name, load] of Object.entries(catalogue.parts)) {
    const part = (await load()).default;
    for (const key of Object.keys(part))
      if (key in messages) throw new Error(`${lang}: ${key} is in two parts (${name})`);
    Object.assign(messages, part);
  }
  return { catalogue, messages };
}

/** Messages by key, with plural forms gathered under their base key. */
function byBaseKey(messages: Messages) {
  const out = new Map<string, { forms: string[]; placeholders: string[] }>();
  for (const [key, text] of Object.entries(messages)) {
    const base = pluralBase(key, messages) ?? key;
    const entry = out.get(base) ?? { forms: [], placeholders: [] };
    if (base !== key) entry.forms.push(key.slice(base.length + 1));
    entry.placeholders = [...new Set([...entry.placeholders, ...placeholders(text)])].sort();
    out.set(base, entry);
  }
  return out;
}

t.test('the English and Russian catalogues of the UI have the same keys and placeholders', async (t) => {
  const en = await loadCatalogue('en');
  const ru = await loadCatalogue('ru');
  t.same(Object.keys(ru.catalogue.parts).sort(), Object.keys(en.catalogue.parts).sort(), 'the same parts');
  const enKeys = byBaseKey(en.messages);
  const ruKeys = byBaseKey(ru.messages);
  t.ok(enKeys.size > 500, `the catalogue is the whole UI (${enKeys.size} messages)`);
  t.same(
    [...enKeys.keys()].filter((k) => !ruKeys.has(k)),
    [],
    'no key only in English',
  );
  t.same(
    [...ruKeys.keys()].filter((k) => !enKeys.has(k)),
    [],
    'no key only in Russian',
  );
  const differing = [...enKeys]
    .filter(([key, entry]) => ruKeys.has(key) && entry.placeholders.join() !== ruKeys.get(key)!.placeholders.join())
    .map(([key]) => key);
  t.same(differing, [], 'the same placeholders in both languages');
  for (const [lang, keys] of [
    ['en', enKeys],
    ['ru', ruKeys],
  ] as const) {
    const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    const incomplete = [...keys]
      .filter(([, entry]) => entry.forms.length > 0 && !needed.every((form) => entry.forms.includes(form)))
      .map(([key]) => key);
    t.same(incomplete, [], `${lang}: plural messages have every form of ${lang} (${needed.join(', ')})`);
  }
});
