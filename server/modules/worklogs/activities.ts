import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { badRequest, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import * as repo from './worklogs.repository.js';

/** What work was (consultation, diagnostics, on-site visit…): a list admins keep, named in both languages. */
export async function listActivities(ctx: Ctx) {
  authorize(ctx.actor, 'ticket.read');
  return repo.listActivities(ctx.db);
}

const clean = (name: string, path: string) => {
  const trimmed = name.trim();
  if (!trimmed)
    throw badRequest('An activity needs its name in both languages', { errors: [{ path, message: 'is empty' }] });
  return trimmed;
};

export async function createActivity(ctx: Ctx, input: { nameRu: string; nameEn: string }) {
  authorize(ctx.actor, 'settings.manage');
  const name_ru = clean(input.nameRu, 'body.nameRu');
  const name_en = clean(input.nameEn, 'body.nameEn');
  return inTransaction(ctx, async (tx) => {
    const position = (await repo.listActivities(tx.db)).length;
    return repo.insertActivity(tx.db, { name_ru, name_en, position });
  });
}

/** Activities are retired (`active: false`), never deleted: old worklogs keep naming them. */
export async function updateActivity(
  ctx: Ctx,
  id: number,
  input: { nameRu?: string; nameEn?: string; active?: boolean },
) {
  authorize(ctx.actor, 'settings.manage');
  const updated = await inTransaction(ctx, (tx) =>
    repo.updateActivity(tx.db, id, {
      ...(input.nameRu !== undefined && { name_ru: clean(input.nameRu, 'body.nameRu') }),
      ...(input.nameEn !== undefined && { name_en: clean(input.nameEn, 'body.nameEn') }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
    }),
  );
  if (!updated) throw notFound(`Activity ${id}`);
  return updated;
}
