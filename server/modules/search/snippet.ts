/**
 * Builds the highlighted excerpt of a search hit in JS: a window of the text around the first match, with
 * every word that starts with one of the searched stems (or holds a piece of a searched code) wrapped in <mark>. All text is HTML-escaped, so the
 * only markup in a snippet is <mark>. (SQLite's snippet() would re-run the full-text query for each hit.)
 */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const WORD = /[\p{L}\p{N}]+/gu;

export function buildSnippet(text: string, stems: string[], width = 160, pieces: string[] = []): string {
  // A word is marked when it begins with a searched stem, or holds a piece of a searched code (a substring).
  const matches = (w: string) => {
    const folded = w.toLowerCase().replace(/ё/g, 'е');
    return stems.some((s) => folded.startsWith(s)) || pieces.some((p) => folded.includes(p));
  };
  let first = -1;
  for (const m of text.matchAll(WORD)) {
    if (matches(m[0])) {
      first = m.index!;
      break;
    }
  }
  const start = first < 0 ? 0 : Math.max(0, first - Math.floor(width / 3));
  const from = start > 0 ? text.indexOf(' ', start) + 1 || start : 0;
  const excerpt = text.slice(from, from + width);
  let html = '';
  let last = 0;
  for (const m of excerpt.matchAll(WORD)) {
    if (!matches(m[0])) continue;
    html += escapeHtml(excerpt.slice(last, m.index)) + `<mark>${escapeHtml(m[0])}</mark>`;
    last = m.index! + m[0].length;
  }
  html += escapeHtml(excerpt.slice(last));
  return (from > 0 ? '…' : '') + html + (from + width < text.length ? '…' : '');
}
