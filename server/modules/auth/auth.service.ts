import type { Actor, Ctx } from '../../context.js';
import type { AgentRole, ApiTokenScope } from '../../db/schema.js';
import { inTransaction } from '../../context.js';
import { announceForget, registerCache, whenCommitted, type CacheScope } from '../../shared/brief-cache.js';
import { AppError } from '../../shared/errors.js';
import { randomToken, sha256 } from '../../shared/tokens.js';
import * as repo from './auth.repository.js';
import { decoyHash, verifyPassword, type HashPool } from './password.js';
import { normaliseEmail } from './rate-limit.js';
import { apiScopes, parseScopes, type ApiScope } from './scopes.js';

// One answer for unknown e-mails, wrong passwords and inactive accounts: no account enumeration. There is no
// account lockout any more (anyone knowing an address could lock its owner out): wrong passwords slow down
// their source only, see rate-limit.ts.
const invalidLogin = () => new AppError(401, 'invalid_credentials', 'Wrong e-mail or password');

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
  agent: { id: number; name: string; role: AgentRole; language: string };
}

export async function login(
  ctx: Ctx,
  input: { email: string; password: string; ip?: string; userAgent?: string; sessionDays: number },
  hashing: { pool?: HashPool } = {},
): Promise<LoginResult> {
  const agent = await repo.findAgentByEmail(ctx.db, normaliseEmail(input.email));
  if (!agent || !agent.password_hash) {
    // The same cost as a real check, through the same bounded queue.
    await verifyPassword(input.password, await decoyHash(), hashing.pool);
    throw invalidLogin();
  }
  const now = ctx.clock.now();
  const ok = await verifyPassword(input.password, agent.password_hash, hashing.pool);
  if (!agent.active) throw invalidLogin();
  if (!ok) {
    const row = await inTransaction(ctx, (tx) => repo.recordFailedLogin(tx.db, agent.id));
    ctx.log.warn({ agentId: agent.id, failed: row?.failed_logins }, 'failed login');
    throw invalidLogin();
  }
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + input.sessionDays * 86_400_000).toISOString();
  await inTransaction(ctx, async (tx) => {
    await repo.clearFailedLogins(tx.db, agent.id);
    await repo.insertSession(tx.db, {
      id: sha256(sessionToken),
      agent_id: agent.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      last_seen_at: now.toISOString(),
      ip: input.ip ?? null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    });
  });
  ctx.log.info({ agentId: agent.id }, 'login');
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    agent: { id: agent.id, name: agent.name, role: agent.role, language: agent.language },
  };
}

export async function logout(ctx: Ctx, sessionToken: string): Promise<void> {
  await inTransaction(ctx, (tx) => repo.deleteSession(tx.db, sha256(sessionToken)));
}

export interface Authenticated {
  actor: Actor;
  csrfToken: string | null; // null for API tokens: they are not sent automatically by browsers
  via: 'session' | 'token';
  /** What the caller may do: `read` (an API token limited to GET/HEAD) or `write`. Sessions are `write`. */
  scope: ApiTokenScope;
  /** The token's scopes (scopes.ts); a session holds every scope. */
  scopes?: readonly ApiScope[];
  /** The API token's id and its own rate limit a minute (null: the installation's default); absent for sessions. */
  token?: { id: number; rateLimitPerMinute: number | null };
}

const TOUCH_EVERY_MS = 60_000;

export async function authenticateSession(
  ctx: Ctx,
  sessionToken: string,
  sessionDays: number,
): Promise<Authenticated | null> {
  const row = await repo.findSessionWithAgent(ctx.db, sha256(sessionToken));
  const now = ctx.clock.now();
  if (!row || !row.active || row.expiresAt <= now.toISOString()) return null;
  // Sliding expiry, written at most once a minute so reading the desk does not turn into writes. Not
  // awaited: losing one "last seen" stamp in a crash costs nothing.
  if (now.getTime() - Date.parse(row.lastSeenAt) > TOUCH_EVERY_MS) {
    const expiresAt = new Date(now.getTime() + sessionDays * 86_400_000).toISOString();
    inTransaction(ctx, (tx) => repo.touchSession(tx.db, row.sessionId, now.toISOString(), expiresAt)).catch((err) =>
      ctx.log.warn({ err }, 'could not record session activity'),
    );
  }
  return {
    actor: { kind: 'agent', id: row.agentId, name: row.name, role: row.role, language: row.language },
    csrfToken: row.csrfToken,
    via: 'session',
    scope: 'write',
    scopes: apiScopes,
  };
}

