import { randomBytes } from 'node:crypto';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { NotificationChannel, NotificationRecipient } from '../../db/schema.js';
import { badRequest, notFound } from '../../shared/errors.js';
import { parseTags } from '../../shared/pagination.js';
import { authorize } from '../auth/policy.js';
import { enqueue } from '../outbox/outbox.repository.js';
import { registerTicketHooks, type FieldChange } from '../tickets/tickets.service.js';
import { briefCache } from '../../shared/brief-cache.js';
import { normalizePhone } from '../sms/sms-provider.js';
import { REPLY_MARKER } from './mail-markers.js';
import * as repo from './notifications.repository.js';
import {
  defaultTemplates,
  languageOf,
  languages,
  renderTicketMail,
  statusName,
  templateEvents,
  templateVariables,
  ticketEvents,
  unknownVariables,
  type Language,
  type MailTemplate,
  type TemplateEvent,
  type TemplateValues,
  type TicketEvent,
} from './templates.js';

// The rules are read on every ticket event and change only when an admin saves them.
const rulesCache = briefCache();

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

export interface SmsPayload {
  kind: 'sms';
  event: string;
  agentId: number | null;
}

export const recipientKinds: NotificationRecipient[] = ['assignee', 'manager', 'ticket_contact', 'organization_contacts', 'agent'];
export const channels: NotificationChannel[] = ['email', 'sms'];

/** SMS are short: the subject line of the event's template, cut to what three concatenated parts carry. */
const SMS_MAX = 459;

export async function templateFor(db: TxCtx['db'] | Ctx['db'], event: TemplateEvent, language: Language): Promise<MailTemplate & { overridden: boolean }> {
  const override = await repo.templateOverride(db, event, language);
  if (override) return { subject: override.subject, body: override.body, overridden: true };
  return { ...defaultTemplates[event][language], overridden: false };
}

const actorName = (actor: Actor, fallback: string) => (actor.kind === 'system' ? fallback : actor.name);

interface Person {
  kind: 'agent' | 'contact';
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  language: string;
}

function messageKey(ticketNumber: number, commentId: number | null, event: TemplateEvent) {
  const what = commentId !== null ? `comment-${commentId}` : event.replace(/^ticket\./, '').replace(/_/g, '-');
  return `ticket-${ticketNumber}.${what}.${randomBytes(9).toString('base64url')}`;
}

/** Who the enabled rules of an event name for a ticket, by channel; the actor and muted agents left out. */
async function recipientsOf(tx: TxCtx, event: TicketEvent, t: repo.TicketFacts, opts: { byAgent: boolean; assigneeId: number | null }) {
  const rules = await rulesCache.get(`${tx.dataDir}|${event}`, () => repo.enabledRules(tx.db, event));
  const out: Record<NotificationChannel, Person[]> = { email: [], sms: [] };
  const agentIdsByChannel: Record<NotificationChannel, Set<number>> = { email: new Set(), sms: new Set() };
  const contactsByChannel: Record<NotificationChannel, Map<number, Person>> = { email: new Map(), sms: new Map() };
  for (const rule of rules) {
    const ids = agentIdsByChannel[rule.channel];
    switch (rule.recipient) {
      case 'assignee':
        if (opts.assigneeId !== null) ids.add(opts.assigneeId);
        break;
      case 'manager':
        if (t.manager_id !== null) ids.add(t.manager_id);
        break;
      case 'agent':
        if (rule.agent_id !== null) ids.add(rule.agent_id);
        break;
      case 'ticket_contact':
      case 'organization_contacts': {
        // An internal note never leaves the support team, whatever a rule says; a client's own message is
        // not echoed back to the client.
        if (event === 'ticket.internal_note' || rule.channel !== 'email') break;
        if (event === 'ticket.public_reply' && !opts.byAgent) break;
        const people =
          rule.recipient === 'ticket_contact'
            ? t.contact_id !== null && t.contact_email
              ? [{ id: t.contact_id, name: t.contact_name ?? '', email: t.contact_email, language: t.contact_language ?? 'ru' }]
              : []
            : await repo.organizationContacts(tx.db, t.organization_id);
        for (const c of people) contactsByChannel.email.set(c.id, { kind: 'contact', id: c.id, name: c.name, email: c.email, phone: null, language: c.language });
        break;
      }
    }
  }
  const actor = tx.actor;
  for (const channel of channels) {
    const ids = [...agentIdsByChannel[channel]].filter((id) => !(actor.kind === 'agent' && actor.id === id));
    const muted = await repo.mutedAgents(tx.db, ids, event, channel);
    for (const a of await repo.activeAgents(tx.db, ids.filter((id) => !muted.has(id)))) {
      out[channel].push({ kind: 'agent', id: a.id, name: a.name, email: a.email, phone: a.phone, language: a.language });
    }
    for (const c of contactsByChannel[channel].values()) if (!(actor.kind === 'contact' && actor.id === c.id)) out[channel].push(c);
  }
  return out;
}

