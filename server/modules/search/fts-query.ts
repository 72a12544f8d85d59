import { fts5Match, parseQuery, stems, tsqueryText, wordClauses, type WordClause } from './search-text.js';

/**
 * Turns what a person typed into the clauses of a word-index query, for the queue's and the portal's text
 * filters, which read the word index themselves. Words become stems, quoted text a phrase, and a code such as
 * `0x80070005` or an e-mail address the phrase of its parts (the word index holds those too) with its last part
 * a prefix, as a code is often typed in part (`0x8007`). Empty when nothing is left.
 */
export function textClauses(text: string): WordClause[] {
  const q = parseQuery(text);
  return [
    ...wordClauses({ ...q, codes: [] }),
    ...q.codes
      .map(stems)
      .filter((p) => p.length > 0)
      .map((terms) => ({ terms, prefix: true })),
    ...(q.ticketNumber === null ? [] : [{ terms: [String(q.ticketNumber)], prefix: false }]),
  ];
}

/** The clauses as an FTS5 MATCH expression over `search_index` (SQLite), or null. */
export function ftsQuery(text: string): string | null {
  return fts5Match(textClauses(text));
}

/** The clauses as a tsquery over `search_words` (PostgreSQL), or null. */
export function tsQuery(text: string): string | null {
  return tsqueryText(textClauses(text));
}
