import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createHash } from 'node:crypto';
import type { Installation } from '../installation.js';
import { AppError } from '../shared/errors.js';
import { completeIdempotencyKey, releaseIdempotencyKey, reserveIdempotencyKey } from '../modules/integration/index.js';

/** Longest key accepted; a UUID (36) or a ULID (26) fits many times over. */
export const MAX_IDEMPOTENCY_KEY = 255;

interface Held {
  principal: string;
  key: string;
  /** Set once the answer is stored or the key released: each happens once. */
  settled: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: Held | null;
  }
}

/**
 * `Idempotency-Key` on POSTs under /api/v1 (agents' sessions and API tokens): the first request's status and
 * body are kept 24 hours per caller and key, and a retry with the same key and the same request gets them again
 * (`Idempotent-Replayed: true`) without the handler running again. The same key with another request is a 422;
 * a duplicate arriving while the first still runs is a 409 (retry it later). A server error (5xx) frees the
 * key, so the retry runs for real.
 *
 * It runs on preHandler: after authentication and body validation (a body the route refuses takes no key), and
 * the request is told apart by its method, address and body (JSON re-serialised as parsed, so the spacing
 * of the retry does not matter).
 */
export const idempotencyPlugin = fp(async (app: FastifyInstance, opts: { installation: Installation }) => {
  const { installation } = opts;
  app.decorateRequest('idempotency', null);

  const ctxOf = (request: FastifyRequest) => ({
    ...installation.ctx({ kind: 'system', name: 'idempotency' }),
    log: request.log,
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || !request.url.startsWith('/api/v1/')) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    const auth = request.auth;
    // Contacts on the portal are not part of the integration API: their posts are never keyed.
    if (!auth || auth.actor.kind !== 'agent') return;
    const key = Array.isArray(header) ? header[0]! : header;
    if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)
      throw new AppError(
        400,
        'idempotency_key_invalid',
        `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY} characters long (a UUID, for example)`,
      );
    const principal = auth.token ? `token:${auth.token.id}` : `agent:${auth.actor.id}`;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${request.headers['content-type'] ?? ''}\n`)
      .update(JSON.stringify(request.body ?? null))
      .digest('hex');
    const verdict = await reserveIdempotencyKey(ctxOf(request), { principal, key, requestHash });
    if (verdict.kind === 'other_request')
      throw new AppError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was already used with another request (address or body); use a new key for a new request',
      );
    if (verdict.kind === 'running')
      throw new AppError(
        409,
        'idempotency_key_in_use',
        'The first request with this Idempotency-Key is still running; retry in a moment to get its answer',
      );
    if (verdict.kind === 'replay') {
      reply.header('idempotent-replayed', 'true');
      if (verdict.contentType) reply.header('content-type', verdict.contentType);
      return reply.code(verdict.status).send(verdict.body);
    }
    request.idempotency = { principal, key, settled: false };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotency;
    if (!held || held.settled) return payload;
    held.settled = true;
    const storable = typeof payload === 'string' || Buffer.isBuffer(payload) || payload === null;
    // 5xx: our failure, the retry must really run again. 429: the limiter said no before anything ran.
    if (!storable || reply.statusCode >= 500 || reply.statusCode === 429) {
      await releaseIdempotencyKey(ctxOf(request), held);
      return payload;
    }
    const contentType = reply.getHeader('content-type');
    await completeIdempotencyKey(ctxOf(request), {
      ...held,
      status: reply.statusCode,
      contentType: typeof contentType === 'string' ? contentType : null,
      body: payload === null ? '' : payload.toString(),
    });
    return payload;
  });

  // A caller that hung up before the answer: the key is freed so the retry runs instead of waiting for a 409.
  const release = async (request: FastifyRequest) => {
    const held = request.idempotency;
    if (!held || held.settled) return;
    held.settled = true;
    await releaseIdempotencyKey(ctxOf(request), held).catch((err) =>
      request.log.warn({ err }, 'could not free an idempotency key'),
    );
  };
  app.addHook('onRequestAbort', release);
  app.addHook('onResponse', async (request) => release(request));
});
