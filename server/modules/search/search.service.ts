import type { Ctx } from '../../context.js';
import { authorize } from '../auth/index.js';
import { ftsQuery, searchStems } from './fts-query.js';
import { searchIndex } from './search.repository.js';
import { indexBeforeSearch } from './search-backlog.js';
import { buildSnippet } from './snippet.js';

export interface SearchResult {
  kind: string;
  id: number;
  title: string;
  /** HTML-escaped text with <mark>…</mark> around the matched words. */
  snippet: string;
  ticketId?: number;
  organizationId?: number;
}

export async function search(ctx: Ctx, input: { q: string; limit: number; kinds?: string[] }): Promise<SearchResult[]> {
  authorize(ctx.actor, 'search');
  const match = ftsQuery(input.q);
  if (!match) return [];
  const stems = searchStems(input.q);
  await indexBeforeSearch(ctx);
  const hits = await searchIndex(ctx.db, match, { limit: input.limit, kinds: input.kinds });
  return hits.map((h) => {
    const text =
      h.body.trim() && !stems.some((s) => h.title.toLowerCase().includes(s)) ? h.body : `${h.title} ${h.body}`.trim();
    const base = { kind: h.kind, id: h.ref_id, snippet: buildSnippet(text, stems) };
    switch (h.kind) {
      case 'ticket':
        return { ...base, title: h.title, ticketId: h.ref_id };
      case 'comment':
        return { ...base, title: h.ticket_title ?? `#${h.parent_id}`, ticketId: h.parent_id };
      case 'contact':
        return { ...base, title: h.title, organizationId: h.parent_id };
      default:
        return { ...base, title: h.title, organizationId: h.ref_id };
    }
  });
}
