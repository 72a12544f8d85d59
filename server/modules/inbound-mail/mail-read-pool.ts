import type { Worker } from 'node:worker_threads';
import { startWorkerBeside } from '../../shared/worker-thread.js';
import type { InboundSettings } from './inbound-mail.service.js';
import type { MailHead, ReadResult } from './mail-read.js';

/**
 * A small pool of worker threads that read inbound messages (mail-read-worker.ts), each message within a time
 * budget. Parsing, sanitising and folding are proportional to untrusted input; on the main thread one hostile
 * message stopped every request. A worker over budget is terminated (it cannot be interrupted otherwise) and a
 * spare, started while it was still reading, takes the next message. Workers start on first use and are unref'd while idle, so a desk that
 * receives no mail pays nothing and an idle pool never keeps the process alive. A worker idle for a few seconds
 * ends: with the parsers loaded its thread holds some 10–20 MB, and mail comes in bursts with long pauses.
 */

const MAX_WORKERS = 2;
/** How long a worker may wait for the next message before it ends; the next message starts a new one. */
export const MAIL_WORKER_IDLE_MS = 4000;

/** A message terminated over its budget carries its sender and subject when the worker had read them first. */
export type ReadOutcome =
  | { kind: 'read'; result: ReadResult }
  | { kind: 'timeout'; head: MailHead | null }
  | { kind: 'failed'; message: string };

interface Job {
  raw: Buffer;
  settings: InboundSettings;
  /** Set: only the header is read, for a message refused with this reason. */
  refuse?: string;
  budgetMs: number;
  /** The sender and subject, once the worker has read them (before the body). */
  head: MailHead | null;
  done: (outcome: ReadOutcome) => void;
}

interface Slot {
  worker: Worker;
  /** Loaded, with the parser required: budgets count reading, never the start of a thread. */
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  /** Set while the worker is idle: ends it once idle for MAIL_WORKER_IDLE_MS. */
  idleTimer: NodeJS.Timeout | null;
  /** Set while a message is read: starts a spare worker once a third of its budget has passed. */
  spareTimer: NodeJS.Timeout | null;
}

const slots: Slot[] = [];
const queue: Job[] = [];

/** Reads a message on a worker; the budget counts from when a worker takes it, not while it waits its turn. */
export function readOffThread(raw: Buffer, settings: InboundSettings, budgetMs: number): Promise<ReadOutcome> {
  return new Promise((resolve) => {
    queue.push({ raw, settings, budgetMs, head: null, done: resolve });
    dispatch();
  });
}

/**
 * Who sent a refused message and about what, read from its header alone (at most 256 KB, see headerBlock) on
 * a worker too: even a header is untrusted input, and the main thread need not load the parser at all.
 */
export async function refusedOffThread(raw: Buffer, settings: InboundSettings, budgetMs: number, reason: string) {
  const head = raw.subarray(0, 256 * 1024);
  const outcome = await new Promise<ReadOutcome>((resolve) => {
    queue.push({ raw: head, settings, budgetMs, head: null, refuse: reason, done: resolve });
    dispatch();
  });
  if (outcome.kind === 'read' && !outcome.result.ok) return outcome.result;
  return { ok: false as const, sender: { address: null, name: null }, subject: null, reason };
}

function dispatch() {
  while (queue.length > 0) {
    const slot = slots.find((s) => s.ready && s.job === null);
    if (!slot) {
      // One worker loads at a time; the queue waits for it (a loading worker is ref'd so the process does too).
      if (slots.length < MAX_WORKERS && slots.every((s) => s.ready)) spawn();
      return;
    }
    start(slot, queue.shift()!);
  }
}

function start(slot: Slot, job: Job) {
  if (slot.idleTimer) clearTimeout(slot.idleTimer);
  slot.idleTimer = null;
  slot.job = job;
  slot.worker.ref(); // a message in progress keeps the process alive until it is read
  slot.timer = setTimeout(() => {
    finish(slot, { kind: 'timeout', head: job.head });
    retire(slot);
    void slot.worker.terminate();
    dispatch();
  }, job.budgetMs);
  // A message still being read after a third of its budget may be one that must be terminated: a second worker
  // loads meanwhile, so the reading of its sender for the rejection, and the messages after it, find a thread
  // ready instead of waiting for one to start (seconds on a busy machine). Unused, the spare ends when idle.
  slot.spareTimer = setTimeout(() => {
    slot.spareTimer = null;
    if (slots.length < MAX_WORKERS && slots.every((s) => s.ready)) spawn();
  }, job.budgetMs / 3);
  slot.spareTimer.unref();
  slot.worker.postMessage({ raw: job.raw, settings: job.settings, refuse: job.refuse });
}

function finish(slot: Slot, outcome: ReadOutcome) {
  const job = slot.job;
  if (slot.timer) clearTimeout(slot.timer);
  if (slot.spareTimer) clearTimeout(slot.spareTimer);
  slot.timer = null;
  slot.spareTimer = null;
  slot.job = null;
  slot.worker.unref();
  job?.done(outcome);
  restIdle(slot);
}

/** Ends the worker if no message comes for it within MAIL_WORKER_IDLE_MS (dispatch may give it one first). */
function restIdle(slot: Slot) {
  if (slot.idleTimer) clearTimeout(slot.idleTimer);
  slot.idleTimer = setTimeout(() => {
    slot.idleTimer = null;
    if (slot.job || !slots.includes(slot)) return;
    retire(slot);
    void slot.worker.terminate();
  }, MAIL_WORKER_IDLE_MS);
  slot.idleTimer.unref();
}

/** Worker threads alive now (tests). */
export function mailWorkerThreads(): number {
  return slots.length;
}

function retire(slot: Slot) {
  const i = slots.indexOf(slot);
  if (i !== -1) slots.splice(i, 1);
}

type WorkerMessage = 'ready' | { head: MailHead } | { ok: true; result: ReadResult } | { ok: false; message: string };

function spawn(): Slot {
  const worker = startWorkerBeside(import.meta.url, 'mail-read-worker');
  const slot: Slot = { worker, ready: false, job: null, timer: null, idleTimer: null, spareTimer: null };
  worker.on('message', (m: WorkerMessage) => {
    if (m !== 'ready' && 'head' in m) {
      // Kept for a refusal should the reading run over its budget; the worker goes on with the body.
      if (slot.job) slot.job.head = m.head;
      return;
    }
    if (m === 'ready') {
      slot.ready = true;
      worker.unref();
      restIdle(slot);
    } else {
      finish(slot, m.ok ? { kind: 'read', result: m.result } : { kind: 'failed', message: m.message });
    }
    dispatch();
  });
  worker.on('error', (err: Error) => {
    // An uncaught error (out of memory included) ends the worker: its message fails, the next gets a new one.
    // A worker that cannot even start fails the waiting messages instead of being restarted in a loop.
    retire(slot);
    if (!slot.ready) for (const job of queue.splice(0)) job.done({ kind: 'failed', message: err.message });
    finish(slot, { kind: 'failed', message: err.message });
    dispatch();
  });
  worker.on('exit', () => {
    retire(slot);
    if (slot.job) finish(slot, { kind: 'failed', message: 'the mail worker stopped' });
    dispatch();
  });
  slots.push(slot);
  return slot;
}
