import type { PortalRole, PortalVisibility, TicketStatus } from '../../db/schema.js';

/**
 * Which tickets a contact may see, as the repository's WHERE clause needs it: always the contact's own
 * organization, and — unless the organization lets them see every ticket — only tickets they requested.
 * Pure: no database, no HTTP.
 */
export interface TicketScope {
  organizationId: number;
  /** Only tickets whose requester is this contact; null: every ticket of the organization. */
  contactId: number | null;
}

export function ticketScope(
  contact: { id: number; organizationId: number; role: PortalRole },
  visibility: PortalVisibility,
): TicketScope {
  const wholeOrganization =
    visibility === 'organization' ||
    (visibility === 'chosen' && (contact.role === 'supervisor' || contact.role === 'billing'));
  return { organizationId: contact.organizationId, contactId: wholeOrganization ? null : contact.id };
}

const DAY_MS = 86_400_000;

/** Until when a resolved or closed ticket may be reopened by its client (null: it is not finished). */
export function reopenUntil(
  ticket: { status: TicketStatus; resolvedAt: string | null; closedAt: string | null },
  reopenDays: number,
): string | null {
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') return null;
  const finished = ticket.resolvedAt ?? ticket.closedAt;
  if (!finished) return null;
  return new Date(Date.parse(finished) + reopenDays * DAY_MS).toISOString();
}

/** What the client may do with a ticket now: the buttons the portal shows and the refusals it answers. */
export function ticketActions(
  ticket: { status: TicketStatus; resolvedAt: string | null; closedAt: string | null },
  reopenDays: number,
  now: Date,
) {
  const until = reopenUntil(ticket, reopenDays);
  return {
    canReply: ticket.status !== 'closed',
    canClose: ticket.status !== 'closed',
    canReopen: until !== null && now.toISOString() <= until,
    reopenUntil: until,
  };
}

/** Statuses of the list's `open` tab (everything not finished) and `closed` tab. */
export const finishedStatuses: TicketStatus[] = ['resolved', 'closed'];
export const unfinishedStatuses: TicketStatus[] = ['new', 'open', 'in_progress', 'waiting_for_client', 'on_approval'];
