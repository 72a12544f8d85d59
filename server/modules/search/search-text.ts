/**
 * What the search index holds and how a typed query maps onto it: pure functions, no I/O.
 *
 * Two indexes, both fed from here:
 * - the word index holds Snowball stems (Russian for Cyrillic words, English for Latin ones) so "бухгалтерии"
 *   finds "бухгалтерия" and "printers" finds "printer"; words with digits and words of other scripts are kept
 *   whole. Stems go in order, so a quoted phrase is an FTS5 phrase over the stems.
 * - the code index holds, in a trigram table, only the chunks of text that look like codes: anything with a
 *   digit or with `@ _ . / \ - :` inside (error codes, numbers, e-mail addresses, file names). A query chunk
 *   of that shape is searched as an exact substring there. Trigrams over all the text would be several times
 *   the size of the word index for a million tickets; codes are a few per ticket.
 */
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemRussian } from '@orama/stemmers/russian';

/** Bounds of the work a single query may cause (the route caps the text at 200 characters too). */
export const MAX_QUERY_TERMS = 8;
/** A longer word or code is cut here: nothing real is longer, and the FTS term stays small. */
export const MAX_TERM_LENGTH = 64;

const WORD = /[\p{L}\p{N}]+/gu;
const CYRILLIC = /^\p{Script=Cyrillic}+$/u;
const LATIN = /^\p{Script=Latin}+$/u;
const HAS_DIGIT = /\p{N}/u;
/** Punctuation trimmed off the ends of a chunk before deciding whether it is a code. */
const EDGE = /^[^\p{L}\p{N}#@_]+|[^\p{L}\p{N}_]+$/gu;
/** Inner characters that make a chunk a code (an address, a file name, ERR_CONN_RESET, 1C-17). */
const CODE_INNER = /[@_./\\:-]/u;

/** Lower case, ё = е, NFC: the same folding for what is indexed and what is typed. */
export function fold(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/ё/g, 'е');
}

/** The index form of one word: a stem for Russian and English words, the word itself otherwise. */
export function stemWord(word: string): string {
  return stemFolded(fold(word));
}

/**
 * Stems of words already folded, remembered: a desk's text repeats the same few thousand words, and the
 * stemmers are most of the cost of indexing a row. The memory is bounded (cleared when full).
 */
const known = new Map<string, string>();
const KNOWN_MAX = 50_000;

function stemFolded(folded: string): string {
  const cached = known.get(folded);
  if (cached !== undefined) return cached;
  const w = folded.slice(0, MAX_TERM_LENGTH);
  const stem = HAS_DIGIT.test(w) ? w : CYRILLIC.test(w) ? stemRussian(w) : LATIN.test(w) ? stemEnglish(w) : w;
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(folded, stem);
  return stem;
}

/** Every word of a text as index stems, in order (a phrase query needs the order). */
export function stems(text: string): string[] {
  return stemsOfFolded(fold(text));
}

function stemsOfFolded(folded: string): string[] {
  const out: string[] = [];
  for (const m of folded.matchAll(WORD)) out.push(stemFolded(m[0]));
  return out;
}

/**
 * Stems of a title, remembered: a query ranks the newest 500 matches by whether their title holds it (see
 * search.service.ts), and the same common words bring back the same titles query after query, each once stemmed
 * at a cost of about a microsecond. A ticket's number is kept apart by the caller, so tickets of one subject share
 * an entry. Bounded like the stems of words (cleared when full); callers must not change the array.
 */
const titlesKnown = new Map<string, readonly string[]>();
const TITLES_MAX = 5_000;

export function titleStems(title: string): readonly string[] {
  const cached = titlesKnown.get(title);
  if (cached !== undefined) return cached;
  const out = stems(title);
  if (titlesKnown.size >= TITLES_MAX) titlesKnown.clear();
  titlesKnown.set(title, out);
  return out;
}

/** Whether a whitespace-separated chunk (edges trimmed) is searched as an exact substring. */
export function isCode(chunk: string): boolean {
  // With digits from 3 characters (204, E-5); by punctuation alone from 5 (a@b.c, x.pdf), so "e.g." stays a word.
  return (chunk.length >= 3 && HAS_DIGIT.test(chunk)) || (chunk.length >= 5 && CODE_INNER.test(chunk));
}

