import { randomBytes } from 'node:crypto';
import type { Actor, TxCtx } from '../../context.js';
import type { DomainEventMap, FieldChange } from '../../events/domain-events.js';
import { parseTags } from '../../shared/pagination.js';
import { enqueue } from '../outbox/index.js';
import { enqueueSms } from '../sms/index.js';
import { REPLY_MARKER } from './mail-markers.js';
import * as repo from './notifications.repository.js';
import { anyoneToTell, resolveRecipients, type Person } from './recipients.js';
import { templateFor } from './template-store.js';
import {
  languageOf,
  renderMail,
  renderText,
  statusName,
  type Language,
  type TemplateEvent,
  type TemplateValues,
  type TicketEvent,
} from './templates.js';

// Ticket events become mail and SMS to the people the rules name: the subscribers wired in server/wiring.ts.

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
function recipientsOf(
  tx: TxCtx,
  event: TicketEvent,
  t: repo.TicketFacts,
  opts: { byAgent: boolean; mentionedIds?: number[] },
) {
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
    contactsAllowed:
      event !== 'ticket.internal_note' &&
      event !== 'ticket.mentioned' &&
      !(event === 'ticket.public_reply' && !opts.byAgent),
    mentionedIds: opts.mentionedIds,
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
  const template = await templateFor(tx, event, language);
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
  extra: {
    comment?: { id: number; body: string };
    change?: FieldChange;
    byAgent?: boolean;
    mentionedIds?: number[];
    /** Addresses the public reply is copied to, beyond the people the rules name. */
    cc?: string[];
  } = {},
  facts?: repo.TicketFacts,
) {
  const t = facts ?? (await repo.ticketFacts(tx.db, ticketId));
  if (!t) return;
  const assignee = t.assignee_id === null ? undefined : await repo.findAgent(tx.db, t.assignee_id);
  const recipients = await recipientsOf(tx, event, t, {
    byAgent: extra.byAgent ?? tx.actor.kind === 'agent',
    mentionedIds: extra.mentionedIds,
  });
  // CC addresses get the reply in the ticket contact's language, once each, unless a rule already names them.
  const named = new Set(recipients.email.map((p) => p.email!.toLowerCase()));
  for (const address of extra.cc ?? []) {
    if (named.has(address)) continue;
    named.add(address);
    recipients.email.push({
      kind: 'contact',
      id: 0,
      name: address,
      email: address,
      phone: null,
      language: t.contact_language ?? 'ru',
    });
  }
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
    const template = await templateFor(tx, event, language);
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

/** Channels whose sender gets an acknowledgement: mail, and the web form (the same letter; replies thread). */
const acknowledgedChannels = new Set<string>(['email', 'web_form']);

/** The acknowledgement to the sender of a new ticket by e-mail or web form, unless their organization switched it off. */
async function acknowledgeNewTicket(tx: TxCtx, t: repo.TicketFacts | undefined) {
  if (!t || !acknowledgedChannels.has(t.channel) || t.contact_id === null || !t.contact_email) return;
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

/** A new ticket: the people the rules name hear of it, and a sender by e-mail or web form gets an acknowledgement. */
export async function notifyTicketCreated(tx: TxCtx, e: DomainEventMap['ticket.created']): Promise<void> {
  const byMail = acknowledgedChannels.has(e.channel) && e.contactId !== null;
  const tell = await anyoneToTell(tx, 'ticket.created', {
    assignee: e.assigneeId !== null,
    team: e.teamId !== null,
    contact: e.contactId !== null,
  });
  if (!tell && !byMail) return;
  const facts = await repo.ticketFacts(tx.db, e.ticketId);
  if (tell) await notifyTicketEvent(tx, 'ticket.created', e.ticketId, {}, facts);
  if (byMail) await acknowledgeNewTicket(tx, facts);
}

/** An assignment or a status change. */
export async function notifyTicketUpdated(tx: TxCtx, e: DomainEventMap['ticket.updated']): Promise<void> {
  for (const change of e.changes) {
    if (change.field === 'assigneeId' && change.to !== null)
      await notifyTicketEvent(tx, 'ticket.assigned', e.ticketId, { change });
    if (change.field === 'status') await notifyTicketEvent(tx, 'ticket.status_changed', e.ticketId, { change });
  }
}

/** A public reply or an internal note. */
export async function notifyCommentAdded(tx: TxCtx, e: DomainEventMap['comment.added']): Promise<void> {
  const row = await repo.comment(tx.db, e.commentId);
  if (!row) return;
  await notifyTicketEvent(tx, e.public ? 'ticket.public_reply' : 'ticket.internal_note', e.ticketId, {
    comment: { id: row.id, body: row.body },
    byAgent: e.byAgent,
    cc: e.public && row.cc ? (JSON.parse(row.cc) as string[]) : [],
  });
}

/** Agents @mentioned in a comment hear of it through the `mentioned` rule (their mutes respected). */
export async function notifyMentioned(tx: TxCtx, e: DomainEventMap['agent.mentioned']): Promise<void> {
  const row = await repo.comment(tx.db, e.commentId);
  if (!row) return;
  await notifyTicketEvent(tx, 'ticket.mentioned', e.ticketId, {
    comment: { id: row.id, body: row.body },
    mentionedIds: e.agentIds,
  });
}
