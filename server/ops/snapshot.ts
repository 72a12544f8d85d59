import { statSync } from 'node:fs';
import { startWorkerBeside } from '../shared/worker-thread.js';

/**
 * Copies a live database to `target` off the main thread (see snapshot-worker.ts), so a backup started
 * inside the server does not stall its requests. Progress is the copy's size against the source's.
 */
export function snapshotDatabase(
  source: string,
  target: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const worker = startWorkerBeside(import.meta.url, 'snapshot-worker', { workerData: { source, target } });
  const total = statSync(source).size;
  const timer = onProgress
    ? setInterval(() => {
        try {
          onProgress(Math.min(statSync(target).size, total), total);
        } catch {
          // not created yet
        }
      }, 200)
    : null;
  return new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { ok: boolean; error?: string }) =>
      m.ok ? resolve() : reject(new Error(`database snapshot failed: ${m.error}`)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`database snapshot stopped (exit ${code})`)));
  }).finally(() => {
    if (timer) clearInterval(timer);
    onProgress?.(total, total);
    void worker.terminate();
  });
}
