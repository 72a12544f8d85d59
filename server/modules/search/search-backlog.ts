import type { Ctx } from '../../context.js';
import type { Installation } from '../../installation.js';
import { backlogWaiting, indexBacklogBatch } from './search.repository.js';

/** Tickets indexed per transaction: large enough to be cheap per ticket, small enough to keep the writer free. */
const BATCH = 2000;

/**
 * Indexes the tickets that wait, oldest first, in one write per batch (see `indexBacklogBatch`).
 */
export async function indexBacklog(ctx: Pick<Ctx, 'db' | 'writes'>): Promise<number> {
  let total = 0;
  while (await backlogWaiting(ctx.db)) {
    const done = await ctx.writes.run((trx) => indexBacklogBatch(trx, BATCH));
    if (done === 0) break;
    total += done;
  }
  return total;
}

/** Before a query reads the word index: nothing created before the query is missing from its answer. */
export async function indexBeforeSearch(ctx: Pick<Ctx, 'db' | 'writes'>): Promise<void> {
  if (await backlogWaiting(ctx.db)) await indexBacklog(ctx);
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
