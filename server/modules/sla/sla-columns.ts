// The SLA module owns these columns of a ticket: only its repository writes them; anyone may read them.

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
