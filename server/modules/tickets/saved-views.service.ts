import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError, notFound } from '../../shared/errors.js';
import * as repo from './saved-views.repository.js';

function ownerId(ctx: Ctx): number {
  if (ctx.actor.kind !== 'agent') throw new AppError(403, 'forbidden', 'Only agents have saved views');
  return ctx.actor.id;
}

export async function listViews(ctx: Ctx) {
  return repo.listViews(ctx.db, ownerId(ctx));
}

export async function saveView(ctx: Ctx, input: { name: string; query: string }) {
  const agent = ownerId(ctx);
  const query = input.query.replace(/^\?/, '');
  return inTransaction(ctx, (tx) =>
    repo.insertView(tx.db, {
      agent_id: agent,
      name: input.name.trim(),
      query,
      created_at: ctx.clock.now().toISOString(),
    }),
  );
}

export async function deleteView(ctx: Ctx, id: number) {
  const agent = ownerId(ctx);
  const result = await inTransaction(ctx, (tx) => repo.deleteView(tx.db, id, agent));
  if (Number(result.numDeletedRows) === 0) throw notFound(`Saved view ${id}`);
}
