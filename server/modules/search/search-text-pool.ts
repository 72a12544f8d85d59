import type { Worker } from 'node:worker_threads';
import { startWorkerBeside } from '../../shared/worker-thread.js';
import { indexDocument } from './search-text.js';

/**
 * Computes the index rows of many documents (stems and codes, search-text.ts) on a worker thread. The analysis is
 * proportional to the text, which comes from clients' mail and comments (up to 200,000 characters a comment: some
 * 40 ms): on the request thread a batch of long documents would stop every request for as long, and under a stream
 * of new tickets it took a few percent of the thread that also serves them. One worker suffices (batches come a
 * few times a second); it starts on the first batch worth it and ends after a few idle seconds, so an idle desk
 * pays nothing for it. A batch with little text is computed here: posting it would cost more than it saves.
 */

export type IndexRow = ReturnType<typeof indexDocument>;

/** Below this much text a batch is computed on the calling thread (a few milliseconds of work at most). */
export const OFF_THREAD_MIN_CHARS = 16 * 1024;
/** How long the worker may wait for the next batch before it ends (the next batch starts a new one). */
export const SEARCH_WORKER_IDLE_MS = 4000;

interface Pending {
  docs: [string, string][];
  resolve(rows: IndexRow[]): void;
  reject(err: unknown): void;
}

let worker: Worker | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

/** The index rows of each [title, body], in order; the same rows `indexDocument` gives, wherever computed. */
export function indexDocuments(docs: [title: string, body: string][]): Promise<IndexRow[]> {
  let chars = 0;
  for (const [title, body] of docs) chars += title.length + body.length;
  if (chars < OFF_THREAD_MIN_CHARS) return Promise.resolve(computeHere(docs));
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { docs, resolve, reject });
    const w = running();
    w.ref(); // a batch in progress keeps the process alive until its rows are back
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    w.postMessage({ id, docs });
  });
}

/** Whether the worker thread runs now (tests). */
export function searchWorkerRunning(): boolean {
  return worker !== null;
}

const computeHere = (docs: [string, string][]) => docs.map(([title, body]) => indexDocument(title, body));

function settleHere(job: Pending) {
  try {
    job.resolve(computeHere(job.docs));
  } catch (err) {
    job.reject(err);
  }
}

function running(): Worker {
  if (worker) return worker;
  const w = startWorkerBeside(import.meta.url, 'search-text-worker');
  w.on('message', (m: { id: number; rows?: IndexRow[]; error?: string }) => {
    const job = pending.get(m.id);
    if (!job) return;
    pending.delete(m.id);
    // A batch the worker could not compute is computed here: its error, if real, is then the caller's.
    if (m.rows) job.resolve(m.rows);
    else settleHere(job);
    if (pending.size === 0) rest(w);
  });
  // A worker that fails or ends leaves its batches to this thread: indexing never stops for want of a thread.
  const fail = () => {
    if (worker !== w) return;
    worker = null;
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    const left = [...pending.values()];
    pending.clear();
    for (const job of left) settleHere(job);
  };
  w.on('error', fail);
  w.on('exit', fail);
  worker = w;
  return w;
}

/** Unrefs the idle worker and ends it if no batch comes for it within SEARCH_WORKER_IDLE_MS. */
function rest(w: Worker) {
  w.unref();
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (worker !== w || pending.size > 0) return;
    worker = null;
    void w.terminate();
  }, SEARCH_WORKER_IDLE_MS);
  idleTimer.unref();
}

/** Ends the worker now; batches it holds are computed on this thread (shutdown and tests). */
export async function endSearchWorker(): Promise<void> {
  const w = worker;
  if (!w) return;
  await w.terminate();
}