/** The code-like chunks of a text, folded and trimmed, each once: what the trigram index holds. */
export function codes(text: string): string[] {
  return codesOfFolded(fold(text));
}

function codesOfFolded(folded: string): string[] {
  const seen = new Set<string>();
  for (const raw of folded.split(/\s+/u)) {
    // Most chunks are plain words: only one with a digit or an inner mark can be a code.
    if (!HAS_DIGIT.test(raw) && !CODE_INNER.test(raw)) continue;
    const chunk = raw.replace(EDGE, '').slice(0, MAX_TERM_LENGTH * 2);
    if (isCode(chunk)) seen.add(chunk);
  }
  return [...seen];
}

/** What goes into both indexes for one title and body (each folded once). */
export function indexDocument(title: string, body: string): { title: string; body: string; codes: string } {
  const t = fold(title);
  const b = fold(body);
  return {
    title: stemsOfFolded(t).join(' '),
    body: stemsOfFolded(b).join(' '),
    codes: codesOfFolded(`${t} ${b}`).join(' '),
  };
}

export interface ParsedQuery {
  /** Word stems that must all occur; `prefix` when typed with a trailing `*`. */
  words: Array<{ stem: string; prefix: boolean }>;
  /** Quoted phrases as stems in order. */
  phrases: string[][];
  /** Code-like chunks searched as exact substrings in the trigram index. */
  codes: string[];
  /** `#123`: a ticket number. */
  ticketNumber: number | null;
  /** The folded pieces to highlight in snippets: stems match a word's start, code pieces any part of it. */
  highlight: { stems: string[]; pieces: string[] };
}

/**
 * Parses what a person typed: `"quoted phrases"`, `#123` ticket numbers, codes (see `isCode`), words and
 * `word*` prefixes. All
 * FTS syntax is plain text. At most `MAX_QUERY_TERMS` terms are kept; a word of one letter is dropped (it
 * carries no meaning alone and would match half the desk).
 */
export function parseQuery(text: string): ParsedQuery {
  const q: ParsedQuery = {
    words: [],
    phrases: [],
    codes: [],
    ticketNumber: null,
    highlight: { stems: [], pieces: [] },
  };
  let terms = 0;
  const room = () => terms < MAX_QUERY_TERMS;
  const folded = fold(text);
  // Quoted phrases first; what is left is words and codes. An unpaired quote is plain text.
  const rest = folded.replace(/"([^"]*)"/g, (_all, phrase: string) => {
    const ps = stems(phrase).filter((s) => s.length > 0);
    if (ps.length > 1 && room()) {
      q.phrases.push(ps.slice(0, MAX_QUERY_TERMS));
      q.highlight.stems.push(...ps);
      terms++;
    } else if (ps.length === 1 && room()) {
      q.words.push({ stem: ps[0]!, prefix: false });
      q.highlight.stems.push(ps[0]!);
      terms++;
    }
    return ' ';
  });
  const chunks = rest.replace(/"/g, ' ').split(/\s+/u).filter(Boolean);
  for (const raw of chunks) {
    if (!room()) break;
    const number = /^#(\d{1,9})$/.exec(raw);
    if (number && q.ticketNumber === null) {
      q.ticketNumber = Number(number[1]);
      terms++;
      continue;
    }
    const chunk = raw.replace(EDGE, '');
    if (isCode(chunk)) {
      const code = chunk.slice(0, MAX_TERM_LENGTH);
      q.codes.push(code);
      q.highlight.pieces.push(...[...code.matchAll(WORD)].map((m) => m[0]).filter((p) => p.length >= 2));
      terms++;
      continue;
    }
    const words = [...chunk.matchAll(WORD)].map((m) => m[0]).filter((w) => [...w].length >= 2);
    words.forEach((w, j) => {
      if (!room()) return;
      const stem = stemWord(w);
      // `бухгалт*` asks for every word that begins so. Only when asked: a prefix query reads the doclists of
      // all those words (a common prefix costs as much as a scan), while a stem already covers word forms.
      const prefix = raw.endsWith('*') && j === words.length - 1 && [...stem].length >= 3;
      q.words.push({ stem, prefix });
      q.highlight.stems.push(stem);
      terms++;
    });
  }
  return q;
}

