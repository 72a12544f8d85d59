import type { TxCtx } from '../../context.js';
import { systemActor } from '../../context.js';
import type { InboundMessageStatus, TicketChannel, TicketPriority } from '../../db/schema.js';
import { recordStoredAttachment } from '../attachments/index.js';
import { addComment, attributeComment, createTicket } from '../tickets/index.js';
import { createContact, createOrganization, organizationExists } from '../organizations/index.js';
import { NO_AUTOREPLY_TAG } from '../notifications/index.js';
import { domainOf } from './mail-classify.js';
import { boundedText } from './mail-text.js';
import { placeholder, type FilableMail, type RefusedMail, type Sender } from './mail-prepare.js';
import type { InboundSettings, IngestResult } from './inbound-mail.service.js';
import * as repo from './inbound-mail.repository.js';

/** What a prepared message becomes (a comment, a ticket, held, rejected) and the writing of it. */

const UNSORTED_SETTING = 'inbound_mail.unsorted_organization_id';
export const mailActor = () => systemActor('inbound-mail');

export interface Base {
  message_key: string;
  message_id: string | null;
  source: string;
  received_at: string;
  raw_sha256: string;
  raw_size: number;
}

export interface Decision {
  status: InboundMessageStatus;
  reason: string | null;
  ticketId: number | null;
  commentId: number | null;
}

export const rejection = (reason: string): Decision => ({
  status: 'rejected',
  reason,
  ticketId: null,
  commentId: null,
});

export const resultOf = (inboundId: number, d: Decision, automatic: string | null): IngestResult => ({
  outcome: d.status,
  inboundId,
  ticketId: d.ticketId,
  commentId: d.commentId,
  reason: d.reason,
  automatic: automatic !== null,
});

/** A new row for a message just received, or the row of a message an admin files again. */
export type Slot = { insert: Base } | { update: number; messageId: string | null };

/**
 * Writes what became of a message, in the transaction of the decision: its row, and when it became a ticket
 * or comment, its files (inline images re-pointed at them) and its Message-ID for threading later replies.
 */
export async function writeOutcome(
  tx: TxCtx,
  slot: Slot,
  mail: FilableMail | Pick<RefusedMail, 'sender' | 'subject'>,
  decision: Decision,
  automatic: string | null,
): Promise<number> {
  const filable = 'files' in mail ? mail : null;
  const fields = {
    from_address: mail.sender.address,
    from_name: mail.sender.name ? boundedText(mail.sender.name, 200) : null,
    subject: mail.subject === null ? null : boundedText(mail.subject, 500),
    status: decision.status,
    reason: decision.reason,
    ticket_id: decision.ticketId,
    comment_id: decision.commentId,
    body_html: null,
    quoted_text: filable?.quoted ?? null,
  };
  let id: number;
  let messageId: string | null;
  if ('insert' in slot) {
    id = (await repo.insertInbound(tx.db, { ...slot.insert, ...fields, automatic: automatic ? 1 : 0 })).id;
    messageId = slot.insert.message_id;
  } else {
    id = slot.update;
    messageId = slot.messageId;
    await repo.updateInbound(tx.db, id, fields);
  }
  let bodyHtml = filable?.html ?? null;
  if (filable && decision.ticketId !== null && (decision.status === 'ticket' || decision.status === 'comment')) {
    for (const [i, f] of filable.files.entries()) {
      const attachmentId = await recordStoredAttachment(tx, {
        ticketId: decision.ticketId,
        commentId: decision.commentId,
        fileName: f.fileName,
        contentType: f.contentType,
        size: f.size,
        sha256: f.sha256,
      });
      if (bodyHtml) bodyHtml = bodyHtml.split(placeholder(i)).join(String(attachmentId));
    }
    if (messageId) await repo.insertRefs(tx.db, decision.ticketId, id, [messageId]);
  }
  if (bodyHtml) await repo.updateInbound(tx.db, id, { body_html: bodyHtml });
  return id;
}

export interface DecideInput {
  mail: FilableMail;
  automatic: string | null;
  settings: InboundSettings;
  /** When the message arrived: the per-sender cap counts the hour before it. */
  receivedAt: string;
  /** Whether the message's own row already exists (and so is counted by the cap). */
  counted: boolean;
  /** Channel, service and priority of a ticket it opens; mail's own (email, none, P3) when absent. */
  terms?: TicketTerms;
}

/** What a web form sets on the tickets its submissions open (mail opens email/P3 tickets without a service). */
export interface TicketTerms {
  channel: TicketChannel;
  serviceId: number | null;
  priority: TicketPriority;
}