const lastTokenTouch = new Map<number, number>();

/**
 * Integrations call many times a second with the same token: its lookup is remembered for a few seconds.
 * Revoking a token or changing its agent here forgets all of them at once; a revocation made by another
 * process (the CLI) takes effect within TOKEN_CACHE_MS.
 */
export const TOKEN_CACHE_MS = 5_000;
const tokenCache = new Map<string, { auth: Authenticated; tokenId: number; expiresAt: string | null; until: number }>();
/** Bumped by every forget: a lookup that began before it must not store what it read. */
let tokenGeneration = 0;
const forgetNow = () => {
  tokenCache.clear();
  tokenGeneration++;
};
// Named, so a revocation on another node (PostgreSQL) forgets the lookups here too as soon as it commits.
const TOKEN_CACHE_NAME = 'api-tokens';
registerCache({ name: TOKEN_CACHE_NAME, ttlMs: TOKEN_CACHE_MS, forgetHere: forgetNow });
/** Inside a transaction: now, and again once it commits (a lookup meanwhile may have read the old rows). */
export function forgetCachedTokens(scope: CacheScope) {
  forgetNow();
  announceForget(scope, TOKEN_CACHE_NAME);
  scope.commit?.afterCommit(forgetNow);
}

const tokenExpired = () =>
  new AppError(
    401,
    'token_expired',
    'The API token has expired; create a new one (Agents → API tokens or `ondesk token create`)',
  );

/**
 * The caller of an API token, or null when the token is unknown, revoked or its agent inactive. An expired
 * token is refused with its own answer (401 token_expired), also when its lookup is cached.
 */
export async function authenticateApiToken(ctx: Ctx, token: string): Promise<Authenticated | null> {
  const hash = sha256(token);
  const now = Date.now();
  const cached = tokenCache.get(hash);
  if (cached && cached.until > now) {
    if (cached.expiresAt !== null && cached.expiresAt <= ctx.clock.now().toISOString()) {
      tokenCache.delete(hash);
      throw tokenExpired();
    }
    return cached.auth;
  }
  const seen = tokenGeneration;
  const row = await repo.findApiTokenWithAgent(ctx.db, hash);
  if (!row || row.revokedAt || !row.active) {
    tokenCache.delete(hash);
    return null;
  }
  if (row.expiresAt !== null && row.expiresAt <= ctx.clock.now().toISOString()) {
    tokenCache.delete(hash);
    throw tokenExpired();
  }
  const auth: Authenticated = {
    actor: { kind: 'agent', id: row.agentId, name: row.name, role: row.role, language: row.language },
    csrfToken: null,
    via: 'token',
    scope: row.scope,
    scopes: parseScopes(row.scopes),
    token: { id: row.tokenId, rateLimitPerMinute: row.rateLimitPerMinute },
  };
  if (tokenCache.size > 10_000) tokenCache.clear();
  whenCommitted(ctx, () => {
    if (seen === tokenGeneration)
      tokenCache.set(hash, { auth, tokenId: row.tokenId, expiresAt: row.expiresAt, until: now + TOKEN_CACHE_MS });
  });
  if (now - (lastTokenTouch.get(row.tokenId) ?? 0) > TOUCH_EVERY_MS) {
    lastTokenTouch.set(row.tokenId, now);
    inTransaction(ctx, (tx) => repo.touchApiToken(tx.db, row.tokenId, new Date(now).toISOString())).catch((err) =>
      ctx.log.warn({ err }, 'could not record token use'),
    );
  }
  return auth;
}

/**
 * Whether `password` is the agent's current one (an agent changing their own password proves it first).
 * Goes through the shared bounded hashing pool.
 */
export async function checkAgentPassword(ctx: Ctx, agentId: number, password: string): Promise<boolean> {
  const row = await repo.findAgentPasswordHash(ctx.db, agentId);
  if (!row?.password_hash) {
    await verifyPassword(password, await decoyHash());
    return false;
  }
  return verifyPassword(password, row.password_hash);
}