/** One FTS5 string literal: double quotes doubled, so nothing inside is syntax. */
export const ftsString = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The word-index MATCH expression of a parsed query (words and phrases, all required), or null. */
export function wordMatch(q: ParsedQuery): string | null {
  return fts5Match(wordClauses(q));
}

/** The trigram-index MATCH expression: every code as a substring (a trigram query needs 3+ characters). */
export function codeMatch(q: ParsedQuery): string | null {
  const parts = q.codes.filter((c) => [...c].length >= 3).map(ftsString);
  return parts.length ? parts.join(' AND ') : null;
}

/**
 * Whether a text's stems (in order) hold every word of the query (a prefix word: a stem beginning so) and every
 * phrase, its stems next to each other. Codes are not looked at: only the word index ranks.
 */
export function holdsQuery(textStems: readonly string[], q: ParsedQuery): boolean {
  const words = q.words.every((w) => textStems.some((s) => (w.prefix ? s.startsWith(w.stem) : s === w.stem)));
  return words && q.phrases.every((p) => textStems.some((_s, i) => p.every((ps, j) => textStems[i + j] === ps)));
}

// ---------------------------------------------------------------- PostgreSQL (tsvector / tsquery)

/**
 * Characters SQLite's `unicode61 remove_diacritics 2` tokenizer folds otherwise than "strip the marks of a Latin
 * letter": case folds JS's toLowerCase leaves (µ → μ, ſ → s, ς → σ …), Latin letters it keeps whole, and letters it
 * takes for separators (''). Found by tokenizing every letter and digit with FTS5
 * (test/search/search-text.test.ts keeps checking it), so both dialects hold the same terms.
 */
const FTS5_FOLD: Record<string, string> = {
  µ: 'μ',
  ſ: 's',
  ẛ: 's',
  ς: 'σ',
  ϐ: 'β',
  ϑ: 'θ',
  ϕ: 'φ',
  ϖ: 'π',
  ϰ: 'κ',
  ϱ: 'ρ',
  ϵ: 'ε',
  ǡ: 'ǡ',
  ǣ: 'ǣ',
  ǯ: 'ǯ',
  ǽ: 'ǽ',
  ǿ: 'ǿ',
};
const FTS5_SEPARATOR = /[\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3]/u;
const LATIN_BASE = /^\p{Script=Latin}/u;
const MARKS = /\p{M}/gu;

/**
 * The FTS5 tokens one index term (a stem or a whole word, already folded) is, as SQLite's tokenizer makes them:
 * diacritics of Latin letters removed (é → e, not й → и), a few case folds, and a separator splits. Almost always
 * the term itself, once. PostgreSQL stores exactly these tokens, so a word matches the same rows on both.
 */
export function ftsTokens(term: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of term) {
    if (FTS5_SEPARATOR.test(ch)) {
      if (current) out.push(current);
      current = '';
      continue;
    }
    const special = FTS5_FOLD[ch];
    if (special !== undefined) current += special;
    else if (ch.charCodeAt(0) < 0x80) current += ch;
    else {
      const parts = ch.normalize('NFD');
      current += LATIN_BASE.test(parts) ? parts.replace(MARKS, '').normalize('NFC') : ch;
    }
  }
  if (current) out.push(current);
  return out;
}

/** One tsvector/tsquery lexeme, quoted: nothing inside is syntax (PostgreSQL parses, stems and folds nothing). */
const lexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** PostgreSQL keeps positions 1…16383 and at most 256 of them per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS = 256;

/** What a tsvector may hold in all (PostgreSQL refuses one of 1 MB), with room for its own bookkeeping. */
const MAX_TSVECTOR_BYTES = 900_000;

/**
 * The tsvector (in PostgreSQL's input syntax, cast by the query) of an indexed title and body (their stems,
 * space-separated, as `indexDocument` makes them): every token with its positions. The body's positions start
 * one past the title's end, so a phrase never runs from the title into the body — as FTS5 keeps each column
 * apart. `exact` is false when PostgreSQL cannot hold every position (past word 16,383, or a token more than 256
 * times) or, in a text of megabytes, every token: a phrase found in such a row is checked against its text
 * (see `holdsPhrases`).
 */
