/**
 * Turns what a person typed into an FTS5 query: every word becomes a quoted prefix query (so `"`, `*`,
 * `NEAR`, `-` and other FTS syntax are plain text), all of them required. Russian words lose a trailing
 * inflection vowel first, so "принтеры" finds "принтер" and "Принтеры" alike. Null when no word is left.
 */
export function ftsQuery(text: string): string | null {
  const stems = searchStems(text);
  if (stems.length === 0) return null;
  return stems.map((w) => `"${w}"*`).join(' AND ');
}

/** The searched words as the index folds them (lower case, ё = е), reduced to their stems. */
export function searchStems(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => [...w].length >= 2)
    .slice(0, 12)
    .map(reduceInflection);
}

const CYRILLIC_ENDING = /[аеиоуыэюяйь]{1,2}$/u;

/** A light, query-side stemmer: drop up to two trailing vowels (or й/ь) of a Cyrillic word of 5+ letters. */
export function reduceInflection(word: string): string {
  if (!/^\p{Script=Cyrillic}+$/u.test(word) || [...word].length < 5) return word;
  const reduced = word.replace(CYRILLIC_ENDING, '');
  return [...reduced].length >= 4 ? reduced : word;
}
