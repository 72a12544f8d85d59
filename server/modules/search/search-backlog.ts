import type { Ctx } from '../../context.js';
import type { Installation } from '../../installation.js';
import {
  finishRebuild,
  mergeIndexStep,
  optimizeIndexes,
  queueLength,
  queuedDocs,
  claimQueuedDocs,
  queueWaiting,
  rebuildState,
  sourceDocs,
  writeIndexRows,
  type IndexedDoc,
  type SourceDoc,
} from './search.repository.js';
import { indexDocument } from './search-text.js';
import { indexDocuments } from './search-text-pool.js';

/**
 * Rows indexed per write: the stems are computed before the write (outside the lock every request shares, on the
 * search text worker when the batch holds much text), so a write holds only the FTS inserts — a few milliseconds
 * for this many rows.
 */
const BATCH = 400;
/**
 * Rows per write when many wait with no desk serving requests from this queue's drain (a bulk load, a test): a
 * bigger write pays the commit's fsync and the FTS segment's overhead once for five times the rows.
 */
const BULK_BATCH = 2000;
const BULK_QUEUE = 10_000;
/**
 * Rows per write while the desk serves requests (the drain that keeps the queue short). A write runs inside the
 * group commit's transaction, on the thread that serves every request: 400 rows held it for 10–15 ms, and every
 * ticket created meanwhile waited that long — under creation at 32 connections those waits made up much of its
 * p95 and p99. A batch is still read and analysed whole (its text off the thread when it is long); only its
 * writes are split, each handed to the group commit once the one before is durable.
 */
const LIVE_WRITE = 100;

type IndexCtx = Pick<Ctx, 'db' | 'writes'>;

const compute = (s: SourceDoc): IndexedDoc => ({ source: s, ...indexDocument(s.title, s.body) });
const sameText = (a: SourceDoc, b: SourceDoc) => a.title === b.title && a.body === b.body && a.parentId === b.parentId;

/**
 * Indexes one batch of the queue, newest rows first; returns how many left the queue. Stems are computed from
 * the rows as read before the write; inside the write each row is read again and computed anew only if it
 * changed in between, so the index never keeps text older than the row (a change after the write queues the
 * row again through its trigger). The rows are written `writeRows` at a time, each
 * write a unit of the group commit of its own, handed in once the one before is durable.
 */
export async function indexBatch(ctx: IndexCtx, batch = BATCH, writeRows = batch): Promise<number> {
  const docs = await queuedDocs(ctx.db, batch);
  if (!docs.length) return 0;
  const read = await sourceDocs(ctx.db, docs);
  const readDocs = [...read.values()];
  const analysed = await indexDocuments(readDocs.map((s) => [s.title, s.body]));
  const computed = new Map(readDocs.map((s, i): [number, IndexedDoc] => [s.doc, { source: s, ...analysed[i]! }]));
  for (let from = 0; from < docs.length; from += writeRows) {
    const part = docs.slice(from, from + writeRows);
    await ctx.writes.run(async (trx) => {
      const mine = await claimQueuedDocs(trx, part);
      if (!mine.length) return;
      const now = await sourceDocs(trx, mine);
      const rows: IndexedDoc[] = [];
      for (const s of now.values()) {
        const before = read.get(s.doc);
        rows.push(before && sameText(before, s) ? computed.get(s.doc)! : compute(s));
      }
      await writeIndexRows(trx, mine, rows);
    });
  }
  return docs.length;
}

/** The drain running on each database (keyed by its write queue): concurrent callers share it. */
const draining = new WeakMap<object, Promise<number>>();

/**
 * Indexes everything that waits when it begins (before a query, by the bench after its bulk load, and by tests).
 * One drain runs at a time per database: a search that arrives while one runs waits for it and then checks again,
 * so two searches never index the same rows twice (replacing an indexed row costs far more than adding one).
 */
export async function indexBacklog(ctx: IndexCtx): Promise<number> {
  for (let current = draining.get(ctx.writes); current; current = draining.get(ctx.writes)) await current;
  const run = drain(ctx).finally(() => draining.delete(ctx.writes));
  draining.set(ctx.writes, run);
  return run;
}

async function drain(ctx: IndexCtx): Promise<number> {
  let total = 0;
  const bulk = (await queueLength(ctx.db, BULK_QUEUE + 1)) > BULK_QUEUE;
  const batch = bulk ? BULK_BATCH : BATCH;
  for (;;) {
    const done = await indexBatch(ctx, batch, bulk ? batch : LIVE_WRITE);
    total += done;
    // A batch short of full took the whole queue as it stood. Rows queued since wait for the next drain: under a
    // stream of new tickets, chasing them made a drain run for as long as the stream did, in batches of a few
    // rows — a segment of the full-text index and a queue scan each — and a search waited behind all of it.
    if (done < batch) break;
    await new Promise((r) => setImmediate(r)); // let requests in between batches
  }
  if (total > 0 && (await rebuildState(ctx.db))) await ctx.writes.run((trx) => finishRebuild(trx));
  return total;
}

