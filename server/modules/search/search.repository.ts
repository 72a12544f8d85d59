import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * How many of the newest matches are ranked. A word that occurs in half of a 100,000-ticket desk would
 * otherwise be scored 50,000 times per keystroke; the newest thousand matches hold what people look for.
 */
export const RANKED_CANDIDATES = 1000;

export interface SearchHit {
  kind: 'ticket' | 'comment' | 'organization' | 'contact';
  ref_id: number;
  parent_id: number;
  title: string;
  body: string;
  ticket_title: string | null;
}

/** The best matches among the newest candidates, by bm25 with the title weighted above the body. */
export async function searchIndex(
  db: Kysely<Database>,
  match: string,
  opts: { limit: number; kinds?: string[] },
): Promise<SearchHit[]> {
  const kinds = opts.kinds?.length ? sql`and kind in (${sql.join(opts.kinds)})` : sql``;
  const result = await sql<SearchHit>`
    select c.kind, c.ref_id, c.parent_id, c.title, c.body,
           case when c.kind = 'comment' then (select '#' || t.number || ' ' || t.subject from tickets t where t.id = c.parent_id) end as ticket_title
    from (
      select kind, ref_id, parent_id, title, body, bm25(search_index, 0, 0, 0, 5.0, 1.0) as rank
      from search_index where search_index match ${match} ${kinds}
      order by rowid desc limit ${RANKED_CANDIDATES}) c
    order by c.rank limit ${opts.limit}`.execute(db);
  return result.rows;
}
