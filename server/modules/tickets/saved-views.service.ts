import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError, notFound } from '../../shared/errors.js';

function ownerId(ctx: Ctx): number {
  if (ctx.actor.kind !== 'agent') throw new AppError(403, 'forbidden', 'Only agents have saved views');
  return ctx.actor.id;
}

export async function listViews(ctx: Ctx) {
  return ctx.db.selectFrom('saved_views').select(['id', 'name', 'query']).where('agent_id', '=', ownerId(ctx)).orderBy('name').execute();
}

export async function saveView(ctx: Ctx, input: { name: string; query: string }) {
  const agent = ownerId(ctx);
  const query = input.query.replace(/^\?/, '');
  return inTransaction(ctx, (tx) =>
    tx.db
      .insertInto('saved_views')
      .values({ agent_id: agent, name: input.name.trim(), query, created_at: ctx.clock.now().toISOString() })
      .returning(['id', 'name', 'query'])
      .executeTakeFirstOrThrow(),
  );
}

export async function deleteView(ctx: Ctx, id: number) {
  const agent = ownerId(ctx);
  const result = await inTransaction(ctx, (tx) => tx.db.deleteFrom('saved_views').where('id', '=', id).where('agent_id', '=', agent).executeTakeFirst());
  if (Number(result.numDeletedRows) === 0) throw notFound(`Saved view ${id}`);
}
