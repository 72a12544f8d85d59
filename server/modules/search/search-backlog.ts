import { sql } from 'kysely';
import type { Ctx } from '../../context.js';
import type { Installation } from '../../installation.js';

/** Tickets indexed per transaction: large enough to be cheap per ticket, small enough to keep the writer free. */
const BATCH = 2000;

/** Whether new tickets wait to enter the word index (a primary-key probe: nearly free). */
async function waiting(db: Ctx['db']): Promise<boolean> {
  return Boolean(await db.selectFrom('search_backlog').select('ticket_id').limit(1).executeTakeFirst());
}

/**
 * Indexes the tickets that wait, oldest first, in one write per batch. CROSS JOIN keeps SQLite walking the
 * short backlog and looking tickets up by id; left to itself it walked every ticket up to the batch's end. A ticket whose text changed while it
 * waited was indexed by the update trigger already and is only taken off the list; a deleted one just leaves it.
 */
export async function indexBacklog(ctx: Pick<Ctx, 'db' | 'writes'>): Promise<number> {
  let total = 0;
  while (await waiting(ctx.db)) {
    const done = await ctx.writes.run(async (trx) => {
      const last = await sql<{
        id: number | null;
      }>`select max(ticket_id) as id from (select ticket_id from search_backlog order by ticket_id limit ${BATCH})`.execute(
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
    });
    if (done === 0) break;
    total += done;
  }
  return total;
}

/** Before a query reads the word index: nothing created before the query is missing from its answer. */
export async function indexBeforeSearch(ctx: Pick<Ctx, 'db' | 'writes'>): Promise<void> {
  if (await waiting(ctx.db)) await indexBacklog(ctx);
}

/** Keeps the backlog short between searches: a few times a second while tickets arrive, idle otherwise. */
export function startSearchIndexer(inst: Installation, everyMs = 250): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    running ??= indexBacklog(inst.ctx())
      .catch((err: unknown) => inst.log.warn({ err }, 'search: indexing new tickets failed; retried shortly'))
      .finally(() => (running = null));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
