import type { Ctx, TxCtx } from '../../context.js';
import { agentId, inTransaction } from '../../context.js';
import type { InboundMessageStatus } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../shared/errors.js';
import { createContact } from '../organizations/index.js';
import {
  catchAllOrganization,
  decide,
  mailActor,
  openMailTicket,
  placeSender,
  postMailComment,
  rejection,
  writeOutcome,
  type Decision,
  type DecideInput,
  type Placement,
} from './mail-filing.js';
import { prepareMessage, refusedFromHeaders, tooLarge } from './mail-prepare.js';
import { defaultInboundSettings, openRaw, type InboundSettings } from './inbound-mail.service.js';
import { automaticReason, headerBlock, parseHeaderBlock } from './mail-classify.js';
import { placeWebSubmission, WEB_FORM_SOURCE, webFormTerms } from './web-submission.js';
import * as repo from './inbound-mail.repository.js';

/** An admin's actions on held and rejected messages: release into a ticket, a new ticket, ingestion again. */

export type RefileAction =
  /** Post into the ticket it threaded to (or `ticketId`) as the sender's comment: the admin vouches for the sender. */
  | { kind: 'release'; ticketId?: number }
  /** A new ticket for the sender, in `organizationId` or wherever ingestion would place the sender. */
  | { kind: 'new_ticket'; organizationId?: number }
  /** Ingestion again, after contacts or mail domains were fixed. */
  | { kind: 'reingest' };

const refileVerbs: Record<RefileAction['kind'], { action: string; verb: string }> = {
  release: { action: 'mail_released', verb: 'released' },
  new_ticket: { action: 'mail_filed', verb: 'filed as a new ticket' },
  reingest: { action: 'mail_reingested', verb: 'reingested' },
};

/** What a message became, for the 409 of a second click: only held and rejected messages wait for an admin. */
async function assertWaiting(
  db: Ctx['db'],
  row: { id: number; status: InboundMessageStatus; ticket_id: number | null },
) {
  if (row.status === 'held' || row.status === 'rejected') return;
  const number = row.ticket_id === null ? null : await repo.ticketNumberOf(db, row.ticket_id);
  const where = number === null ? 'a ticket that was since deleted' : `ticket #${number}`;
  throw conflict(
    row.status === 'ticket'
      ? `Message ${row.id} already became ${where}`
      : `Message ${row.id} already became a comment in ${where}`,
    // Not `status`: details are spread into the problem body, whose status is the HTTP one.
    { messageStatus: row.status, ticketId: row.ticket_id },
  );
}

/** The stored original; only its header when it is over the size limit (it is never parsed then). */
async function readStoredRaw(
  ctx: Ctx,
  row: { id: number; raw_sha256: string | null },
  settings: InboundSettings,
): Promise<{ raw: Buffer; complete: boolean }> {
  const missing = () =>
    conflict(`The original of message ${row.id} is not in the mail store; it cannot be filed again`);
  if (!row.raw_sha256) throw missing();
  const { stream, size } = await openRaw(ctx, row.raw_sha256).catch(() => {
    throw missing();
  });
  const complete = size <= settings.maxBytes;
  const limit = complete ? size : 256 * 1024;
  const chunks: Buffer[] = [];
  let got = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      got += chunk.length;
      if (got >= limit) break;
    }
  } finally {
    stream.destroy();
  }
  return { raw: Buffer.concat(chunks), complete };
}

/**
 * Files a held or rejected message again at an admin's word, through the same steps as ingestion (the same
 * parsing, files, inline images, loop protections), into the message's own row: no second row, and its own
 * Message-ID does not make it a duplicate of itself. The status is checked again inside the transaction, so
 * of two clicks one files the message and the other is told what it became; nothing is posted twice.
 * The admin is named in the row's reason and in the ticket's history.
 */
