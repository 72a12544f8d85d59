import type { Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { ApiTokenScope } from '../../db/schema.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import { randomToken, sha256 } from '../../shared/tokens.js';
import { forgetCachedTokens } from './auth.service.js';
import * as repo from './auth.repository.js';
import { authorize } from './policy.js';
import { apiScopes, legacyScope, parseScopes, scopeAllows, type ApiScope } from './scopes.js';

// API tokens (Authorization: Bearer …) and sessions of an agent: who may create, list and revoke them.

/**
 * Creates an API token for an agent; the secret is returned once and only its hash is kept. `scopes` say what the
 * token may touch (see scopes.ts); absent, the token may do everything its agent may (`read` + `write`), and the
 * old single `scope: 'read'` still asks for a read-only token. `expiresAt` (an instant in the future) makes the
 * token stop working then; `rateLimitPerMinute` overrides the installation's default for this token.
 *
 * A token creating another token cannot hand out more than it holds: its scopes must cover every scope asked for.
 */
export async function createApiToken(
  ctx: Ctx,
  input: {
    agentId: number;
    name: string;
    scope?: ApiTokenScope;
    scopes?: readonly string[];
    expiresAt?: string | null;
    rateLimitPerMinute?: number | null;
    /** The scopes of the token making this request, when it is one. */
    callerScopes?: readonly ApiScope[];
  },
) {
  const own = ctx.actor.kind === 'agent' && ctx.actor.id === input.agentId;
  authorize(ctx.actor, own ? 'token.manage_own' : 'agent.manage');
  let expiresAt: string | null = null;
  if (input.expiresAt != null) {
    const at = Date.parse(input.expiresAt);
    if (Number.isNaN(at)) throw badRequest('expiresAt is not a date and time', { field: 'expiresAt' });
    if (at <= ctx.clock.now().getTime()) throw badRequest('expiresAt must be in the future', { field: 'expiresAt' });
    expiresAt = new Date(at).toISOString();
  }
  const scopes = resolveScopes(input.scopes, input.scope);
  if (input.callerScopes) {
    const caller = input.callerScopes;
    const beyond = scopes.filter((s) => !scopeAllows(caller, s));
    if (beyond.length > 0)
      throw new AppError(
        403,
        'scope_exceeds_token',
        `This API token cannot create a token with more than it holds (${beyond.join(', ')})`,
      );
  }
  const secret = `odk_${randomToken()}`;
  const row = await inTransaction(ctx, async (tx) => {
    const agent = await repo.findAgentById(tx.db, input.agentId);
    if (!agent) throw notFound(`Agent ${input.agentId}`);
    return repo.insertApiToken(tx.db, {
      agent_id: input.agentId,
      name: input.name,
      token_hash: sha256(secret),
      prefix: secret.slice(0, 8),
      scope: legacyScope(scopes),
      scopes: JSON.stringify(scopes),
      rate_limit_per_minute: input.rateLimitPerMinute ?? null,
      created_at: ctx.clock.now().toISOString(),
      expires_at: expiresAt,
    });
  });
  return {
    id: row.id,
    name: input.name,
    token: secret,
    scope: legacyScope(scopes),
    scopes,
    expiresAt,
    rateLimitPerMinute: input.rateLimitPerMinute ?? null,
  };
}

/** The scopes asked for, in the canonical order, each once; an empty or unknown list is refused with its words. */
function resolveScopes(asked: readonly string[] | undefined, scope: ApiTokenScope | undefined): ApiScope[] {
  if (asked === undefined) return scope === 'read' ? ['read'] : ['read', 'write'];
  const unknown = asked.filter((s) => !(apiScopes as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw badRequest(`Unknown scope ${unknown.join(', ')}; the scopes are ${apiScopes.join(', ')}`, {
      field: 'scopes',
    });
  if (asked.length === 0) throw badRequest('Choose at least one scope (read to only read)', { field: 'scopes' });
  return apiScopes.filter((s) => asked.includes(s));
}

/** One token as its list shows it: scopes parsed from their stored JSON. */
export interface ApiTokenView {
  id: number;
  agentId: number;
  name: string;
  prefix: string;
  scope: 'read' | 'write';
  scopes: ApiScope[];
  rateLimitPerMinute: number | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function presentToken(t: Awaited<ReturnType<typeof repo.listApiTokens>>[number]): ApiTokenView {
  return {
    id: t.id,
    agentId: t.agent_id,
    name: t.name,
    prefix: t.prefix,
    scope: t.scope,
    scopes: parseScopes(t.scopes),
    rateLimitPerMinute: t.rate_limit_per_minute,
    createdAt: t.created_at,
    expiresAt: t.expires_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  };
}

export async function listApiTokens(ctx: Ctx, agentId: number) {
  const own = ctx.actor.kind === 'agent' && ctx.actor.id === agentId;
  authorize(ctx.actor, own ? 'token.manage_own' : 'agent.manage');
  return (await repo.listApiTokens(ctx.db, agentId)).map(presentToken);
}

export async function revokeApiToken(ctx: Ctx, tokenId: number) {
  const mayManageAll = ctx.actor.kind === 'system' || (ctx.actor.kind === 'agent' && ctx.actor.role === 'admin');
  const ownerFilter = mayManageAll ? undefined : ctx.actor.kind === 'agent' ? ctx.actor.id : -1;
  const result = await inTransaction(ctx, (tx) =>
    repo.revokeApiToken(tx.db, tokenId, ctx.clock.now().toISOString(), ownerFilter),
  );
  forgetCachedTokens(ctx);
  if (!result || Number(result.numUpdatedRows) === 0) throw notFound(`Active API token ${tokenId}`);
}

/**
 * A deactivated agent's API tokens are revoked, not merely refused while inactive: reactivating the agent
 * must not bring back tokens that may have leaked meanwhile. Forgets cached lookups once committed.
 */
export async function revokeAgentApiTokens(tx: TxCtx, agentId: number): Promise<void> {
  await repo.revokeAgentApiTokens(tx.db, agentId, tx.clock.now().toISOString());
  forgetCachedTokens(tx);
}

/** Ends every open session of an agent (deactivated, or given a new password). */
export async function endAgentSessions(tx: TxCtx, agentId: number): Promise<void> {
  await repo.deleteAgentSessions(tx.db, agentId);
}
