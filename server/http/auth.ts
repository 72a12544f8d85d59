import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor, Ctx } from '../context.js';
import type { Installation } from '../installation.js';
import { AppError } from '../shared/errors.js';
import {
  authenticateApiToken,
  authenticateSession,
  requiredScope,
  scopeAllows,
  SESSION_COOKIE,
  SharedTokenRateLimiter,
  type ApiScope,
  type Authenticated,
} from '../modules/auth/index.js';
import { authenticateContactSession, PORTAL_COOKIE } from '../modules/portal/index.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Requests a minute an API token may make unless the token or the installation says otherwise. */
export const DEFAULT_API_RATE_LIMIT = 600;

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
    /** The service context of this request. Throws 401 when the route needs a signed-in caller. */
    ctx(): Ctx;
  }
  interface FastifyContextConfig {
    /** The route answers without a signed-in caller (login, health). */
    public?: boolean;
    /** The API token scope the route needs, when not the one its method and area give (see auth/scopes.ts). */
    scope?: ApiScope;
  }
}

/**
 * Whether the request is for the client portal's API, judged by the route it matched (what will run), not
 * by the raw address, which may spell the same route differently (`/api/v1/%70ortal/…`).
 */
function isPortalRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url ?? request.url;
  return route === '/api/v1/portal' || route.startsWith('/api/v1/portal/');
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * Resolves who is calling (session cookie or API token) for every /api request and enforces CSRF: a
 * cookie-authenticated mutation must echo the session's CSRF token in `X-CSRF-Token`. Bearer tokens are
 * never sent by a browser on its own, so they need no CSRF token; a `read` token may only GET/HEAD.
 *
 * It runs on `onRequest`, before the body is parsed and before any schema validation: an anonymous caller
 * of a route that is not public gets 401 and learns nothing about the route's fields.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { installation: Installation }) => {
  const { installation } = opts;
  // Counted in memory per request, shared with the other nodes once a second (bound: shared-token-limit.ts).
  const limiter = new SharedTokenRateLimiter(() => installation.ctx({ kind: 'system', name: 'api-rate-limit' }));
  limiter.start();
  app.addHook('onClose', () => limiter.stop());
  const defaultLimit = installation.config.apiRateLimitPerMinute ?? DEFAULT_API_RATE_LIMIT;
  app.decorateRequest('auth', null);
  app.decorateRequest('ctx', function (this: FastifyRequest): Ctx {
    if (!this.auth)
      throw new AppError(401, 'unauthenticated', 'Sign in or send an API token (Authorization: Bearer …)');
    return baseCtx(this, this.auth.actor);
  });

  function baseCtx(request: FastifyRequest, actor: Actor): Ctx {
    return { ...installation.ctx(actor), log: request.log };
  }

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const anonymous = baseCtx(request, { kind: 'system', name: 'anonymous' });
    const token = bearer(request);
    if (isPortalRoute(request)) {
      // The client portal: only a contact's portal cookie counts here, never an agent's session or API token;
      // and a contact's cookie is read nowhere else, so a contact never reaches an agent's route.
      const cookie = request.cookies[PORTAL_COOKIE];
      if (cookie) request.auth = await authenticateContactSession(anonymous, cookie, installation.config.sessionDays);
    } else if (token) {
      request.auth = await authenticateApiToken(anonymous, token);
      if (!request.auth) throw new AppError(401, 'invalid_token', 'The API token is unknown or revoked');
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) request.auth = await authenticateSession(anonymous, cookie, installation.config.sessionDays);
    }
    if (request.routeOptions.config.public) return;
    if (!request.auth)
      throw new AppError(401, 'unauthenticated', 'Sign in or send an API token (Authorization: Bearer …)');
    const apiToken = request.auth.token;
    if (apiToken) {
      // Counted before the scope check: a token hammering routes it may not call is slowed down as well.
      const verdict = limiter.take(apiToken.id, apiToken.rateLimitPerMinute ?? defaultLimit, Date.now());
      reply.header('ratelimit-limit', String(verdict.limit));
      reply.header('ratelimit-remaining', String(verdict.remaining));
      reply.header('ratelimit-reset', String(verdict.resetSeconds));
      if (!verdict.allowed) {
        reply.header('retry-after', String(verdict.resetSeconds));
        throw new AppError(
          429,
          'rate_limited',
          `This API token made more than ${verdict.limit} requests this minute; wait ${verdict.resetSeconds} s and try again`,
        );
      }
      const route = request.routeOptions.url;
      // A route of an area the scope table does not name yet needs admin: closed to narrow tokens, not open.
      const needed =
        request.routeOptions.config.scope ?? (route ? (requiredScope(request.method, route) ?? 'admin') : 'read');
      const scopes = request.auth.scopes ?? [];
      if (needed !== 'read' && scopes.length === 1 && scopes[0] === 'read') {
        throw new AppError(
          403,
          'token_read_only',
          'This API token is read-only (scope read): it may only GET; use a token with a write scope to make changes',
        );
      }
      if (!scopeAllows(scopes, needed)) {
        throw new AppError(
          403,
          'token_scope',
          `This API token lacks the scope ${needed} (it has ${scopes.join(', ') || 'none'}); create a token with it`,
        );
      }
    }
    if (request.auth.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (sent !== request.auth.csrfToken) {
        throw new AppError(
          403,
          'csrf_failed',
          'The X-CSRF-Token header is missing or wrong; reload the page and try again',
        );
      }
    }
  });
});