export async function decide(tx: TxCtx, input: DecideInput): Promise<Decision> {
  const { mail, automatic, settings } = input;
  const { sender } = mail;
  const catchAll = await catchAllOrganization(tx, settings, false);
  let target = await repo.findTicketByMessageIds(tx.db, mail.refs);
  let via = 'In-Reply-To/References';
  if (!target && mail.subjectNumber !== null) {
    const t = await repo.findTicketByNumber(tx.db, mail.subjectNumber);
    if (t) {
      target = { ticketId: t.id, recipient: null, via: 'message-id' };
      via = `the subject token [#${t.number}]`;
    }
  }
  let strangerNote: string | null = null;
  if (target) {
    const p = await repo.ticketParticipants(tx.db, target.ticketId, catchAll);
    if (p) {
      const address = sender.address;
      const contact = address ? p.contacts.find((c) => c.email?.toLowerCase() === address) : undefined;
      const agent = address ? p.agents.find((a) => a.email.toLowerCase() === address) : undefined;
      const known = address !== null && (p.senders.includes(address) || target.recipient?.toLowerCase() === address);
      if (contact || agent || known) {
        const commentId = await postMailComment(tx, p.ticket.id, {
          fresh: mail.fresh,
          automatic,
          contactId: contact?.id ?? null,
          agentId: agent?.id ?? null,
        });
        return { status: 'comment', reason: `threaded by ${via}`, ticketId: p.ticket.id, commentId };
      }
      const who = address ?? 'a sender without an address';
      if (settings.strangerReplies === 'hold' || automatic) {
        return {
          status: 'held',
          reason: `${who} is not a participant of ticket #${p.ticket.number} (matched by ${via}); held for an admin`,
          ticketId: p.ticket.id,
          commentId: null,
        };
      }
      strangerNote = `${who} is not a participant of ticket #${p.ticket.number} (matched by ${via}); filed as a new ticket`;
    }
  }
  if (automatic) return rejection(`automatic mail (${automatic}): stored, makes no ticket`);

  const placement = await placeSender(tx, sender, settings);
  const ticketId = await openMailTicket(tx, input, placement);
  return { status: 'ticket', reason: strangerNote ?? placement.note, ticketId, commentId: null };
}

/**
 * A message as a comment. Automatic mail and agents' mail become internal notes: an out-of-office reply must
 * not count as the client's answer (it would restart the SLA clock), and an agent's mail is not a reply to
 * the client. Posted by the mail actor, so the SLA sees a client's reply, never an agent's.
 */
export async function postMailComment(
  tx: TxCtx,
  ticketId: number,
  c: { fresh: string; automatic: string | null; contactId: number | null; agentId: number | null },
): Promise<number> {
  const mailTx: TxCtx = { ...tx, actor: mailActor() };
  const internal = c.automatic !== null || c.agentId !== null;
  const body = c.automatic ? `Automatic message (${c.automatic}):\n\n${c.fresh}` : c.fresh;
  const comment = await addComment(mailTx, ticketId, { body, public: !internal });
  await attributeComment(tx, comment.id, { contactId: c.agentId !== null ? null : c.contactId, agentId: c.agentId });
  return comment.id;
}

export interface Placement {
  organizationId: number;
  contactId: number | null;
  unsorted: boolean;
  note: string | null;
}

/**
 * A new ticket from a message, by the mail actor (channel email, or the terms of the web form it came from).
 * Tagged so it is never acknowledged when the message was automatic or its sender is past the hourly cap:
 * answering those is how two desks end up mailing each other forever.
 */
export async function openMailTicket(tx: TxCtx, input: DecideInput, placement: Placement): Promise<number> {
  const mailTx: TxCtx = { ...tx, actor: mailActor() };
  const silent =
    input.automatic !== null ||
    (await overCap(tx, input.mail.sender.address, input.receivedAt, input.settings, input.counted));
  const ticket = await createTicket(mailTx, {
    subject: input.mail.subject,
    description: input.mail.fresh,
    organizationId: placement.organizationId,
    contactId: placement.contactId,
    type: 'request',
    priority: input.terms?.priority ?? 'P3',
    channel: input.terms?.channel ?? 'email',
    serviceId: input.terms?.serviceId ?? null,
    tags: [...(placement.unsorted ? ['unsorted'] : []), ...(silent ? [NO_AUTOREPLY_TAG] : [])],
  });
  return ticket.id;
}

/** Whether a sender wrote more than the hourly cap up to this message (the same count mayAnswerAutomatically makes). */
async function overCap(
  tx: TxCtx,
  address: string | null,
  receivedAt: string,
  settings: InboundSettings,
  counted: boolean,
): Promise<boolean> {
  if (!address) return false;
  const since = new Date(Date.parse(receivedAt) - 3600_000).toISOString();
  const count = (await repo.countFromSince(tx.db, address, since)) + (counted ? 0 : 1);
  return count > settings.autoReplyCapPerHour;
}

/** The client a new message belongs to: by the sender's contact, else by the sender's domain, else the catch-all. */
export async function placeSender(tx: TxCtx, sender: Sender, settings: InboundSettings): Promise<Placement> {
  if (sender.address) {
    const contact = await repo.findContactByEmail(tx.db, sender.address);
    if (contact) return { organizationId: contact.organization_id, contactId: contact.id, unsorted: false, note: null };
    const domain = domainOf(sender.address);
    const owner = domain ? await repo.findOrganizationByDomain(tx.db, domain) : undefined;
    if (owner) {
      const created = await createContact(tx, owner.organization_id, {
        name: sender.name ?? sender.address.split('@')[0]!,
        email: sender.address,
      });
      return {
        organizationId: owner.organization_id,
        contactId: created.id,
        unsorted: false,
        note: `new contact ${sender.address} by the domain ${domain}`,
      };
    }
  }
  const organizationId = (await catchAllOrganization(tx, settings, true))!;
  return {
    organizationId,
    contactId: null,
    unsorted: true,
    note: `unknown sender ${sender.address ?? '(no address)'}: unsorted`,
  };
}

export async function catchAllOrganization(
  tx: TxCtx,
  settings: InboundSettings,
  create: boolean,
): Promise<number | null> {
  const setting = await repo.getSetting(tx.db, UNSORTED_SETTING);
  if (setting !== undefined && (await organizationExists(tx, Number(setting)))) return Number(setting);
  if (!create) return null;
  const org = await createOrganization(tx, {
    name: settings.unsortedOrganization,
    notes: 'Mail from senders no client could be matched to. Move each ticket to its client.',
    tags: ['unsorted'],
  });
  await repo.putSetting(tx.db, UNSORTED_SETTING, String(org.id));
  return org.id;
}
