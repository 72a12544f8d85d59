import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { startWorkerBeside } from '../shared/worker-thread.js';

/**
 * Starts the background checkpointer for a database file (see checkpointer-worker.ts). The thread itself
 * starts only once the WAL first reaches the threshold: an idle or read-mostly desk never pays its ~10 MB.
 */
export function startCheckpointer(file: string, opts: { thresholdBytes?: number; intervalMs?: number } = {}) {
  const thresholdBytes = opts.thresholdBytes ?? 8 * 1024 * 1024;
  const intervalMs = opts.intervalMs ?? 500;
  let worker: Worker | null = null;

  const walBytes = () => {
    try {
      return statSync(`${file}-wal`).size;
    } catch {
      return 0; // no WAL yet
    }
  };
  const launch = () => {
    worker = startWorkerBeside(import.meta.url, 'checkpointer-worker', {
      workerData: { file, thresholdBytes, intervalMs },
    });
    worker.unref();
  };
  const watch = setInterval(() => {
    if (walBytes() < thresholdBytes) return;
    clearInterval(watch);
    launch();
  }, intervalMs);
  watch.unref();

  return {
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(watch);
        const w = worker;
        if (!w) return resolve();
        w.once('exit', () => resolve());
        w.once('message', (m) => m === 'stopped' && void w.terminate());
        w.postMessage('stop');
      }),
  };
}
