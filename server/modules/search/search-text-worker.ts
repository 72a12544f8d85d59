import { parentPort } from 'node:worker_threads';
import { indexDocument } from './search-text.js';

/**
 * The search text worker's entry (started by search-text-pool.ts): turns batches of titles and bodies into the
 * rows of both indexes. Its listener is the point of the file, so this import has the effect by design, like
 * checkpointer-worker.ts.
 */
parentPort!.on('message', (job: { id: number; docs: [title: string, body: string][] }) => {
  try {
    parentPort!.postMessage({ id: job.id, rows: job.docs.map(([title, body]) => indexDocument(title, body)) });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: (err as Error).message ?? String(err) });
  }
});
