import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { NotificationChannel, NotificationRecipient } from '../../db/schema.js';
import { badRequest, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import * as repo from './notifications.repository.js';
import { channels, recipientKinds, rulesCache } from './recipients.js';
import { forgetTemplates, templateFor } from './template-store.js';
import {
  defaultTemplates,
  isRuleEvent,
  languages,
  ruleEvents,
  templateEvents,
  templateVariables,
  unknownVariables,
  type Language,
  type TemplateEvent,
} from './templates.js';

// Administration of notifications: templates, rules, an agent's mutes, a client's mail settings.

export { channels, recipientKinds };

function assertTemplateKey(event: string, language: string): asserts event is TemplateEvent {
  if (!(templateEvents as readonly string[]).includes(event))
    throw notFound(`Template event "${event}" (known: ${templateEvents.join(', ')})`);
  if (!(languages as readonly string[]).includes(language))
    throw notFound(`Template language "${language}" (known: ${languages.join(', ')})`);
}

export async function getTemplate(ctx: Ctx, event: string, language: string) {
  authorize(ctx.actor, 'notification.manage');
  assertTemplateKey(event, language);
  const t = await templateFor(ctx, event, language as Language);
  return {
    event,
    language,
    subject: t.subject,
    body: t.body,
    overridden: t.overridden,
    default: defaultTemplates[event][language as Language],
    variables: [...templateVariables(event)],
  };
}

export async function putTemplate(ctx: Ctx, event: string, language: string, input: { subject: string; body: string }) {
  authorize(ctx.actor, 'notification.manage');
  assertTemplateKey(event, language);
  const unknown = [...new Set([...unknownVariables(input.subject, event), ...unknownVariables(input.body, event)])];
  if (unknown.length) {
    throw badRequest(`Unknown template variables: ${unknown.map((u) => `{{${u}}}`).join(', ')}`, {
      errors: unknown.map((u) => ({ path: 'body', message: `{{${u}}} is not a variable` })),
    });
  }
  if (/[\r\n]/.test(input.subject))
    throw badRequest('The subject is one line', {
      errors: [{ path: 'body.subject', message: 'must not contain line breaks' }],
    });
  await inTransaction(ctx, (tx) =>
    repo.putTemplate(tx.db, {
      event,
      language,
      subject: input.subject,
      body: input.body,
      updated_at: ctx.clock.now().toISOString(),
      updated_by: ctx.actor.kind === 'agent' ? ctx.actor.id : null,
    }),
  );
  forgetTemplates(ctx);
  return getTemplate(ctx, event, language);
}

export async function resetTemplate(ctx: Ctx, event: string, language: string) {
  authorize(ctx.actor, 'notification.manage');
  assertTemplateKey(event, language);
  await inTransaction(ctx, (tx) => repo.deleteTemplate(tx.db, event, language));
  forgetTemplates(ctx);
  return getTemplate(ctx, event, language);
}

export interface RuleInput {
  event: string;
  channel: NotificationChannel;
  recipient: NotificationRecipient;
  agentId?: number | null;
  enabled?: boolean;
}

const presentRule = (r: Awaited<ReturnType<typeof repo.listRules>>[number]) => ({
  id: r.id,
  event: r.event,
  channel: r.channel,
  recipient: r.recipient,
  agentId: r.agent_id,
  enabled: r.enabled === 1,
});

export async function listRules(ctx: Ctx) {
  authorize(ctx.actor, 'notification.manage');
  return {
    items: (await repo.listRules(ctx.db)).map(presentRule),
    events: [...ruleEvents],
    templateEvents: [...templateEvents],
    recipients: recipientKinds,
    channels,
  };
}

/** Replaces the whole rule set: the admin screen edits a matrix and saves it at once. */
export async function replaceRules(ctx: Ctx, rules: RuleInput[]) {
  authorize(ctx.actor, 'notification.manage');
  const errors: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (!isRuleEvent(r.event))
      errors.push({ path: `body.rules.${i}.event`, message: `must be one of ${ruleEvents.join(', ')}` });
    if (r.recipient === 'agent' && !r.agentId)
      errors.push({ path: `body.rules.${i}.agentId`, message: 'is required for recipient "agent"' });
    if (r.recipient !== 'agent' && r.agentId)
      errors.push({ path: `body.rules.${i}.agentId`, message: 'is only for recipient "agent"' });
    if (r.channel === 'sms' && (r.recipient === 'ticket_contact' || r.recipient === 'organization_contacts'))
      errors.push({ path: `body.rules.${i}.channel`, message: 'SMS go to agents only' });
    const key = `${r.event}|${r.channel}|${r.recipient}|${r.agentId ?? 0}`;
    if (seen.has(key)) errors.push({ path: `body.rules.${i}`, message: 'duplicates an earlier rule' });
    seen.add(key);
  });
  if (errors.length)
    throw badRequest(`${errors.length} rule(s) are invalid: ${errors[0]!.path} ${errors[0]!.message}`, { errors });
  await inTransaction(ctx, async (tx) => {
    for (const r of rules)
      if (r.agentId && !(await repo.findAgent(tx.db, r.agentId))) throw badRequest(`Agent ${r.agentId} does not exist`);
    await repo.replaceRules(
      tx.db,
      rules.map((r) => ({
        event: r.event,
        channel: r.channel,
        recipient: r.recipient,
        agent_id: r.agentId ?? null,
        enabled: r.enabled === false ? 0 : 1,
      })),
      ctx.clock.now().toISOString(),
    );
  });
  rulesCache.forget(ctx);
  return listRules(ctx);
}

