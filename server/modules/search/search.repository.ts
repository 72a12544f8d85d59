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

/** Whether new tickets wait to enter the word index (a primary-key probe: nearly free). */
export async function backlogWaiting(db: Kysely<Database>): Promise<boolean> {
  return Boolean(await db.selectFrom('search_backlog').select('ticket_id').limit(1).executeTakeFirst());
}

/**
 * Indexes up to `batch` waiting tickets, oldest first, and takes them off the list; returns how many. CROSS
 * JOIN keeps SQLite walking the short backlog and looking tickets up by id; left to itself it walked every
 * ticket up to the batch's end. A ticket whose text changed while it waited was indexed by the update trigger
 * already and is only taken off the list; a deleted one just leaves it.
 */
export async function indexBacklogBatch(trx: Kysely<Database>, batch: number): Promise<number> {
  const last = await sql<{
    id: number | null;
  }>`select max(ticket_id) as id from (select ticket_id from search_backlog order by ticket_id limit ${batch})`.execute(
    trx,
  );
  const upTo = last.rows[0]?.id;
  if (upTo == null) return 0;
  await sql`insert into search_index(rowid, kind, ref_id, parent_id, title, body)
      select t.id * 4, 'ticket', t.id, t.id, '#' || t.number || ' ' || t.subject, t.description
      from search_backlog b cross join tickets t
      where t.id = b.ticket_id and b.ticket_id <= ${upTo} and not exists (select 1 from search_index s where s.rowid = t.id * 4)`.execute(
    trx,
  );
  const removed = await trx.deleteFrom('search_backlog').where('ticket_id', '<=', upTo).executeTakeFirst();
  return Number(removed.numDeletedRows);
}
