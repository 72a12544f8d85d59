import { parseQuery, stems, wordMatch } from './search-text.js';

/**
 * Turns what a person typed into a MATCH expression over the word index (`search_index`) alone, for the
 * queue's and the portal's text filters, which join that table themselves. Words become stems (the last one a
 * prefix, as it may be unfinished), quoted text a phrase, and a code such as `0x80070005` or an e-mail
 * address the phrase of its parts (the word index holds those too). Null when no word is left.
 */
export function ftsQuery(text: string): string | null {
  const q = parseQuery(text);
  const codePhrases = q.codes.map(stems).filter((p) => p.length > 0);
  if (q.ticketNumber !== null) codePhrases.push([String(q.ticketNumber)]);
  return wordMatch({ ...q, phrases: [...q.phrases, ...codePhrases] });
}