function me(ctx: Ctx): number {
  authorize(ctx.actor, 'notification.own');
  if (ctx.actor.kind !== 'agent') throw badRequest('Only agents have notification preferences');
  return ctx.actor.id;
}

export async function getPreferences(ctx: Ctx) {
  const agentId = me(ctx);
  const agent = await repo.findAgent(ctx.db, agentId);
  return {
    mutes: await repo.listMutes(ctx.db, agentId),
    phone: agent?.phone ?? null,
    events: [...ruleEvents],
    channels,
  };
}

export async function putPreferences(
  ctx: Ctx,
  input: { mutes: Array<{ event: string; channel: NotificationChannel }> },
) {
  const agentId = me(ctx);
  const bad = input.mutes.findIndex((m) => !isRuleEvent(m.event));
  if (bad >= 0)
    throw badRequest(`Unknown event "${input.mutes[bad]!.event}"`, {
      errors: [{ path: `body.mutes.${bad}.event`, message: `must be one of ${ruleEvents.join(', ')}` }],
    });
  await inTransaction(ctx, (tx) => repo.replaceMutes(tx.db, agentId, input.mutes));
  return getPreferences(ctx);
}

export async function getOrganizationSettings(ctx: Ctx, organizationId: number) {
  authorize(ctx.actor, 'organization.read');
  if (!(await repo.organizationExists(ctx.db, organizationId))) throw notFound(`Organization ${organizationId}`);
  return { organizationId, acknowledgeNewTickets: await repo.acknowledgesNewTickets(ctx.db, organizationId) };
}

export async function putOrganizationSettings(
  ctx: Ctx,
  organizationId: number,
  input: { acknowledgeNewTickets: boolean },
) {
  authorize(ctx.actor, 'organization.write');
  await inTransaction(ctx, async (tx) => {
    if (!(await repo.organizationExists(tx.db, organizationId))) throw notFound(`Organization ${organizationId}`);
    await repo.putOrganizationSettings(
      tx.db,
      organizationId,
      input.acknowledgeNewTickets,
      ctx.clock.now().toISOString(),
    );
  });
  return getOrganizationSettings(ctx, organizationId);
}
