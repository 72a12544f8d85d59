import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { DELIVERY_TIMEOUT_MS, RESPONSE_BODY_LIMIT } from './webhook-signing.js';

export interface SendResult {
  /** The HTTP status, or null when no answer came (refused, timed out, connection error). */
  status: number | null;
  /** The first 4 KB of the answer. */
  body: string | null;
  durationMs: number;
  error: string | null;
  /** Where a redirect pointed (never followed). */
  location?: string;
}

/**
 * Connects to the one address the guard checked, whatever the name resolves to now: the lookup is pinned.
 * TLS still names the host (SNI and certificate check use the URL's name, not the address).
 */
function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

/**
 * One POST, no redirects followed (a 3xx is the answer, and counts as a failure), 10 s for the whole exchange,
 * the answer cut to 4 KB. Never throws.
 */
export function postPinned(
  url: URL,
  target: { address: string; family: 4 | 6 },
  headers: Record<string, string>,
  body: string,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<SendResult> {
  const started = performance.now();
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: Math.round(performance.now() - started) });
    };
    const req = lib.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(target.address, target.family),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < RESPONSE_BODY_LIMIT) chunks.push(chunk.subarray(0, RESPONSE_BODY_LIMIT - size));
          size += chunk.length;
        });
        res.on('end', () =>
          finish({
            status: res.statusCode ?? null,
            body: Buffer.concat(chunks).toString('utf8'),
            error: null,
            ...(typeof res.headers.location === 'string' && { location: res.headers.location }),
          }),
        );
        res.on('error', (err) => finish({ status: res.statusCode ?? null, body: null, error: err.message }));
      },
    );
    const timer = setTimeout(() => {
      finish({ status: null, body: null, error: `no answer within ${timeoutMs / 1000} s` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish({ status: null, body: null, error: err.code ? `${err.code}: ${err.message}` : err.message }),
    );
    req.end(body);
  });
}
