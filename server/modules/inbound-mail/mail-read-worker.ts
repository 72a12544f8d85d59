import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import type { InboundSettings } from './inbound-mail.service.js';
import { readMessage, refusedFromHeaders } from './mail-read.js';

/**
 * The mail worker's entry (started by mail-read-pool.ts): reads one message at a time. Its listener is the
 * point of the file, so this import has the effect by design, like checkpointer-worker.ts.
 */
parentPort!.on('message', (job: { raw: Uint8Array; settings: InboundSettings; refuse?: string }) => {
  const raw = Buffer.from(job.raw.buffer, job.raw.byteOffset, job.raw.byteLength);
  (job.refuse === undefined ? readMessage(raw, job.settings) : refusedFromHeaders(raw, job.refuse)).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (err: unknown) => parentPort!.postMessage({ ok: false, message: (err as Error).message ?? String(err) }),
  );
});

// The parsers load before the first message (the pool waits for 'ready'), so no budget pays for loading them.
const requireHere = createRequire(import.meta.url);
requireHere('mailparser');
requireHere('sanitize-html');
parentPort!.postMessage('ready');
