import type { Ctx } from '../../context.js';
import { authorize } from '../auth/policy.js';
import { ftsQuery } from './fts-query.js';
import { MARK_CLOSE, MARK_OPEN, searchIndex } from './search.repository.js';

export interface SearchResult {
  kind: string;
  id: number;
  title: string;
  /** HTML-escaped text with <mark>…</mark> around the matched parts. */
  snippet: string;
  ticketId?: number;
  organizationId?: number;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function highlight(raw: string): string {
  return escapeHtml(raw).replaceAll(MARK_OPEN, '<mark>').replaceAll(MARK_CLOSE, '</mark>');
}

export async function search(ctx: Ctx, input: { q: string; limit: number; kinds?: string[] }): Promise<SearchResult[]> {
  authorize(ctx.actor, 'search');
  const match = ftsQuery(input.q);
  if (!match) return [];
  const hits = await searchIndex(ctx.db, match, { limit: input.limit, kinds: input.kinds });
  return hits.map((h) => {
    const base = { kind: h.kind, id: h.ref_id, snippet: highlight(h.snippet) };
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