export async function refileInbound(
  ctx: Ctx,
  id: number,
  action: RefileAction,
  settings: InboundSettings = defaultInboundSettings,
): Promise<void> {
  const by = ctx.actor;
  const row = await repo.findInbound(ctx.db, id);
  if (!row) throw notFound(`Inbound message ${id}`);
  await assertWaiting(ctx.db, row);

  const mailCtx: Ctx = { ...ctx, actor: mailActor() };
  const { raw, complete } = await readStoredRaw(ctx, row, settings);
  // The SMTP envelope is not stored: a message received as a bounce keeps the mark it got then.
  const headers = parseHeaderBlock(headerBlock(raw));
  const automatic = automaticReason(headers) ?? (row.automatic === 1 ? 'marked automatic when it was received' : null);
  const prepared = complete
    ? await prepareMessage(mailCtx, raw, settings)
    : await refusedFromHeaders(raw, tooLarge(row.raw_size, settings));
  if (!prepared.ok && action.kind !== 'reingest') throw conflict(`Message ${id} cannot be filed: ${prepared.reason}`);

  const { action: historyAction, verb } = refileVerbs[action.kind];
  const who = by.kind === 'agent' ? `${by.name} (agent ${by.id})` : by.name;
  await inTransaction(mailCtx, async (tx) => {
    const current = await repo.findInbound(tx.db, id);
    if (!current) throw notFound(`Inbound message ${id}`);
    await assertWaiting(tx.db, current);
    let decision: Decision;
    if (!prepared.ok) {
      decision = rejection(prepared.reason);
    } else {
      const input: DecideInput = {
        mail: prepared.mail,
        automatic,
        settings,
        receivedAt: current.received_at,
        counted: true,
      };
      // A held web-form submission files as the form would have: channel web_form, the form's service and
      // priority; released without a ticket to go into, it becomes the new ticket it was held from being.
      const terms = webFormTerms(current.source, headers);
      if (terms) input.terms = terms;
      const formName = current.source.slice(WEB_FORM_SOURCE.length);
      if (action.kind === 'release' && terms && action.ticketId === undefined && current.ticket_id === null)
        decision = await newTicketFor(tx, input, undefined);
      else if (action.kind === 'release') decision = await releaseInto(tx, input, current, action.ticketId);
      else if (action.kind === 'new_ticket') decision = await newTicketFor(tx, input, action.organizationId);
      else if (terms)
        decision = await placeWebSubmission(tx, input, { organizationId: null, holdUnknownDomains: true, formName });
      else decision = await decide(tx, input);
    }
    decision = { ...decision, reason: `${verb} by ${who}${decision.reason ? `: ${decision.reason}` : ''}` };
    const mail = prepared.ok ? prepared.mail : prepared;
    await writeOutcome(tx, { update: id, messageId: current.message_id }, mail, decision, automatic);
    if (decision.ticketId !== null && (decision.status === 'ticket' || decision.status === 'comment')) {
      const from = mail.sender.address ?? 'a sender without an address';
      await repo.insertHistoryLine(tx.db, {
        ticketId: decision.ticketId,
        agentId: agentId(by),
        at: tx.clock.now().toISOString(),
        action: historyAction,
        text: `inbound message ${id} from ${from} ${verb} by ${who}`,
      });
    }
  });
}

/** Release: the message becomes the sender's comment in the ticket; a sender the client does not have yet becomes its contact. */
async function releaseInto(
  tx: TxCtx,
  input: DecideInput,
  row: { id: number; ticket_id: number | null },
  ticketId: number | undefined,
): Promise<Decision> {
  const target = ticketId ?? row.ticket_id;
  if (target === null) {
    throw badRequest(
      `Message ${row.id} did not thread into any ticket; say which ticket to release it into (ticketId)`,
      { errors: [{ path: 'body.ticketId', message: 'is required for this message' }] },
    );
  }
  const catchAll = await catchAllOrganization(tx, input.settings, false);
  const p = await repo.ticketParticipants(tx.db, target, catchAll);
  if (!p)
    throw badRequest(`Ticket ${target} does not exist`, {
      errors: [{ path: 'body.ticketId', message: 'does not exist' }],
    });
  const { sender } = input.mail;
  const address = sender.address;
  const agent = address ? p.agents.find((a) => a.email.toLowerCase() === address) : undefined;
  let contactId = (address ? p.contacts.find((c) => c.email?.toLowerCase() === address)?.id : undefined) ?? null;
  let note = '';
  // The catch-all client's contacts would route the sender's next mail there as if it were a client: a
  // sender released into an unsorted ticket stays without a contact until an agent moves the ticket.
  if (
    !agent &&
    contactId === null &&
    address &&
    !p.senders.includes(address) &&
    p.ticket.organization_id !== catchAll
  ) {
    const created = await createContact({ ...tx, actor: mailActor() }, p.ticket.organization_id, {
      name: sender.name ?? address.split('@')[0]!,
      email: address,
    });
    contactId = created.id;
    note = `; new contact ${address} of the ticket's client`;
  }
  const commentId = await postMailComment(tx, p.ticket.id, {
    fresh: input.mail.fresh,
    automatic: input.automatic,
    contactId,
    agentId: agent?.id ?? null,
  });
  return { status: 'comment', reason: `into ticket #${p.ticket.number}${note}`, ticketId: p.ticket.id, commentId };
}

/** A new ticket: in the organization given (the sender its contact), else placed as ingestion places new mail. */
async function newTicketFor(tx: TxCtx, input: DecideInput, organizationId: number | undefined): Promise<Decision> {
  let placement: Placement;
  if (organizationId === undefined) {
    placement = await placeSender(tx, input.mail.sender, input.settings);
  } else {
    const org = await repo.findOrganizationName(tx.db, organizationId);
    if (!org)
      throw badRequest(`Organization ${organizationId} does not exist`, {
        errors: [{ path: 'body.organizationId', message: 'does not exist' }],
      });
    const unsorted = org.id === (await catchAllOrganization(tx, input.settings, false));
    const address = input.mail.sender.address;
    if (unsorted || !address) {
      placement = { organizationId: org.id, contactId: null, unsorted, note: `in ${org.name}` };
    } else {
      const existing = await repo.findContactInOrganization(tx.db, org.id, address);
      const contactId =
        existing?.id ??
        (
          await createContact({ ...tx, actor: mailActor() }, org.id, {
            name: input.mail.sender.name ?? address.split('@')[0]!,
            email: address,
          })
        ).id;
      placement = {
        organizationId: org.id,
        contactId,
        unsorted: false,
        note: existing ? `in ${org.name}` : `in ${org.name}; new contact ${address}`,
      };
    }
  }
  const ticketId = await openMailTicket(tx, input, placement);
  return { status: 'ticket', reason: placement.note, ticketId, commentId: null };
}