/** Pages merged per write while compacting in the background: a few milliseconds of the writer each. */
const MERGE_PAGES = 64;
/** At most this many steps per compaction (64 pages each: about 1 GB of index). */
const MERGE_STEPS = 4000;

/**
 * Merges the indexes' segments after a large indexing run so queries seek in one b-tree instead of many.
 * `whole`: at once (a desk no request waits on — a bulk load, the bench after seeding); otherwise in small
 * steps, each its own write, yielding to requests in between (after a rebuild on a running desk).
 */
export async function compactSearchIndex(
  ctx: IndexCtx,
  opts: { whole?: boolean; stop?: () => boolean } = {},
): Promise<number> {
  if (opts.whole) {
    await ctx.writes.run((trx) => optimizeIndexes(trx));
    return 1;
  }
  let steps = 0;
  while (steps < MERGE_STEPS && !opts.stop?.() && (await ctx.writes.run((trx) => mergeIndexStep(trx, MERGE_PAGES)))) {
    steps++;
    await new Promise((r) => setImmediate(r));
  }
  return steps;
}

/**
 * Before a query reads the index: what was written before the query is in its answer. While a rebuild works
 * through the whole desk (after an upgrade), a query does not wait for it and answers from what is indexed so
 * far — the newest rows first — and says how far the rebuild is.
 */
export async function indexBeforeSearch(ctx: IndexCtx): Promise<void> {
  if (!(await queueWaiting(ctx.db)) || (await rebuildState(ctx.db))) return;
  await indexBacklog(ctx);
}

/** The last count of a rebuild's progress per database, kept a few seconds: counting a long queue takes a while. */
const progressSeen = new WeakMap<object, { at: number; value: { done: number; total: number } }>();
const PROGRESS_FRESH_MS = 5000;

/** How far a rebuild of the indexes is: null when none runs (a probe of a one-row table). */
export async function rebuildProgress(
  ctx: Pick<Ctx, 'db' | 'writes'>,
  fresh = false,
): Promise<{ done: number; total: number } | null> {
  const state = await rebuildState(ctx.db);
  if (!state) return null;
  const seen = progressSeen.get(ctx.writes);
  if (!fresh && seen && Date.now() - seen.at < PROGRESS_FRESH_MS) return seen.value;
  const left = await queueLength(ctx.db, state.total);
  const value = { done: Math.max(0, state.total - left), total: state.total };
  progressSeen.set(ctx.writes, { at: Date.now(), value });
  return value;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Keeps the queue short: a few times a second while tickets arrive, idle otherwise. During a rebuild (a
 * migration queued every row) it works batch after batch, yielding to requests between them, and logs its
 * progress every `progressMs`: `search index: 120,000 of 6,000,000 rows (tickets, comments, clients, contacts)`.
 */
export function startSearchIndexer(inst: Installation, everyMs = 250, progressMs = 5000): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  let lastProgress = Date.now();
  const rebuild = async () => {
    const ctx = inst.ctx();
    const state = await rebuildState(ctx.db);
    if (!state) return indexBacklog(ctx);
    const started = Date.now();
    inst.log.info(
      `search index: rebuilding, ${count(state.total)} rows (tickets, comments, clients, contacts) to index`,
    );
    while (!stopped && (await indexBatch(ctx)) > 0) {
      if (Date.now() - lastProgress >= progressMs) {
        lastProgress = Date.now();
        const p = await rebuildProgress(ctx, true);
        if (p)
          inst.log.info(
            `search index: ${count(p.done)} of ${count(p.total)} rows (tickets, comments, clients, contacts)`,
          );
      }
      await new Promise((r) => setImmediate(r));
    }
    if (stopped) return;
    await ctx.writes.run((trx) => finishRebuild(trx));
    inst.log.info(
      `search index: rebuilt, ${count(state.total)} rows in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    // The rebuild wrote the index in many small segments: merge them, a little at a time.
    await compactSearchIndex(ctx, { stop: () => stopped });
  };
  const tick = () => {
    running ??= rebuild()
      .catch((err: unknown) => inst.log.warn({ err }, 'search: indexing failed; retried shortly'))
      .finally(() => (running = null));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
