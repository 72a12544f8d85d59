import { randomBytes } from 'node:crypto';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { NotificationChannel, NotificationRecipient } from '../../db/schema.js';
import { badRequest, notFound } from '../../shared/errors.js';
import { parseTags } from '../../shared/pagination.js';
import { authorize } from '../auth/index.js';
import { enqueue } from '../outbox/outbox.repository.js';
import { registerTicketHooks, type FieldChange } from '../tickets/index.js';
import { REPLY_MARKER } from './mail-markers.js';
import * as repo from './notifications.repository.js';
import { anyoneToTell, channels, recipientKinds, resolveRecipients, rulesCache, type Person } from './recipients.js';
import { enqueueSms } from '../sms/index.js';
import { forgetTemplates, templateFor } from './template-store.js';
import {
  defaultTemplates,
  isRuleEvent,
  languageOf,
  languages,
  renderMail,
  renderText,
  ruleEvents,
  statusName,
  templateEvents,
  templateVariables,
  unknownVariables,
  type Language,
  type TemplateEvent,
  type TemplateValues,
  type TicketEvent,
} from './templates.js';

export { channels, recipientKinds } from './recipients.js';

/** What the outbox worker needs beyond the row to send a ticket mail: threading and the HTML part. */
export interface TicketMailPayload {
  kind: 'ticket';
  event: TemplateEvent;
  ticketId: number;
  ticketNumber: number;
  commentId: number | null;
  /** The part of the Message-ID before `@`; the worker adds the mail domain. Fixed here so a resend keeps it. */
  messageKey: string;
  /** Written by a machine (Auto-Submitted: auto-generated), or a person's reply relayed by us. */
  automatic: boolean;
  html: string;
}

const actorName = (actor: Actor, fallback: string) => (actor.kind === 'system' ? fallback : actor.name);

function messageKey(ticketNumber: number, commentId: number | null, event: TemplateEvent) {
  const what = commentId !== null ? `comment-${commentId}` : event.replace(/^ticket\./, '').replace(/_/g, '-');
  return `ticket-${ticketNumber}.${what}.${randomBytes(9).toString('base64url')}`;
}

/** Who the enabled rules of a ticket event name, by channel; the actor and muted agents left out. */
function recipientsOf(tx: TxCtx, event: TicketEvent, t: repo.TicketFacts, opts: { byAgent: boolean }) {
  const actor = tx.actor;
  return resolveRecipients(tx, event, {
    assigneeId: t.assignee_id,
    teamId: t.team_id,
    managerId: t.manager_id,
    ticketContact:
      t.contact_id !== null
        ? { id: t.contact_id, name: t.contact_name ?? '', email: t.contact_email, language: t.contact_language ?? 'ru' }
        : null,
    organizationContacts: () => repo.organizationContacts(tx.db, t.organization_id),
    // An internal note never leaves the support team, whatever a rule says; a client's own message is not
    // echoed back to the client.
    contactsAllowed: event !== 'ticket.internal_note' && !(event === 'ticket.public_reply' && !opts.byAgent),
    actor: actor.kind === 'system' ? { kind: 'system' } : { kind: actor.kind, id: actor.id },
  });
}

async function valuesFor(
  tx: TxCtx,
  t: repo.TicketFacts,
  language: Language,
  extra: { comment?: { body: string }; change?: FieldChange; assigneeName?: string | null },
): Promise<TemplateValues> {
  const ru = language === 'ru';
  const change = extra.change;
  const isStatus = change?.field === 'status';
  return {
    'ticket.number': String(t.number),
    'ticket.subject': t.subject,
    'ticket.description': t.description,
    'ticket.status': statusName(language, t.status),
    'ticket.priority': t.priority,
    'organization.name': t.organization_name,
    'contact.name': t.contact_name ?? (ru ? 'клиент' : 'customer'),
    'assignee.name': extra.assigneeName ?? (ru ? 'никого' : 'nobody'),
    'actor.name': actorName(tx.actor, ru ? 'Служба поддержки' : 'Support desk'),
    'comment.body': extra.comment?.body ?? '',
    'change.from': isStatus ? statusName(language, change.from) : (change?.from ?? ''),
    'change.to': isStatus ? statusName(language, change.to) : (change?.to ?? ''),
  };
}

async function queueTicketMail(
  tx: TxCtx,
  t: repo.TicketFacts,
  event: TemplateEvent,
  person: Person,
  values: TemplateValues,
  opts: { commentId: number | null; automatic: boolean },
) {
  const language = languageOf(person.language);
  const template = await templateFor(tx.db, tx.dataDir, event, language);
  const mail = renderMail(
    template,
    { ...values, 'recipient.name': person.name },
    { ticketNumber: t.number, replyMarker: REPLY_MARKER },
  );
  const payload: TicketMailPayload = {
    kind: 'ticket',
    event,
    ticketId: t.id,
    ticketNumber: t.number,
    commentId: opts.commentId,
    messageKey: messageKey(t.number, opts.commentId, event),
    automatic: opts.automatic,
    html: mail.html,
  };
  await enqueue(
    tx.db,
    { channel: 'email', recipient: person.email!, subject: mail.subject, body: mail.text, payload },
    tx.clock.now(),
  );
}

