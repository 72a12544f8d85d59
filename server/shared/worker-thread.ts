import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `name` (without extension) beside the caller's module `callerUrl`
 * (its `import.meta.url`). From sources (tests run TypeScript through tsx) the worker first registers the same
 * loader and imports the `.ts` file; from the build it runs the `.js` file.
 */
export function startWorkerBeside(callerUrl: string, name: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const fromSources = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}.${fromSources ? 'ts' : 'js'}`, callerUrl);
  return new Worker(
    fromSources
      ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`
      : entry,
    { ...options, eval: fromSources },
  );
}
