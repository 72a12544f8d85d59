import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { startWorkerBeside } from '../shared/worker-thread.js';

export interface CheckpointerOptions {
  /** The WAL's size in bytes from which the thread starts and copies. */
  thresholdBytes?: number;
  /** How often it looks at the WAL (ms). */
  intervalMs?: number;
  /** The number of WAL frames from which it has the WAL start again from its beginning (see the worker). */
  restartFrames?: number;
}

/** What the checkpointer thread tells the request thread. */
export type CheckpointerMessage = 'quiet?' | 'restartable' | 'stopped' | { error: string };

/**
 * Holds the request thread's writes: resolves once no write transaction is open, and none starts until the
 * returned function is called (WriteBatcher.hold).
 */
export type HoldWrites = () => Promise<() => void>;

/** A pause in writes for the last copy lasts at most this long, whatever the thread does. */
const MAX_HOLD_MS = 1000;

/**
 * Starts the background checkpointer for a database file (see checkpointer-worker.ts). The thread itself
 * starts only once the WAL first reaches the threshold: an idle or read-mostly desk never pays its ~10 MB.
 * `holdWrites` pauses the request thread's writes while the thread copies the WAL's last frames.
 */
export function startCheckpointer(file: string, holdWrites: HoldWrites, opts: CheckpointerOptions = {}) {
  const options: Required<CheckpointerOptions> = {
    thresholdBytes: opts.thresholdBytes ?? 8 * 1024 * 1024,
    intervalMs: opts.intervalMs ?? 100,
    // 32 MB of 4 KB pages: at most a pause every second or so under the heaviest writes.
    restartFrames: opts.restartFrames ?? 8192,
  };
  let worker: Worker | null = null;
  let release: (() => void) | null = null;
  let releaseTimer: NodeJS.Timeout | null = null;
  const resume = () => {
    if (releaseTimer) clearTimeout(releaseTimer);
    releaseTimer = null;
    release?.();
    release = null;
  };

  const walBytes = () => {
    try {
      return statSync(`${file}-wal`).size;
    } catch {
      return 0; // no WAL yet
    }
  };
  const launch = () => {
    const w = startWorkerBeside(import.meta.url, 'checkpointer-worker', { workerData: { file, ...options } });
    w.on('message', (m: CheckpointerMessage) => {
      if (m === 'quiet?') {
        void holdWrites().then((resumeWrites) => {
          release = resumeWrites;
          releaseTimer = setTimeout(resume, MAX_HOLD_MS);
          w.postMessage('quiet');
        });
      } else if (m === 'restartable') resume();
    });
    // A thread that ends while writes are held must not keep them held; SQLite's own checkpoint then takes over.
    w.on('exit', resume);
    w.on('error', resume);
    w.unref();
    worker = w;
  };
  const watch = setInterval(() => {
    if (walBytes() < options.thresholdBytes) return;
    clearInterval(watch);
    launch();
  }, options.intervalMs);
  watch.unref();

  return {
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(watch);
        const w = worker;
        if (!w) return resolve();
        // Keeps the process alive until the thread has made its last copy and closed its connection.
        w.ref();
        w.once('exit', () => resolve());
        w.on('message', (m) => m === 'stopped' && void w.terminate());
        w.postMessage('stop');
      }),
  };
}
