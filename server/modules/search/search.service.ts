import type { Kysely, RawBuilder } from 'kysely';
import type { Ctx } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { authorize } from '../auth/index.js';
import { AppError } from '../../shared/errors.js';
import {
  commentDates,
  contactDates,
  KIND_CODES,
  matchSlice,
  organizationFacts,
  sourceDocs,
  sourceTitles,
  ticketByNumber,
  ticketFacts,
  ticketsMatchingText,
  type SearchKind,
} from './search.repository.js';
import { indexBeforeSearch, rebuildProgress } from './search-backlog.js';
import {
  codeMatch,
  fold,
  holdsQuery,
  parseQuery,
  titleStems,
  tsqueryLoose,
  tsqueryText,
  wordClauses,
  wordMatch,
  type ParsedQuery,
} from './search-text.js';
import { buildSnippet } from './snippet.js';
import { titledFirstPage } from './titled-first.js';

/**
 * How matches are ranked at bounded cost (a two-stage rank over time slices):
 * 1. candidates: the newest SLICE matches below the cursor, read from the word index backwards (FTS5 stops at
 *    the limit, so a common word costs SLICE entries, a rare one its few). The index is keyed in creation order
 *    across tickets, comments, clients and contacts (`search_keys`), so "newest" means created last. With words, codes narrow the slice
 *    by substring over its texts (see `holdingCodes`); without, the trigram index is walked the same way.
 * 2. order: documents whose title (a ticket's number and subject, a client's or contact's name) holds every
 *    word come first, then the rest; newest first within each (see `titledDocs`). Titles are read from the newest
 *    on only as far as the page needs (`titledFirstPage`).
 * A slice with fewer than SLICE matches is every match left, ranked whole: a rare word finds its one ticket
 * from the first week of a million. The cursor walks on through a slice and then into older slices, so every
 * match is reachable. bm25 was measured at about 20 µs a row (a column-size lookup each), too dear for a slice
 * at a million tickets, so the ranker does not use it.
 * On PostgreSQL the slice is the same newest SLICE matches, read from its own tables of the same terms and codes
 * (search.repository.ts), and the order is made here by the same code: both dialects give the same pages.
 */
export const SLICE = 500;

export interface SearchResult {
  kind: SearchKind;
  id: number;
  title: string;
  /** HTML-escaped text with <mark>…</mark> around the matched words. */
  snippet: string;
  ticketId?: number;
  organizationId?: number;
  /** The ticket's number and status (tickets, and comments by their ticket). */
  number?: number;
  status?: string;
  /** The client: the ticket's, the contact's, or the client itself. */
  organizationName?: string;
  /** When the ticket, comment, client or contact was created. */
  createdAt?: string;
}

export interface SearchPage {
  items: SearchResult[];
  /** Pass as `cursor` for the next page; null when every match was shown. */
  nextCursor: string | null;
  /** While the index is rebuilt after an upgrade: how far it is (older rows may be missing until done). */
  indexing?: { done: number; total: number };
}

interface Cursor {
  before: number | null;
  skip: number;
}

function readCursor(text: string | undefined): Cursor {
  if (!text) return { before: null, skip: 0 };
  const m = /^(\d{1,15})\.(\d{1,6})$/.exec(text);
  if (!m) throw new AppError(400, 'bad_cursor', 'The cursor is not one this search gave out; start the search again.');
  const before = Number(m[1]);
  return { before: before === 0 ? null : before, skip: Number(m[2]) };
}
const writeCursor = (c: Cursor) => `${c.before ?? 0}.${c.skip}`;

interface Candidate {
  doc: number;
}

/**
 * The documents of a slice whose title holds every word and phrase of the query. Checked in JS over the titles
 * (only tickets, clients and contacts have one; a primary-key read each): an FTS5 query bounded by a rowid range
 * was measured at 40–200 ms at six million rows, as FTS5 walks a doclist to a rowid instead of seeking.
 */
async function titledDocs(ctx: Ctx, slice: number[], q: ParsedQuery): Promise<Set<number>> {
  const titles = await sourceTitles(
    ctx.db,
    slice.filter((d) => d % 4 !== KIND_CODES.comment),
  );
  const out = new Set<number>();
  for (const [doc, { number, text }] of titles) {
    // "#123 Printer" stems to the number followed by the subject's stems: the subject's are remembered.
    const own = titleStems(text);
    if (holdsQuery(number === null ? own : [String(number), ...own], q)) out.add(doc);
  }
  return out;
}

/**
 * The documents of a slice whose text holds every code of the query as a substring (folded as the index folds).
 * Read by primary key: the trigram index bounded by the slice's rowid range costs far more (see `titledDocs`).
 */
async function holdingCodes(ctx: Ctx, slice: number[], q: ParsedQuery): Promise<number[]> {
  const texts = await sourceDocs(ctx.db, slice);
  return slice.filter((d) => {
    const s = texts.get(d);
    const text = s ? fold(`${s.title} ${s.body}`) : '';
    return q.codes.every((c) => text.includes(c));
  });
}

