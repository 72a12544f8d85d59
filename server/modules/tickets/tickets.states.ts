import type { TicketStatus } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';

export const ticketStatuses: TicketStatus[] = [
  'new',
  'open',
  'in_progress',
  'waiting_for_client',
  'on_approval',
  'resolved',
  'closed',
];

/**
 * The ticket workflow as data: from → the statuses it may move to. Reopening is resolved/closed → open.
 * Checked in one place (assertTransition); the UI offers exactly these moves.
 */
export const ticketTransitions: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'in_progress', 'waiting_for_client', 'on_approval', 'resolved', 'closed'],
  open: ['in_progress', 'waiting_for_client', 'on_approval', 'resolved', 'closed'],
  in_progress: ['open', 'waiting_for_client', 'on_approval', 'resolved', 'closed'],
  waiting_for_client: ['open', 'in_progress', 'on_approval', 'resolved', 'closed'],
  on_approval: ['open', 'in_progress', 'waiting_for_client', 'resolved', 'closed'],
  resolved: ['closed', 'open', 'in_progress'],
  closed: ['open'],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return ticketTransitions[from].includes(to);
}

export function assertTransition(from: TicketStatus, to: TicketStatus): void {
  if (from === to) return;
  if (!canTransition(from, to)) {
    throw new AppError(
      409,
      'invalid_transition',
      `A ticket in status "${from}" cannot move to "${to}"; allowed: ${ticketTransitions[from].join(', ')}`,
      {
        allowed: ticketTransitions[from],
      },
    );
  }
}

/** Statuses in which the ticket is still work to do (the queue's "open" filter). */
export const activeStatuses: TicketStatus[] = ['new', 'open', 'in_progress', 'waiting_for_client', 'on_approval'];
