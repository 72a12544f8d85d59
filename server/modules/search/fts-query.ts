/**
 * Turns what a person typed into an FTS5 query for the trigram index: every word of three or more
 * characters becomes a quoted phrase (so `"`, `*`, `NEAR`, `-` and other FTS syntax are plain text),
 * all of them required. Shorter words cannot be matched by trigrams and are left out; null when none is left.
 */
export function ftsQuery(text: string): string | null {
  const terms = text
    .normalize('NFC')
    .split(/\s+/)
    .map((t) => t.trim())
    .filter((t) => [...t].length >= 3)
    .slice(0, 12);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}
