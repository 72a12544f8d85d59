import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { randomToken, sha256 } from '../../shared/tokens.js';
import {
  decoyHash,
  hashPassword,
  normaliseEmail,
  passwordProblem,
  verifyPassword,
  type Authenticated,
  type HashPool,
} from '../auth/index.js';
import { enqueue } from '../outbox/index.js';
import type { PortalLanguage } from './agreement-reason.js';
import { loginLinkMail } from './portal-mail.js';
import * as repo from './portal.repository.js';

/** The cookie of a signed-in contact: never the agents' `ondesk_session`, and read only on /api/v1/portal/*. */
export const PORTAL_COOKIE = 'ondesk_portal';
export const LOGIN_LINK_MINUTES = 15;
export const LINK_REQUESTS_PER_HOUR = 5;
const HOUR_MS = 3_600_000;
const TOUCH_EVERY_MS = 60_000;

const invalidLogin = () => new AppError(401, 'invalid_credentials', 'Wrong e-mail or password');
const asLanguage = (value: string | undefined): PortalLanguage => (value === 'en' ? 'en' : 'ru');

export interface ContactSession {
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
  contact: repo.PortalContactRow;
}

async function startSession(
  ctx: Ctx,
  contact: repo.PortalContactRow,
  meta: { ip?: string; userAgent?: string; sessionDays: number },
): Promise<ContactSession> {
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + meta.sessionDays * 86_400_000).toISOString();
  await inTransaction(ctx, (tx) =>
    repo.insertSession(tx.db, {
      id: sha256(sessionToken),
      contact_id: contact.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      last_seen_at: now.toISOString(),
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    }),
  );
  return { sessionToken, csrfToken, expiresAt, contact };
}

/**
 * A login link for `email`, mailed when a portal contact has that address and it asked fewer than five times
 * this hour. The caller gets the link either way (only the dev flag shows it): a known and an unknown address
 * cost the same work — a token is made and hashed, the request is counted, a contact is looked up — and get the
 * same answer. The link of an unknown address (or one past the limit) is dead: it was never stored.
 */
export async function requestLoginLink(
  ctx: Ctx,
  input: { email: string; language?: string },
  baseUrl: string,
): Promise<{ link: string }> {
  const email = normaliseEmail(input.email);
  const token = randomToken();
  const tokenHash = sha256(token);
  const emailHash = sha256(email);
  const link = `${baseUrl}/portal/login/${token}`;
  await inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const recent = await repo.countLinkRequests(tx.db, emailHash, new Date(now.getTime() - HOUR_MS).toISOString());
    await repo.recordLinkRequest(tx.db, emailHash, now.toISOString());
    const contact = await repo.findPortalContactByEmail(tx.db, email);
    if (!contact || !contact.email || recent >= LINK_REQUESTS_PER_HOUR) {
      if (contact && recent >= LINK_REQUESTS_PER_HOUR)
        ctx.log.warn({ contactId: contact.id }, 'portal login link refused: five requests this hour');
      return;
    }
    await mailLink(tx, contact, tokenHash, link, 'link', asLanguage(contact.language ?? input.language));
  });
  return { link };
}

async function mailLink(
  tx: Ctx,
  contact: { id: number; name: string; email: string | null; organizationName: string },
  tokenHash: string,
  link: string,
  kind: 'link' | 'invite',
  language: PortalLanguage,
) {
  const now = tx.clock.now();
  await repo.insertLoginLink(tx.db, {
    token_hash: tokenHash,
    contact_id: contact.id,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + LOGIN_LINK_MINUTES * 60_000).toISOString(),
  });
  const mail = loginLinkMail(kind, { name: contact.name, link, organization: contact.organizationName }, language);
  await enqueue(
    tx.db,
    {
      channel: 'email',
      recipient: contact.email!,
      subject: mail.subject,
      body: mail.body,
      payload: { kind: `portal_${kind}`, contactId: contact.id },
      dedupeKey: `portal-link:${tokenHash}`,
    },
    now,
  );
}

/** An agent invites a contact: a fresh link by mail, not counted against the contact's own five an hour. */
export async function mailInvitation(
  ctx: Ctx,
  contact: { id: number; name: string; email: string; language: string; organizationName: string },
  baseUrl: string,
): Promise<void> {
  const token = randomToken();
  await inTransaction(ctx, (tx) =>
    mailLink(tx, contact, sha256(token), `${baseUrl}/portal/login/${token}`, 'invite', asLanguage(contact.language)),
  );
}

