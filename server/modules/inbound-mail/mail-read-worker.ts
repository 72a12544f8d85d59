import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import type { InboundSettings } from './inbound-mail.service.js';
import { headOf, readMessage, refusedFromHeaders } from './mail-read.js';

/**
 * The mail worker's entry (started by mail-read-pool.ts): reads one message at a time. Its listener is the
 * point of the file, so this import has the effect by design, like checkpointer-worker.ts.
 */
parentPort!.on('message', (job: { raw: Uint8Array; settings: InboundSettings; refuse?: string }) => {
  const raw = Buffer.from(job.raw.buffer, job.raw.byteOffset, job.raw.byteLength);
  readOrRefuse(raw, job).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (err: unknown) => parentPort!.postMessage({ ok: false, message: (err as Error).message ?? String(err) }),
  );
});

async function readOrRefuse(raw: Buffer, job: { settings: InboundSettings; refuse?: string }) {
  if (job.refuse !== undefined) return refusedFromHeaders(raw, job.refuse);
  // The sender and subject go first: a message terminated over its budget is refused with them at once,
  // without waiting for another worker to start and read its header again.
  parentPort!.postMessage({ head: await headOf(raw) });
  return readMessage(raw, job.settings);
}

// The parsers load before the first message (the pool waits for 'ready'), so no budget pays for loading them.
const requireHere = createRequire(import.meta.url);
requireHere('mailparser');
requireHere('sanitize-html');
parentPort!.postMessage('ready');
