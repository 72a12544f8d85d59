import { ftsString, parseQuery, stems, wordMatch } from './search-text.js';

/**
 * Turns what a person typed into a MATCH expression over the word index (`search_index`) alone, for the
 * queue's and the portal's text filters, which join that table themselves. Words become stems, quoted text a
 * phrase, and a code such as `0x80070005` or an e-mail address the phrase of its parts (the word index holds
 * those too) with its last part a prefix, as a code is often typed in part (`0x8007`). Null when nothing is left.
 */
export function ftsQuery(text: string): string | null {
  const q = parseQuery(text);
  const parts = [
    wordMatch({ ...q, codes: [] }),
    ...q.codes
      .map(stems)
      .filter((p) => p.length > 0)
      .map((p) => `${ftsString(p.join(' '))}*`),
    ...(q.ticketNumber === null ? [] : [ftsString(String(q.ticketNumber))]),
  ].filter((p) => p !== null);
  return parts.length ? parts.join(' AND ') : null;
}