/** Spends a login link and opens a session; null when it is unknown, used, expired or its contact was disabled. */
export async function signInByLink(
  ctx: Ctx,
  token: string,
  meta: { ip?: string; userAgent?: string; sessionDays: number },
): Promise<ContactSession | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const contact = await inTransaction(ctx, async (tx) => {
    const spent = await repo.spendLoginLink(tx.db, sha256(token), tx.clock.now().toISOString());
    return spent ? ((await repo.findPortalContact(tx.db, spent.contact_id)) ?? null) : null;
  });
  return contact ? startSession(ctx, contact, meta) : null;
}

/** Password sign-in: one answer for unknown addresses, contacts without a password and wrong passwords. */
export async function signInByPassword(
  ctx: Ctx,
  input: { email: string; password: string; ip?: string; userAgent?: string; sessionDays: number },
  pool: HashPool,
): Promise<ContactSession> {
  const contact = await repo.findPortalContactByEmail(ctx.db, normaliseEmail(input.email));
  const stored = contact ? await repo.findPasswordHash(ctx.db, contact.id) : undefined;
  if (!contact || !stored) {
    // The same cost as a real check, through the same bounded queue.
    await verifyPassword(input.password, await decoyHash(), pool);
    throw invalidLogin();
  }
  if (!(await verifyPassword(input.password, stored.password_hash, pool))) throw invalidLogin();
  return startSession(ctx, contact, input);
}

export async function signOut(ctx: Ctx, sessionToken: string): Promise<void> {
  await inTransaction(ctx, (tx) => repo.deleteSession(tx.db, sha256(sessionToken)));
}

/**
 * The contact behind a portal cookie, as the request's actor; null when the session is unknown or expired, or
 * the contact (or their organization's portal) was disabled since.
 */
export async function authenticateContactSession(
  ctx: Ctx,
  sessionToken: string,
  sessionDays: number,
): Promise<Authenticated | null> {
  const session = await repo.findSession(ctx.db, sha256(sessionToken));
  const now = ctx.clock.now();
  if (!session || session.expires_at <= now.toISOString()) return null;
  const contact = await repo.findPortalContact(ctx.db, session.contact_id);
  if (!contact) return null;
  // Sliding expiry, written at most once a minute (as for agents).
  if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_EVERY_MS) {
    const expiresAt = new Date(now.getTime() + sessionDays * 86_400_000).toISOString();
    inTransaction(ctx, (tx) => repo.touchSession(tx.db, session.id, now.toISOString(), expiresAt)).catch((err) =>
      ctx.log.warn({ err }, 'could not record portal session activity'),
    );
  }
  return {
    actor: {
      kind: 'contact',
      id: contact.id,
      organizationId: contact.organizationId,
      name: contact.name,
      language: contact.language,
    },
    csrfToken: session.csrf_token,
    via: 'session',
    scope: 'write',
  };
}

/**
 * Sets the contact's password. One already set must be proven first; every other session of the contact ends
 * (whoever knew the old one is signed out), the current one stays.
 */
export async function setContactPassword(
  ctx: Ctx,
  contactId: number,
  input: { password: string; currentPassword?: string; sessionToken?: string },
  pool: HashPool,
): Promise<void> {
  const problem = passwordProblem(input.password);
  if (problem)
    throw new AppError(422, 'weak_password', problem, { errors: [{ path: 'body.password', message: problem }] });
  const stored = await repo.findPasswordHash(ctx.db, contactId);
  if (stored) {
    if (input.currentPassword === undefined)
      throw new AppError(422, 'current_password_required', 'Enter your current password to set a new one', {
        errors: [{ path: 'body.currentPassword', message: 'is required' }],
      });
    if (!(await verifyPassword(input.currentPassword, stored.password_hash, pool)))
      throw new AppError(403, 'wrong_password', 'The current password is wrong');
  }
  const hash = await hashPassword(input.password, pool);
  await inTransaction(ctx, async (tx) => {
    await repo.savePasswordHash(tx.db, contactId, hash, tx.clock.now().toISOString());
    await repo.deleteContactSessions(tx.db, contactId, input.sessionToken ? sha256(input.sessionToken) : undefined);
  });
}

/** The `portal-cleanup` job: expired links, sessions and counted requests go. */
export async function portalCleanupJob(ctx: Ctx) {
  const now = ctx.clock.now();
  return inTransaction(ctx, (tx) =>
    repo.deleteExpired(tx.db, now.toISOString(), new Date(now.getTime() - HOUR_MS).toISOString()),
  );
}
