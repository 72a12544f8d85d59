import type { Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { ApiTokenScope } from '../../db/schema.js';
import { badRequest, notFound } from '../../shared/errors.js';
import { randomToken, sha256 } from '../../shared/tokens.js';
import { forgetCachedTokens } from './auth.service.js';
import * as repo from './auth.repository.js';
import { authorize } from './policy.js';

// API tokens (Authorization: Bearer …) and sessions of an agent: who may create, list and revoke them.

/**
 * Creates an API token for an agent; the secret is returned once and only its hash is kept. `scope` is `write`
 * (everything the agent may do) unless `read` (GET/HEAD only) is asked for; `expiresAt` (an instant in the
 * future) makes the token stop working then.
 */
export async function createApiToken(
  ctx: Ctx,
  input: { agentId: number; name: string; scope?: ApiTokenScope; expiresAt?: string | null },
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
  const scope = input.scope ?? 'write';
  const secret = `odk_${randomToken()}`;
  const row = await inTransaction(ctx, async (tx) => {
    const agent = await repo.findAgentById(tx.db, input.agentId);
    if (!agent) throw notFound(`Agent ${input.agentId}`);
    return repo.insertApiToken(tx.db, {
      agent_id: input.agentId,
      name: input.name,
      token_hash: sha256(secret),
      prefix: secret.slice(0, 8),
      scope,
      created_at: ctx.clock.now().toISOString(),
      expires_at: expiresAt,
    });
  });
  return { id: row.id, token: secret, scope, expiresAt };
}

export async function listApiTokens(ctx: Ctx, agentId: number) {
  const own = ctx.actor.kind === 'agent' && ctx.actor.id === agentId;
  authorize(ctx.actor, own ? 'token.manage_own' : 'agent.manage');
  return repo.listApiTokens(ctx.db, agentId);
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