async function valuesFor(tx: TxCtx, t: repo.TicketFacts, language: Language, extra: { comment?: { body: string }; change?: FieldChange; assigneeName?: string | null }): Promise<TemplateValues> {
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

async function queueTicketMail(tx: TxCtx, t: repo.TicketFacts, event: TemplateEvent, person: Person, values: TemplateValues, opts: { commentId: number | null; automatic: boolean }) {
  const language = languageOf(person.language);
  const template = await templateFor(tx.db, event, language);
  const mail = renderTicketMail(template, { ...values, 'recipient.name': person.name }, { ticketNumber: t.number, replyMarker: REPLY_MARKER });
  const payload: TicketMailPayload = { kind: 'ticket', event, ticketId: t.id, ticketNumber: t.number, commentId: opts.commentId, messageKey: messageKey(t.number, opts.commentId, event), automatic: opts.automatic, html: mail.html };
  await enqueue(tx.db, { channel: 'email', recipient: person.email!, subject: mail.subject, body: mail.text, payload }, tx.clock.now());
}

async function queueSms(tx: TxCtx, person: Person, text: string, event: string) {
  const payload: SmsPayload = { kind: 'sms', event, agentId: person.kind === 'agent' ? person.id : null };
  await enqueue(tx.db, { channel: 'sms', recipient: person.phone!, body: text.slice(0, SMS_MAX), payload }, tx.clock.now());
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
  const recipients = await recipientsOf(tx, event, t, { byAgent: extra.byAgent ?? tx.actor.kind === 'agent', assigneeId: t.assignee_id });
  const automatic = event !== 'ticket.public_reply';
  const valuesByLanguage = new Map<Language, TemplateValues>();
  const values = async (language: Language) => {
    let v = valuesByLanguage.get(language);
    if (!v) valuesByLanguage.set(language, (v = await valuesFor(tx, t, language, { comment: extra.comment, change: extra.change, assigneeName: assignee?.name ?? null })));
    return v;
  };
  const seen = new Set<string>();
  for (const person of recipients.email) {
    if (!person.email || seen.has(`e:${person.email.toLowerCase()}`)) continue;
    seen.add(`e:${person.email.toLowerCase()}`);
    await queueTicketMail(tx, t, event, person, await values(languageOf(person.language)), { commentId: extra.comment?.id ?? null, automatic });
  }
  for (const person of recipients.sms) {
    const phone = person.phone ? normalizePhone(person.phone) : null;
    if (!phone || seen.has(`s:${phone}`)) continue;
    seen.add(`s:${phone}`);
    const language = languageOf(person.language);
    const template = await templateFor(tx.db, event, language);
    const text = renderTicketMail(template, await values(language), { ticketNumber: t.number }).subject;
    await queueSms(tx, { ...person, phone }, text, event);
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
  const person: Person = { kind: 'contact', id: t.contact_id, name: t.contact_name ?? '', email: t.contact_email, phone: null, language };
  await queueTicketMail(tx, t, 'ticket.acknowledgement', person, await valuesFor(tx, t, language, {}), { commentId: null, automatic: true });
}

registerTicketHooks({
  async afterCreate(tx, ticketId) {
    const facts = await repo.ticketFacts(tx.db, ticketId);
    await notifyTicketEvent(tx, 'ticket.created', ticketId, {}, facts);
    await acknowledgeNewTicket(tx, facts);
  },
  async afterUpdate(tx, ticketId, changes) {
    for (const change of changes) {
      if (change.field === 'assigneeId' && change.to !== null) await notifyTicketEvent(tx, 'ticket.assigned', ticketId, { change });
      if (change.field === 'status') await notifyTicketEvent(tx, 'ticket.status_changed', ticketId, { change });
    }
  },
  async afterComment(tx, ticketId, c) {
    const row = await repo.comment(tx.db, c.id);
    if (!row) return;
    await notifyTicketEvent(tx, c.public ? 'ticket.public_reply' : 'ticket.internal_note', ticketId, { comment: { id: row.id, body: row.body }, byAgent: c.byAgent });
  },
});

// ---- Administration: templates, rules, mutes, organization settings ----

function assertTemplateKey(event: string, language: string): asserts event is TemplateEvent {
  if (!(templateEvents as readonly string[]).includes(event)) throw notFound(`Template event "${event}" (known: ${templateEvents.join(', ')})`);
  if (!(languages as readonly string[]).includes(language)) throw notFound(`Template language "${language}" (known: ${languages.join(', ')})`);
}

export async function getTemplate(ctx: Ctx, event: string, language: string) {
  authorize(ctx.actor, 'notification.manage');
  assertTemplateKey(event, language);
  const t = await templateFor(ctx.db, event, language as Language);
  return { event, language, subject: t.subject, body: t.body, overridden: t.overridden, default: defaultTemplates[event][language as Language], variables: [...templateVariables] };
}

export async function putTemplate(ctx: Ctx, event: string, language: string, input: { subject: string; body: string }) {
  authorize(ctx.actor, 'notification.manage');
  assertTemplateKey(event, language);
  const unknown = [...unknownVariables(input.subject), ...unknownVariables(input.body)];
  if (unknown.length) {
    throw badRequest(`Unknown template variables: ${unknown.map((u) => `{{${u}}}`).join(', ')}`, { errors: unknown.map((u) => ({ path: 'body', message: `{{${u}}} is not a variable` })) });
  }
  if (/[\r\n]/.test(input.subject)) throw badRequest('The subject is one line', { errors: [{ path: 'body.subject', message: 'must not contain line breaks' }] });
  await inTransaction(ctx, (tx) =>
    repo.putTemplate(tx.db, { event, language, subject: input.subject, body: input.body, updated_at: ctx.clock.now().toISOString(), updated_by: ctx.actor.kind === 'agent' ? ctx.actor.id : null }),
  );
  return getTemplate(ctx, event, language);
}

export async function resetTemplate(ctx: Ctx, event: string, language: string) {
  authorize(ctx.actor, 'notification.manage');
  assertTemplateKey(event, language);
  await inTransaction(ctx, (tx) => repo.deleteTemplate(tx.db, event, language));
  return getTemplate(ctx, event, language);
}

export interface RuleInput {
  event: string;
  channel: NotificationChannel;
  recipient: NotificationRecipient;
  agentId?: number | null;
  enabled?: boolean;
}

const presentRule = (r: Awaited<ReturnType<typeof repo.listRules>>[number]) => ({ id: r.id, event: r.event, channel: r.channel, recipient: r.recipient, agentId: r.agent_id, enabled: r.enabled === 1 });

export async function listRules(ctx: Ctx) {
  authorize(ctx.actor, 'notification.manage');
  return { items: (await repo.listRules(ctx.db)).map(presentRule), events: [...ticketEvents], recipients: recipientKinds, channels };
}

/** Replaces the whole rule set: the admin screen edits a matrix and saves it at once. */
export async function replaceRules(ctx: Ctx, rules: RuleInput[]) {
  authorize(ctx.actor, 'notification.manage');
  const errors: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (!(ticketEvents as readonly string[]).includes(r.event)) errors.push({ path: `body.rules.${i}.event`, message: `must be one of ${ticketEvents.join(', ')}` });
    if (r.recipient === 'agent' && !r.agentId) errors.push({ path: `body.rules.${i}.agentId`, message: 'is required for recipient "agent"' });
    if (r.recipient !== 'agent' && r.agentId) errors.push({ path: `body.rules.${i}.agentId`, message: 'is only for recipient "agent"' });
    if (r.channel === 'sms' && (r.recipient === 'ticket_contact' || r.recipient === 'organization_contacts')) errors.push({ path: `body.rules.${i}.channel`, message: 'SMS go to agents only' });
    const key = `${r.event}|${r.channel}|${r.recipient}|${r.agentId ?? 0}`;
    if (seen.has(key)) errors.push({ path: `body.rules.${i}`, message: 'duplicates an earlier rule' });
    seen.add(key);
  });
  if (errors.length) throw badRequest(`${errors.length} rule(s) are invalid: ${errors[0]!.path} ${errors[0]!.message}`, { errors });
  await inTransaction(ctx, async (tx) => {
    for (const r of rules) if (r.agentId && !(await repo.findAgent(tx.db, r.agentId))) throw badRequest(`Agent ${r.agentId} does not exist`);
    await repo.replaceRules(
      tx.db,
      rules.map((r) => ({ event: r.event, channel: r.channel, recipient: r.recipient, agent_id: r.agentId ?? null, enabled: r.enabled === false ? 0 : 1 })),
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
  return { mutes: await repo.listMutes(ctx.db, agentId), phone: agent?.phone ?? null, events: [...ticketEvents], channels };
}

export async function putPreferences(ctx: Ctx, input: { mutes: Array<{ event: string; channel: NotificationChannel }> }) {
  const agentId = me(ctx);
  const bad = input.mutes.findIndex((m) => !(ticketEvents as readonly string[]).includes(m.event));
  if (bad >= 0) throw badRequest(`Unknown event "${input.mutes[bad]!.event}"`, { errors: [{ path: `body.mutes.${bad}.event`, message: `must be one of ${ticketEvents.join(', ')}` }] });
  await inTransaction(ctx, (tx) => repo.replaceMutes(tx.db, agentId, input.mutes));
  return getPreferences(ctx);
}

export async function getOrganizationSettings(ctx: Ctx, organizationId: number) {
  authorize(ctx.actor, 'organization.read');
  if (!(await repo.organizationExists(ctx.db, organizationId))) throw notFound(`Organization ${organizationId}`);
  return { organizationId, acknowledgeNewTickets: await repo.acknowledgesNewTickets(ctx.db, organizationId) };
}

export async function putOrganizationSettings(ctx: Ctx, organizationId: number, input: { acknowledgeNewTickets: boolean }) {
  authorize(ctx.actor, 'organization.write');
  await inTransaction(ctx, async (tx) => {
    if (!(await repo.organizationExists(tx.db, organizationId))) throw notFound(`Organization ${organizationId}`);
    await repo.putOrganizationSettings(tx.db, organizationId, input.acknowledgeNewTickets, ctx.clock.now().toISOString());
  });
  return getOrganizationSettings(ctx, organizationId);
}
