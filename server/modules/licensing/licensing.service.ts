import type { DomainEventMap } from '../../events/domain-events.js';
import { countActiveAgents } from '../agents/index.js';
import type { Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError, conflict, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { enqueue } from '../outbox/index.js';
import {
  TOKEN_TYPES,
  TokenRefused,
  type LicenseClaims,
  type NodeClaims,
  type TokenKind,
} from '../../../licenses/claims.js';
import { trustedKeySet } from '../../../licenses/key-set.js';
import { buildDate } from '../../../licenses/build-info.js';
import { buildTrust, buildTrustLine } from '../../../licenses/build-trust.js';
import { parseStrictJson } from '../../../licenses/strict-json.js';
import { verifyToken } from '../../../licenses/verify.js';
import {
  evaluateLicense,
  seatRefusal,
  warningThreshold,
  type LicenseSnapshot,
  type LicenseState,
} from './license-state.js';
import { EXPIRY_CODES, licenseMail, licenseValues } from './license-mail.js';
import { notifySystemEvent } from '../notifications/index.js';
import * as repo from './licensing.repository.js';

const HIGH_WATER_KEY = 'clock_high_water';
const REVOCATION_SEQUENCE_KEY = 'revocations_rsq';
/** The high-water mark is written at most this often: a write per request would cost throughput for nothing. */
const HIGH_WATER_STEP_MS = 60_000;

/**
 * Stored tokens are verified again whenever they are loaded: the database is the customer's, and a row
 * edited to grant more seats must not be believed. Results are cached per token text.
 */
const verifiedCache = new Map<string, { claims: LicenseClaims | NodeClaims } | { refused: string }>();

async function verifyStored<K extends 'license' | 'node'>(
  kind: K,
  token: string,
): Promise<{ claims: K extends 'license' ? LicenseClaims : NodeClaims } | { refused: string }> {
  const key = `${kind}:${token}`;
  let result = verifiedCache.get(key);
  if (!result) {
    try {
      // Time is judged by the license state, not here: an expired license still says whose it was.
      const verified = await verifyToken(kind, token, { keys: trustedKeySet(), buildDate });
      result = { claims: verified.claims as LicenseClaims | NodeClaims };
    } catch (err) {
      if (!(err instanceof TokenRefused)) throw err;
      result = { refused: err.reason };
    }
    if (verifiedCache.size > 100) verifiedCache.clear();
    verifiedCache.set(key, result);
  }
  return result as never;
}

/** The system clock and the highest time this installation has seen. */
async function clockReading(ctx: Ctx) {
  const clockNow = ctx.clock.now().getTime();
  const stored = Number((await repo.getSetting(ctx.db, HIGH_WATER_KEY)) ?? 0);
  return { clockNow, highWater: Number.isFinite(stored) ? stored : 0 };
}

/** Moves the high-water mark forward (never back); called by jobs, logins of the day and license changes. */
export async function advanceClockHighWater(ctx: Ctx): Promise<void> {
  const { clockNow, highWater } = await clockReading(ctx);
  if (clockNow > highWater + HIGH_WATER_STEP_MS)
    await inTransaction(ctx, (tx) => repo.putSetting(tx.db, HIGH_WATER_KEY, String(clockNow)));
}

async function snapshot(
  ctx: Ctx,
): Promise<{ snapshot: LicenseSnapshot; nodes: Awaited<ReturnType<typeof repo.registeredNodes>> }> {
  const { clockNow, highWater } = await clockReading(ctx);
  const now = Math.max(clockNow, highWater);
  const revoked = await repo.revokedIds(ctx.db);
  const row = await repo.currentLicense(ctx.db);
  let license: LicenseClaims | null = null;
  let licenseRefused: string | undefined;
  if (row) {
    const checked = await verifyStored('license', row.token);
    if ('refused' in checked) licenseRefused = checked.refused;
    else if (revoked.has(checked.claims.jti))
      licenseRefused = `license ${checked.claims.jti} is on the vendor's revocation list`;
    else license = checked.claims;
  }
  let nodeToken: NodeClaims | null = null;
  let nodes: Awaited<ReturnType<typeof repo.registeredNodes>> = [];
  if (license) {
    nodes = (await repo.registeredNodes(ctx.db, license.jti, Math.floor(now / 1000))).filter(
      (n) => !revoked.has(n.jti),
    );
    const mine = await repo.nodeToken(ctx.db, ctx.nodeId);
    if (mine && mine.license_jti === license.jti && !revoked.has(mine.jti)) {
      const checked = await verifyStored('node', mine.token);
      // A node token that ran out together with its license leaves the license to say "expired" (not the free mode).
      const current = 'claims' in checked && (checked.claims.exp * 1000 >= now || checked.claims.exp >= license.exp);
      if (current && checked.claims.sub === ctx.nodeId) nodeToken = checked.claims;
    }
  }
  return {
    snapshot: {
      license,
      nodeToken,
      licenseRefused,
      nodeId: ctx.nodeId,
      registeredNodes: nodes.length,
      activeAgents: await countActiveAgents(ctx),
      clockNow,
      highWater,
    },
    nodes,
  };
}

export async function licenseState(ctx: Ctx): Promise<LicenseState> {
  return evaluateLicense((await snapshot(ctx)).snapshot);
}

/** What the license page shows. */
export async function licenseStatus(ctx: Ctx) {
  authorize(ctx.actor, 'license.read');
  const { snapshot: snap, nodes } = await snapshot(ctx);
  const state = evaluateLicense(snap);
  const license = snap.license;
  const since = new Date(state.now - 30 * 86_400_000).toISOString().slice(0, 10);
  const iso = (s: number) => new Date(s * 1000).toISOString();
  // A staging build is said first, above the license's own warnings: it is a fact about the whole desk.
  const staging =
    buildTrust.kind === 'staging'
      ? [{ code: 'staging-build' as const, level: 'warning' as const, message: `This is a ${buildTrustLine()}.` }]
      : [];
  return {
    mode: state.mode,
    licenseId: license?.jti ?? null,
    customer: license ? { id: license.sub, name: license.customer.name } : null,
    tier: license?.tier ?? null,
    seats: { used: snap.activeAgents, allowed: state.seats },
    nodes: {
      registered: nodes.map((n) => ({ nodeId: n.node_id, expiresAt: iso(n.expires_at), appliedAt: n.applied_at })),
      allowed: state.nodes,
    },
    termEnd: license ? iso(license.term_end) : null,
    expiresAt: license ? iso(license.exp) : null,
    upgradesUntil: license ? iso(license.upgrades_until) : null,
    features: state.features,
    nodeId: ctx.nodeId,
    nodeLicensed: state.nodeLicensed,
    buildDate: new Date(buildDate).toISOString(),
    build: {
      kind: buildTrust.kind,
      productKeyIds: [...buildTrust.productKeyIds],
      extraKeyIds: [...buildTrust.extraKeyIds],
    },
    warnings: [...staging, ...state.warnings],
    seatUsage: (await repo.seatUsage(ctx.db, since)).map((r) => ({ day: r.day, maxActive: r.max_active })),
  };
}

/** The seat guard the agents module calls inside the transaction that would add an active agent. */
/** Subscriber of `agent.changed`: an agent who takes a seat past the license's limit is refused (409). */
export async function enforceSeatLimit(tx: TxCtx, e: DomainEventMap['agent.changed']): Promise<void> {
  if (e.activated) await licenseSeatGuard(tx, await countActiveAgents(tx));
}

export async function licenseSeatGuard(tx: Ctx, activeAfter: number): Promise<void> {
  const state = await licenseState(tx);
  const refusal = seatRefusal(state, activeAfter);
  if (refusal) throw conflict(refusal, { seats: state.seats, active: activeAfter - 1, mode: state.mode });
  await repo.recordSeatUsage(tx.db, new Date(state.now).toISOString().slice(0, 10), activeAfter);
}

/** The kind a token claims to be, read from its header without trusting it (verification decides). */
export function claimedKind(token: string): TokenKind {
  try {
    const header = parseStrictJson(Buffer.from(token.trim().split('.')[0] ?? '', 'base64url').toString('utf8')) as {
      typ?: unknown;
    };
    const kind = (Object.keys(TOKEN_TYPES) as TokenKind[]).find((k) => TOKEN_TYPES[k] === header.typ);
    if (kind) return kind;
  } catch {
    // unreadable: verification as a license reports what is wrong with it
  }
  return 'license';
}

/** Said after a token a staging key signed: it will not be accepted once a production build runs here. */
const stagingSigned = (kid: string) =>
  buildTrust.extraKeyIds.includes(kid)
    ? ` — signed by the staging key ${kid}: only a staging build that trusts it accepts it`
    : '';

const refused = (reason: string) => new AppError(422, 'token_refused', `The token was refused: ${reason}`, { reason });

export interface Applied {
  kind: TokenKind;
  id: string;
  message: string;
}

/** Applies a license, a node token or a revocation list — whichever the token is. */
export async function applyToken(ctx: Ctx, token: string): Promise<Applied> {
  authorize(ctx.actor, 'license.manage');
  const kind = claimedKind(token);
  const appliedBy =
    ctx.actor.kind === 'agent' ? `agent:${ctx.actor.id}` : ctx.actor.kind === 'system' ? ctx.actor.name : 'contact';
  const result = await inTransaction(ctx, async (tx) => {
    const { clockNow, highWater } = await clockReading(tx);
    const now = Math.max(clockNow, highWater);
    const at = new Date(clockNow).toISOString();
    const revoked = await repo.revokedIds(tx.db);
    const keys = trustedKeySet();
    try {
      if (kind === 'license') {
        const { claims, kid } = await verifyToken('license', token, {
          keys,
          now,
          buildDate,
          revoked,
          minLsq: await repo.highestLsq(tx.db),
        });
        await repo.insertLicense(tx.db, {
          jti: claims.jti,
          lsq: claims.lsq,
          token: token.trim(),
          claims: JSON.stringify(claims),
          applied_at: at,
          applied_by: appliedBy,
        });
        return {
          kind,
          id: claims.jti,
          message: `License ${claims.jti} for ${claims.customer.name} applied: ${claims.seats} seats, ${claims.nodes} nodes, ${claims.tier}, paid until ${new Date(claims.term_end * 1000).toISOString().slice(0, 10)}${stagingSigned(kid)}`,
        };
      }
      if (kind === 'node') {
        const { claims, kid } = await verifyToken('node', token, { keys, now, revoked });
        const { snapshot: snap, nodes: registered } = await snapshot(tx);
        if (!snap.license) throw conflict('Apply the license before its node tokens');
        if (claims.lic !== snap.license.jti)
          throw conflict(
            `The node token belongs to license ${claims.lic}, but license ${snap.license.jti} is in force`,
          );
        const state = evaluateLicense(snap);
        if (state.mode === 'expired')
          throw conflict('The license has expired: no new nodes can be registered until it is renewed');
        const existing = await repo.nodeToken(tx.db, claims.sub);
        if (!registered.some((n) => n.node_id === claims.sub) && registered.length >= snap.license.nodes) {
          throw conflict(
            `The license allows ${snap.license.nodes} node${snap.license.nodes === 1 ? '' : 's'} and ${registered.length} ${registered.length === 1 ? 'is' : 'are'} registered (${registered.map((n) => n.node_id).join(', ')}); remove one with \`ondesk node remove ID\` first`,
          );
        }
        if (existing && existing.jti === claims.jti)
          return {
            kind,
            id: claims.jti,
            message: `Node token ${claims.jti} is already applied for node ${claims.sub}`,
          };
        await repo.upsertNodeToken(tx.db, {
          node_id: claims.sub,
          jti: claims.jti,
          license_jti: claims.lic,
          token: token.trim(),
          expires_at: claims.exp,
          applied_at: at,
        });
        return {
          kind,
          id: claims.jti,
          message: `Node ${claims.sub} registered${claims.sub === tx.nodeId ? ' (this node)' : ''} until ${new Date(claims.exp * 1000).toISOString().slice(0, 10)}${stagingSigned(kid)}`,
        };
      }
      const { claims } = await verifyToken('revocations', token, { keys, now });
      const last = Number((await repo.getSetting(tx.db, REVOCATION_SEQUENCE_KEY)) ?? -1);
      if (claims.rsq <= last)
        throw new TokenRefused(
          `superseded: a revocation list with sequence ${last} is already applied (this one is ${claims.rsq})`,
        );
      await repo.insertRevoked(tx.db, claims.revoked, claims.jti, at);
      await repo.putSetting(tx.db, REVOCATION_SEQUENCE_KEY, String(claims.rsq));
      return { kind, id: claims.jti, message: `Revocation list applied: ${claims.revoked.length} revoked token id(s)` };
    } catch (err) {
      if (err instanceof TokenRefused) throw refused(err.reason);
      throw err;
    }
  });
  ctx.log.info({ kind: result.kind, tokenId: result.id }, 'token applied');
  return result;
}

export async function removeNode(ctx: Ctx, nodeId: string): Promise<void> {
  authorize(ctx.actor, 'license.manage');
  const removed = await inTransaction(
    ctx,
    async (tx) => Number((await repo.deleteNodeToken(tx.db, nodeId)).numDeletedRows) > 0,
  );
  if (!removed) throw notFound(`Node ${nodeId}`);
}

/**
 * The daily license check: moves the clock's high-water mark, records the day's seat usage, and queues the
 * expiry e-mails to admins (60, 30, 14, 7 and 1 days before the end of term, at grace and at expiry) — each
 * once, whatever the number of runs.
 */
export async function licenseCheckJob(ctx: Ctx): Promise<{ queued: number; state: LicenseState }> {
  await advanceClockHighWater(ctx);
  const { snapshot: snap } = await snapshot(ctx);
  const state = evaluateLicense(snap);
  const day = new Date(state.now).toISOString().slice(0, 10);
  let queued = 0;
  await inTransaction(ctx, async (tx) => {
    await repo.recordSeatUsage(tx.db, day, await countActiveAgents(tx));
    const license = snap.license;
    const events: Array<{ key: string; warning: (typeof state.warnings)[number] }> = [];
    for (const warning of state.warnings) {
      if (warning.code === 'term-ending' && license)
        events.push({
          key: `license:${license.jti}:term:${warningThreshold(license.term_end * 1000 - state.now)}`,
          warning,
        });
      if ((warning.code === 'grace' || warning.code === 'expired') && license)
        events.push({ key: `license:${license.jti}:${warning.code}`, warning });
      if (warning.code === 'clock-set-back') events.push({ key: `clock-set-back:${day}`, warning });
      if (warning.code === 'license-refused' || warning.code === 'no-node-token')
        events.push({ key: `license:${warning.code}:${snap.licenseRefused ?? ctx.nodeId}`, warning });
    }
    // Expiry goes through the notification rules (admins by default, SMS if an admin wants it); the rest is
    // the desk's health (a refused license, a clock set back) and always reaches the admins by e-mail.
    for (const { key, warning } of events) {
      if (EXPIRY_CODES.has(warning.code)) {
        queued += await notifySystemEvent(tx, {
          event: 'license.expiring',
          who: { contactsAllowed: false },
          values: (language) => licenseValues(language, warning, license),
          dedupeKey: (person) => `${key}:${person.id}`,
        });
        continue;
      }
      for (const admin of await repo.activeAdmins(tx.db)) {
        const mail = licenseMail(admin.language, warning, license);
        if (
          await enqueue(
            tx.db,
            {
              channel: 'email',
              recipient: admin.email,
              subject: mail.subject,
              body: mail.body,
              dedupeKey: `${key}:${admin.id}`,
            },
            ctx.clock.now(),
          )
        )
          queued++;
      }
    }
  });
  return { queued, state };
}

/** The installation's id (set by the first migration); undefined before it. */
export function installationIdOf(db: Ctx['db']): Promise<string | undefined> {
  return repo.getSetting(db, 'installation_id');
}

/** What this installation already trusts less: revoked token ids and the highest license sequence applied. */
export async function localRevocations(ctx: Ctx): Promise<{ revoked: Set<string>; minLsq: number | undefined }> {
  return { revoked: await repo.revokedIds(ctx.db), minLsq: await repo.highestLsq(ctx.db) };
}
