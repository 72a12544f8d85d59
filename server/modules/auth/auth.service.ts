import type { Actor, Ctx } from '../../context.js';
import type { AgentRole } from '../../db/schema.js';
import { inTransaction } from '../../context.js';
import { whenCommitted, type CacheScope } from '../../shared/brief-cache.js';
import { AppError } from '../../shared/errors.js';
import { randomToken, sha256 } from '../../shared/tokens.js';
import * as repo from './auth.repository.js';
import { decoyHash, verifyPassword } from './password.js';

/** After this many wrong passwords in a row the account is locked for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 10;
export const LOCK_MINUTES = 15;

// One answer for unknown e-mails, wrong passwords, locked and inactive accounts: no account enumeration.
const invalidLogin = () =>
  new AppError(401, 'invalid_credentials', 'Wrong e-mail or password, or the account is locked');

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
  agent: { id: number; name: string; role: AgentRole; language: string };
}

export async function login(
  ctx: Ctx,
  input: { email: string; password: string; ip?: string; userAgent?: string; sessionDays: number },
): Promise<LoginResult> {
  const agent = await repo.findAgentByEmail(ctx.db, input.email.trim());
  if (!agent || !agent.password_hash) {
    await verifyPassword(input.password, await decoyHash()); // same cost as a real check
    throw invalidLogin();
  }
  const now = ctx.clock.now();
  const locked = agent.locked_until !== null && agent.locked_until > now.toISOString();
  const ok = await verifyPassword(input.password, agent.password_hash);
  if (locked || !agent.active) throw invalidLogin();
  if (!ok) {
    const failed = agent.failed_logins + 1;
    const lockedUntil =
      failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
    await inTransaction(ctx, (tx) => repo.recordFailedLogin(tx.db, agent.id, lockedUntil ? 0 : failed, lockedUntil));
    ctx.log.warn({ agentId: agent.id, failed, locked: Boolean(lockedUntil) }, 'failed login');
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
  };
}

const lastTokenTouch = new Map<number, number>();

/**
 * Integrations call many times a second with the same token: its lookup is remembered for a few seconds.
 * Revoking a token or changing its agent here forgets all of them at once; a revocation made by another
 * process (the CLI) takes effect within TOKEN_CACHE_MS.
 */
export const TOKEN_CACHE_MS = 5_000;
const tokenCache = new Map<string, { auth: Authenticated; tokenId: number; until: number }>();
/** Bumped by every forget: a lookup that began before it must not store what it read. */
let tokenGeneration = 0;
const forgetNow = () => {
  tokenCache.clear();
  tokenGeneration++;
};
/** Inside a transaction: now, and again once it commits (a lookup meanwhile may have read the old rows). */
export function forgetCachedTokens(scope: CacheScope) {
  forgetNow();
  scope.commit?.afterCommit(forgetNow);
}

export async function authenticateApiToken(ctx: Ctx, token: string): Promise<Authenticated | null> {
  const hash = sha256(token);
  const now = Date.now();
  const cached = tokenCache.get(hash);
  if (cached && cached.until > now) return cached.auth;
  const seen = tokenGeneration;
  const row = await repo.findApiTokenWithAgent(ctx.db, hash);
  if (!row || row.revokedAt || !row.active) {
    tokenCache.delete(hash);
    return null;
  }
  const auth: Authenticated = {
    actor: { kind: 'agent', id: row.agentId, name: row.name, role: row.role, language: row.language },
    csrfToken: null,
    via: 'token',
  };
  if (tokenCache.size > 10_000) tokenCache.clear();
  whenCommitted(ctx, () => {
    if (seen === tokenGeneration) tokenCache.set(hash, { auth, tokenId: row.tokenId, until: now + TOKEN_CACHE_MS });
  });
  if (now - (lastTokenTouch.get(row.tokenId) ?? 0) > TOUCH_EVERY_MS) {
    lastTokenTouch.set(row.tokenId, now);
    inTransaction(ctx, (tx) => repo.touchApiToken(tx.db, row.tokenId, new Date(now).toISOString())).catch((err) =>
      ctx.log.warn({ err }, 'could not record token use'),
    );
  }
  return auth;
}
