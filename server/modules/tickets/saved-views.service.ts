import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import * as repo from './saved-views.repository.js';

function ownerId(ctx: Ctx): number {
  if (ctx.actor.kind !== 'agent') throw new AppError(403, 'forbidden', 'Only agents have saved views');
  return ctx.actor.id;
}

export async function listViews(ctx: Ctx) {
  const agent = ownerId(ctx);
  const rows = await repo.listViews(ctx.db, agent);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    query: r.query,
    teamId: r.team_id,
    teamName: r.team_name,
    mine: r.agent_id === agent,
  }));
}

/**
 * Saves the queue's current filters under a name; with a team, every member of it sees the view too. An agent
 * shares only with a team they belong to (admins and managers with any), so nobody fills strangers' sidebars.
 */
export async function saveView(ctx: Ctx, input: { name: string; query: string; teamId?: number | null }) {
  const agent = ownerId(ctx);
  const query = input.query.replace(/^\?/, '');
  const teamId = input.teamId ?? null;
  return inTransaction(ctx, async (tx) => {
    if (teamId !== null) {
      if (!(await repo.teamExists(tx.db, teamId)))
        throw badRequest(`Team ${teamId} does not exist`, {
          errors: [{ path: 'body.teamId', message: 'does not exist' }],
        });
      const role = ctx.actor.kind === 'agent' ? ctx.actor.role : null;
      if (role !== 'admin' && role !== 'manager' && !(await repo.isTeamMember(tx.db, teamId, agent)))
        throw new AppError(403, 'forbidden', 'A view is shared only with a team you are a member of');
    }
    const { id } = await repo.insertView(tx.db, {
      agent_id: agent,
      name: input.name.trim(),
      query,
      team_id: teamId,
      created_at: ctx.clock.now().toISOString(),
    });
    return (await listViews(tx)).find((v) => v.id === id)!;
  });
}

export async function deleteView(ctx: Ctx, id: number) {
  const agent = ownerId(ctx);
  const result = await inTransaction(ctx, (tx) => repo.deleteView(tx.db, id, agent));
  if (Number(result.numDeletedRows) === 0) throw notFound(`Saved view ${id}`);
}