export async function search(
  ctx: Ctx,
  input: { q: string; limit: number; kinds?: string[]; cursor?: string },
): Promise<SearchPage> {
  authorize(ctx.actor, 'search');
  const cursor = readCursor(input.cursor);
  const q = parseQuery(input.q);
  const wordsFts5 = wordMatch(q);
  const codesFts5 = codeMatch(q);
  // Each dialect's spelling of the same clauses: the index rows and the ranking below are the same on both. A
  // clause of no token (a term FTS5 reads as separators only) is an empty tsquery on PostgreSQL: no match.
  const clauses = wordClauses(q);
  const words = wordsFts5
    ? { fts5: wordsFts5, tsquery: tsqueryText(clauses) ?? '', loose: tsqueryLoose(clauses), clauses }
    : null;
  const codes = codesFts5 ? { fts5: codesFts5, list: q.codes.filter((c) => [...c].length >= 3) } : null;
  const kinds = input.kinds?.length ? input.kinds.map((k) => KIND_CODES[k as SearchKind]) : null;
  await indexBeforeSearch(ctx);
  const indexing = (await rebuildProgress(ctx)) ?? undefined;

  // `#123` names a ticket: it comes first on the first page.
  const pinned: Candidate[] = [];
  if (q.ticketNumber !== null && cursor.before === null && cursor.skip === 0 && (!kinds || kinds.includes(0))) {
    const t = await ticketByNumber(ctx.db, q.ticketNumber);
    if (t) pinned.push({ doc: t.id * 4 });
  }

  let page: Candidate[] = [];
  let nextCursor: string | null = null;
  if (words || codes) {
    const { hits, full, lowest } = await matchSlice(ctx.db, {
      words,
      codes,
      kinds,
      before: cursor.before,
      size: SLICE,
    });
    let slice = hits.map((h) => h.doc);
    if (lowest !== null) {
      const lo = lowest;
      if (words && codes) slice = await holdingCodes(ctx, slice, q);
      const ranked = words
        ? await titledFirstPage(slice, (docs) => titledDocs(ctx, docs, q), cursor.skip, input.limit)
        : slice.slice(cursor.skip, cursor.skip + input.limit);
      const pinnedDocs = new Set(pinned.map((p) => p.doc));
      page = ranked.filter((d) => !pinnedDocs.has(d)).map((doc) => ({ doc }));
      if (cursor.skip + input.limit < slice.length)
        nextCursor = writeCursor({ ...cursor, skip: cursor.skip + input.limit });
      else if (full) nextCursor = writeCursor({ before: lo, skip: 0 });
    }
  }
  const items = await present(ctx, [...pinned, ...page].slice(0, input.limit), q);
  return indexing ? { items, nextCursor, indexing } : { items, nextCursor };
}

/** Titles, snippets, status, client and date of a page of hits, in a handful of primary-key reads. */
async function present(ctx: Ctx, hits: Candidate[], q: ParsedQuery): Promise<SearchResult[]> {
  const sources = await sourceDocs(
    ctx.db,
    hits.map((h) => h.doc),
  );
  const list = hits.map((h) => sources.get(h.doc)).filter((s) => s !== undefined);
  const ticketIds = list.filter((s) => s.kind === 'ticket' || s.kind === 'comment').map((s) => s.parentId);
  const tickets = await ticketFacts(ctx.db, [...new Set(ticketIds)]);
  const comments = await commentDates(
    ctx.db,
    list.filter((s) => s.kind === 'comment').map((s) => s.refId),
  );
  const orgs = await organizationFacts(ctx.db, [
    ...new Set(list.filter((s) => s.kind === 'organization' || s.kind === 'contact').map((s) => s.parentId)),
  ]);
  const contacts = await contactDates(
    ctx.db,
    list.filter((s) => s.kind === 'contact').map((s) => s.refId),
  );
  const { stems, pieces } = q.highlight;
  const marked = (text: string) => {
    const folded = text.toLowerCase().replace(/ё/g, 'е');
    return stems.some((s) => folded.includes(s)) || pieces.some((p) => folded.includes(p));
  };
  return list.map((s): SearchResult => {
    const text = s.body.trim() && !marked(s.title) ? s.body : `${s.title} ${s.body}`.trim();
    const base = { kind: s.kind, id: s.refId, snippet: buildSnippet(text, stems, 160, pieces) };
    switch (s.kind) {
      case 'ticket':
      case 'comment': {
        const t = tickets.get(s.parentId);
        const facts = t
          ? {
              number: t.number,
              status: t.status,
              organizationId: t.organization_id,
              organizationName: t.organization_name,
            }
          : {};
        return {
          ...base,
          ...facts,
          title: s.kind === 'ticket' ? s.title : t ? `#${t.number} ${t.subject}` : `#${s.parentId}`,
          ticketId: s.parentId,
          createdAt: s.kind === 'ticket' ? t?.created_at : comments.get(s.refId),
        };
      }
      case 'contact': {
        const o = orgs.get(s.parentId);
        return {
          ...base,
          title: s.title,
          organizationId: s.parentId,
          organizationName: o?.name,
          createdAt: contacts.get(s.refId),
        };
      }
      default: {
        const o = orgs.get(s.refId);
        return {
          ...base,
          title: s.title,
          organizationId: s.refId,
          organizationName: o?.name,
          createdAt: o?.created_at,
        };
      }
    }
  });
}

/**
 * The queue's and the portal's text filter: the ids of the tickets whose own text holds what was typed, as a
 * subquery for `tickets.id in (…)` over the word index of either dialect (null when no word is left).
 */
export function ticketTextFilter(db: Kysely<Database>, text: string): RawBuilder<number> | null {
  return ticketsMatchingText(db, text);
}
