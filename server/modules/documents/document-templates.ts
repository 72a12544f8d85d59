import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { badRequest } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import * as repo from './documents.repository.js';
import { defaultTemplate, templateFieldNames, validateTemplate, type TemplateKind } from './render/index.js';

/**
 * The texts admins edit: one Mustache template per kind and language (logic-less: no code runs, only the
 * document's fields are printed). A saved template applies to PDFs rendered from then on — of documents
 * issued before too, since a template is wording around the frozen snapshot, not the document's figures.
 */
export async function getTemplate(ctx: Ctx, kind: TemplateKind, language: 'ru' | 'en') {
  authorize(ctx.actor, 'document.read');
  const saved = await repo.findTemplate(ctx.db, kind, language);
  return {
    kind,
    language,
    body: saved?.body ?? defaultTemplate(kind, language),
    custom: saved !== undefined,
    updatedAt: saved?.updated_at ?? null,
    fields: templateFieldNames(),
  };
}

export async function saveTemplate(ctx: Ctx, kind: TemplateKind, language: 'ru' | 'en', body: string) {
  authorize(ctx.actor, 'settings.manage');
  const problem = validateTemplate(body);
  if (problem) throw badRequest(problem, { errors: [{ path: 'body.body', message: problem }] });
  const by = ctx.actor.kind === 'system' ? `system:${ctx.actor.name}` : `${ctx.actor.kind}:${ctx.actor.id}`;
  await inTransaction(ctx, (tx) =>
    repo.saveTemplate(tx.db, { kind, language, body, updated_by: by, updated_at: tx.clock.now().toISOString() }),
  );
  return getTemplate(ctx, kind, language);
}

export async function resetTemplate(ctx: Ctx, kind: TemplateKind, language: 'ru' | 'en') {
  authorize(ctx.actor, 'settings.manage');
  await inTransaction(ctx, (tx) => repo.deleteTemplate(tx.db, kind, language));
  return getTemplate(ctx, kind, language);
}
