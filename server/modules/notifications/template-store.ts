import type { Ctx } from '../../context.js';
import { briefCache, type CacheScope } from '../../shared/brief-cache.js';
import * as repo from './notifications.repository.js';
import { defaultTemplates, type Language, type MailTemplate, type TemplateEvent } from './templates.js';

// Read for every message rendered (a sweep renders hundreds); changes only when an admin saves a template.
const overrides = briefCache('notification-templates');

/** The admin's override of an event's template in a language, else the built-in one. */
export async function templateFor(
  ctx: Pick<Ctx, 'db' | 'dataDir'> & CacheScope,
  event: TemplateEvent,
  language: Language,
): Promise<MailTemplate & { overridden: boolean }> {
  const override = await overrides.get(ctx, `${ctx.dataDir}|${event}|${language}`, () =>
    repo.templateOverride(ctx.db, event, language),
  );
  if (override) return { subject: override.subject, body: override.body, overridden: true };
  return { ...defaultTemplates[event][language], overridden: false };
}

export const forgetTemplates = (scope: CacheScope) => overrides.forget(scope);
