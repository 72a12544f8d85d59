import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Marks around matches inside snippets; control characters never occur in stored text. */
export const MARK_OPEN = '\u0002';
export const MARK_CLOSE = '\u0003';

export interface SearchHit {
  kind: 'ticket' | 'comment' | 'organization' | 'contact';
  ref_id: number;
  parent_id: number;
  title: string;
  snippet: string;
  rank: number;
  ticket_title: string | null;
}

/** Ranked full-text matches (bm25, title weighted above body) with highlighted snippets. */
export async function searchIndex(db: Kysely<Database>, match: string, opts: { limit: number; kinds?: string[] }): Promise<SearchHit[]> {
  const kinds = opts.kinds?.length ? sql`and s.kind in (${sql.join(opts.kinds)})` : sql``;
  const result = await sql<SearchHit>`
    select s.kind, s.ref_id, s.parent_id, s.title,
           snippet(search_index, -1, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 48) as snippet,
           bm25(search_index, 0, 0, 0, 5.0, 1.0) as rank,
           case when s.kind = 'comment' then (select '#' || t.number || ' ' || t.subject from tickets t where t.id = s.parent_id) end as ticket_title
    from search_index s
    where search_index match ${match} ${kinds}
    order by rank
    limit ${opts.limit}`.execute(db);
  return result.rows;
}