/**
 * Fans a ticket event out to the people its rules name, in the ticket's transaction: the messages exist
 * exactly when the change does.
 */
export async function notifyTicketEvent(
  tx: TxCtx,
  event: TicketEvent,
  ticketId: number,
  extra: { comment?: { id: number; body: string }; change?: FieldChange; byAgent?: boolean } = {},
  facts?: repo.TicketFacts,
) {
  const t = facts ?? (await repo.ticketFacts(tx.db, ticketId));
  if (!t) return;
  const assignee = t.assignee_id === null ? undefined : await repo.findAgent(tx.db, t.assignee_id);
  const recipients = await recipientsOf(tx, event, t, { byAgent: extra.byAgent ?? tx.actor.kind === 'agent' });
  const automatic = event !== 'ticket.public_reply';
  const valuesByLanguage = new Map<Language, TemplateValues>();
  const values = async (language: Language) => {
    let v = valuesByLanguage.get(language);
    if (!v)
      valuesByLanguage.set(
        language,
        (v = await valuesFor(tx, t, language, {
          comment: extra.comment,
          change: extra.change,
          assigneeName: assignee?.name ?? null,
        })),
      );
    return v;
  };
  for (const person of recipients.email) {
    await queueTicketMail(tx, t, event, person, await values(languageOf(person.language)), {
      commentId: extra.comment?.id ?? null,
      automatic,
    });
  }
  for (const person of recipients.sms) {
    const language = languageOf(person.language);
    const template = await templateFor(tx.db, tx.dataDir, event, language);
    const text = renderText(template, await values(language), { ticketNumber: t.number }).subject;
    await enqueueSms(
      tx.db,
      { phone: person.phone!, text, event, agentId: person.kind === 'agent' ? person.id : null },
      tx.clock.now(),
    );
  }
}

/** A ticket with this tag gets no acknowledgement. */
export const NO_AUTOREPLY_TAG = 'no-autoreply';

/** The acknowledgement to the sender of a new ticket by e-mail, unless their organization switched it off. */
async function acknowledgeNewTicket(tx: TxCtx, t: repo.TicketFacts | undefined) {
  if (!t || t.channel !== 'email' || t.contact_id === null || !t.contact_email) return;
  // The inbound side tags tickets made from automatic mail (auto-replies, bounces) or past its per-sender cap:
  // answering those is how two desks end up mailing each other forever.
  if (parseTags(t.tags).includes(NO_AUTOREPLY_TAG)) return;
  if (!(await repo.acknowledgesNewTickets(tx.db, t.organization_id))) return;
  const language = languageOf(t.contact_language);
  const person: Person = {
    kind: 'contact',
    id: t.contact_id,
    name: t.contact_name ?? '',
    email: t.contact_email,
    phone: null,
    language,
  };
  await queueTicketMail(tx, t, 'ticket.acknowledgement', person, await valuesFor(tx, t, language, {}), {
    commentId: null,
    automatic: true,
  });
}

registerTicketHooks({
  async afterCreate(tx, ticketId, input) {
    const byMail = input.channel === 'email' && input.contactId != null;
    const tell = await anyoneToTell(tx, 'ticket.created', {
      assignee: input.assigneeId != null,
      team: input.teamId != null,
      contact: input.contactId != null,
    });
    if (!tell && !byMail) return;
    const facts = await repo.ticketFacts(tx.db, ticketId);
    if (tell) await notifyTicketEvent(tx, 'ticket.created', ticketId, {}, facts);
    if (byMail) await acknowledgeNewTicket(tx, facts);
  },
  async afterUpdate(tx, ticketId, changes) {
    for (const change of changes) {
      if (change.field === 'assigneeId' && change.to !== null)
        await notifyTicketEvent(tx, 'ticket.assigned', ticketId, { change });
      if (change.field === 'status') await notifyTicketEvent(tx, 'ticket.status_changed', ticketId, { change });
    }
  },
  async afterComment(tx, ticketId, c) {
    const row = await repo.comment(tx.db, c.id);
    if (!row) return;
    await notifyTicketEvent(tx, c.public ? 'ticket.public_reply' : 'ticket.internal_note', ticketId, {
      comment: { id: row.id, body: row.body },
      byAgent: c.byAgent,
    });
  },
});

// ---- Administration: templates, rules, mutes, organization settings ----

function assertTemplateKey(event: string, language: string): asserts event is TemplateEvent {
  if (!(templateEvents as readonly string[]).includes(event))
    throw notFound(`Template event "${event}" (known: ${templateEvents.join(', ')})`);
  if (!(languages as readonly string[]).includes(language))
    throw notFound(`Template language "${language}" (known: ${languages.join(', ')})`);
}

export async function getTemplate(ctx: Ctx, event: string, language: string) {
  authorize(ctx.actor, 'notification.manage');
  assertTemplateKey(event, language);
  const t = await templateFor(ctx.db, ctx.dataDir, event, language as Language);
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
  forgetTemplates();
  return getTemplate(ctx, event, language);
}

export async function resetTemplate(ctx: Ctx, event: string, language: string) {
  authorize(ctx.actor, 'notification.manage');
  assertTemplateKey(event, language);
  await inTransaction(ctx, (tx) => repo.deleteTemplate(tx.db, event, language));
  forgetTemplates();
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
  rulesCache.forget();
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
