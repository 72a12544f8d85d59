import { Worker } from 'node:worker_threads';

/** Starts the background checkpointer for a database file (see checkpointer-worker.ts). */
export function startCheckpointer(file: string, opts: { thresholdBytes?: number; intervalMs?: number } = {}) {
  // From sources (tests run TypeScript through tsx) the worker first registers the same loader.
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(`./checkpointer-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url);
  const worker = new Worker(fromSources ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })` : entry, {
    eval: fromSources,
    workerData: { file, thresholdBytes: opts.thresholdBytes ?? 8 * 1024 * 1024, intervalMs: opts.intervalMs ?? 500 },
  });
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.once('message', (m) => m === 'stopped' && void worker.terminate());
        worker.postMessage('stop');
      }),
  };
}