export function tsvectorText(title: string, body: string): { text: string; exact: boolean } {
  const positions = new Map<string, number[]>();
  let at = 0;
  let bytes = 0;
  let exact = true;
  const add = (text: string) => {
    for (const term of text.split(' ')) {
      if (!term) continue;
      for (const token of ftsTokens(term)) {
        at++;
        const list = positions.get(token);
        if (at > MAX_POSITION) exact = false;
        const position = Math.min(at, MAX_POSITION);
        if (!list) {
          const size = Buffer.byteLength(token) + 8;
          if (bytes + size > MAX_TSVECTOR_BYTES) {
            exact = false;
            continue;
          }
          bytes += size;
          positions.set(token, [position]);
        } else if (list.length >= MAX_POSITIONS) exact = false;
        else if (list.at(-1) !== position) {
          list.push(position);
          bytes += 2;
        }
      }
    }
  };
  add(title);
  at++;
  add(body);
  return { text: [...positions].map(([token, list]) => `${lexeme(token)}:${list.join(',')}`).join(' '), exact };
}

/** One word (a single stem, maybe a prefix) or one phrase (stems in order): every part of a word query. */
export interface WordClause {
  terms: string[];
  /** The last term begins a word (typed with `*`). */
  prefix: boolean;
}

/** The word and phrase clauses of a parsed query, all required (what `wordMatch` says to FTS5). */
export function wordClauses(q: ParsedQuery): WordClause[] {
  return [
    ...q.words.map((w) => ({ terms: [w.stem], prefix: w.prefix })),
    ...q.phrases.map((p) => ({ terms: p, prefix: false })),
  ];
}

/** FTS5's spelling of clauses: `"stem"`, `"stem"*`, `"a b c"` joined by AND. */
export function fts5Match(clauses: WordClause[]): string | null {
  const parts = clauses.map((c) => ftsString(c.terms.join(' ')) + (c.prefix ? '*' : ''));
  return parts.length ? parts.join(' AND ') : null;
}

/**
 * PostgreSQL's spelling of the same clauses (tsquery input syntax): a word is its token (`'stem'`, `'stem':*`),
 * a phrase its tokens next to each other (`'a' <-> 'b'`), all joined by `&`. A term FTS5 splits into several
 * tokens is a phrase on both. Null when nothing is left.
 */
export function tsqueryText(clauses: WordClause[]): string | null {
  const parts: string[] = [];
  for (const c of clauses) {
    const tokens = c.terms.flatMap(ftsTokens);
    if (!tokens.length) continue;
    const last = tokens.length - 1;
    const rendered = tokens.map((t, i) => lexeme(t) + (c.prefix && i === last ? ':*' : ''));
    parts.push(rendered.length === 1 ? rendered[0]! : `(${rendered.join(' <-> ')})`);
  }
  return parts.length ? parts.join(' & ') : null;
}

/**
 * The same clauses with every phrase loosened to its tokens in any place (`'a' & 'b'`), for the rows whose
 * positions PostgreSQL could not hold whole; null when no clause is a phrase (positions then play no part).
 */
export function tsqueryLoose(clauses: WordClause[]): string | null {
  const tokens = clauses.map((c) => c.terms.flatMap(ftsTokens));
  if (!tokens.some((t) => t.length > 1)) return null;
  const parts = tokens.flatMap((list, i) =>
    list.map((t, j) => lexeme(t) + (clauses[i]!.prefix && j === list.length - 1 ? ':*' : '')),
  );
  return parts.join(' & ');
}

/**
 * Whether a title and body (as `indexDocument` makes them) hold every phrase of the clauses, its tokens next to
 * each other within one of them (as FTS5 matches a phrase within a column); single words are not looked at.
 */
export function holdsPhrases(title: string, body: string, clauses: WordClause[]): boolean {
  const columns = [title, body].map((text) =>
    text
      .split(' ')
      .filter(Boolean)
      .flatMap((term) => ftsTokens(term)),
  );
  return clauses.every((c) => {
    const phrase = c.terms.flatMap(ftsTokens);
    if (phrase.length < 2) return true;
    const last = phrase.length - 1;
    const at = (tokens: string[], i: number) =>
      phrase.every((p, j) => {
        const token = tokens[i + j];
        return token !== undefined && (c.prefix && j === last ? token.startsWith(p) : token === p);
      });
    return columns.some((tokens) => tokens.some((_t, i) => at(tokens, i)));
  });
}

/** A LIKE pattern matching `text` anywhere, `%`, `_` and `\` in it taken literally (backslash escapes). */
export function substringPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
