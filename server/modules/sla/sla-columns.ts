// The SLA module owns these columns of a ticket: their values come only from it (a new ticket's from
// slaForNewTicket, written with the ticket's own insert; every later change by its repository), anyone may
// read them.

/** What a new ticket's SLA sets: written in the same insert as the ticket (an update after it cost an eighth of
 * ticket creation's speed). */
export const newTicketSlaColumns = [
  'service_id',
  'agreement_id',
  'reaction_minutes',
  'resolution_minutes',
  'reaction_due',
  'resolution_due',
  'sla_state',
  'paused_minutes',
  'sla_next_check',
  'sla_order',
  // Why the agreement was chosen (warranty or paid, see agreement-choice.ts).
  'agreement_reason',
] as const;

/** The SLA columns of a ticket, as selected wherever a ticket is read. */
export const slaSelectColumns = [
  'tickets.service_id',
  'tickets.agreement_id',
  'tickets.reaction_minutes',
  'tickets.resolution_minutes',
  'tickets.reaction_due',
  'tickets.resolution_due',
  'tickets.manual_resolution_due',
  'tickets.deadline_reason',
  'tickets.first_response_at',
  'tickets.sla_state',
  'tickets.paused_since',
  'tickets.paused_minutes',
  'tickets.reaction_breached_at',
  'tickets.resolution_breached_at',
  'tickets.sla_warned_at',
  'tickets.sla_next_check',
] as const;
