import type { Ctx, TxCtx } from '../../context.js';
import { agentId, inTransaction } from '../../context.js';
import type { TicketLinkKind } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import * as repo from './tickets.repository.js';
import * as links from './ticket-links.repository.js';

export const linkKinds: readonly TicketLinkKind[] = ['duplicate_of', 'related', 'parent_of', 'child_of'];

/** How a link reads from the other end: A parent_of B is B child_of A; A duplicate_of B is B duplicated_by A. */
export const reverseKind = {
  duplicate_of: 'duplicated_by',
  related: 'related',
  parent_of: 'child_of',
  child_of: 'parent_of',
} as const;
export type LinkView = TicketLinkKind | 'duplicated_by';

/** The link as this ticket sees it (pure: no DB). */
export function linkAsSeenFrom(ticketId: number, link: { ticket_id: number; kind: TicketLinkKind }): LinkView {
  return link.ticket_id === ticketId ? link.kind : reverseKind[link.kind];
}

async function ticketOrNotFound(tx: TxCtx, id: number) {
  const ticket = await repo.findTicket(tx.db, id);
  if (!ticket) throw notFound(`Ticket ${id}`);
  return ticket;
}

/** Writes a link with a history line on both tickets; used by linking and by merging. */
export async function writeLink(tx: TxCtx, fromId: number, toId: number, kind: TicketLinkKind) {
  if (fromId === toId) throw badRequest('A ticket cannot be linked to itself');
  const [from, to] = [await ticketOrNotFound(tx, fromId), await ticketOrNotFound(tx, toId)];
  const existing = await links.findLinkBetween(tx.db, fromId, toId);
  if (existing)
    throw conflict(
      `Tickets #${from.number} and #${to.number} are already linked (${linkAsSeenFrom(fromId, existing)}); remove that link first`,
    );
  const now = tx.clock.now().toISOString();
  const { id } = await links.insertLink(tx.db, {
    ticket_id: fromId,
    linked_ticket_id: toId,
    kind,
    created_by_agent_id: agentId(tx.actor),
    created_at: now,
  });
  const line = (ticketId: number, seen: LinkView, other: number) => ({
    ticket_id: ticketId,
    actor_agent_id: agentId(tx.actor),
    at: now,
    action: 'linked',
    field: seen,
    old_value: null,
    new_value: `#${other}`,
  });
  await repo.insertHistory(tx.db, [line(fromId, kind, to.number), line(toId, reverseKind[kind], from.number)]);
  return id;
}

export async function linkTickets(ctx: Ctx, ticketId: number, input: { ticketId: number; kind: TicketLinkKind }) {
  authorize(ctx.actor, 'ticket.update');
  await inTransaction(ctx, (tx) => writeLink(tx, ticketId, input.ticketId, input.kind));
  return listLinks(ctx, ticketId);
}

export async function listLinks(ctx: Ctx, ticketId: number) {
  authorize(ctx.actor, 'ticket.read');
  if (!(await repo.findTicket(ctx.db, ticketId))) throw notFound(`Ticket ${ticketId}`);
  const rows = await links.listLinksOf(ctx.db, ticketId);
  return rows.map((r) => ({
    id: r.id,
    kind: linkAsSeenFrom(ticketId, r),
    ticket: { id: r.other_id, number: r.other_number, subject: r.other_subject, status: r.other_status },
    createdAt: r.created_at,
  }));
}

export async function unlinkTickets(ctx: Ctx, ticketId: number, linkId: number) {
  authorize(ctx.actor, 'ticket.update');
  await inTransaction(ctx, async (tx) => {
    const link = await links.findLink(tx.db, linkId);
    if (!link || (link.ticket_id !== ticketId && link.linked_ticket_id !== ticketId))
      throw notFound(`Link ${linkId} of ticket ${ticketId}`);
    const [a, b] = [await ticketOrNotFound(tx, link.ticket_id), await ticketOrNotFound(tx, link.linked_ticket_id)];
    await links.deleteLink(tx.db, linkId);
    const now = tx.clock.now().toISOString();
    const line = (ticketId: number, seen: LinkView, other: number) => ({
      ticket_id: ticketId,
      actor_agent_id: agentId(tx.actor),
      at: now,
      action: 'unlinked',
      field: seen,
      old_value: `#${other}`,
      new_value: null,
    });
    await repo.insertHistory(tx.db, [line(a.id, link.kind, b.number), line(b.id, reverseKind[link.kind], a.number)]);
  });
}
