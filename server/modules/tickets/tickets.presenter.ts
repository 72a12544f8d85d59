import { OrNull } from '../../http/types.js';
import { Type, type Static } from '@sinclair/typebox';
import { parseTags } from '../../shared/pagination.js';
import type { TicketRow } from './tickets.repository.js';
import { ticketTransitions } from './tickets.states.js';
import type { Comment, TicketHistory } from '../../db/schema.js';
import type { LiveSla } from '../sla/index.js';

export const TicketSchema = Type.Object(
  {
    id: Type.Integer(),
    number: Type.Integer(),
    subject: Type.String(),
    description: Type.String(),
    type: Type.String(),
    priority: Type.String(),
    status: Type.String(),
    allowedStatuses: Type.Array(Type.String()),
    organizationId: Type.Integer(),
    organizationName: Type.String(),
    contactId: OrNull.Integer(),
    contactName: OrNull.String(),
    assigneeId: OrNull.Integer(),
    assigneeName: OrNull.String(),
    teamId: OrNull.Integer(),
    channel: Type.String(),
    tags: Type.Array(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    resolvedAt: OrNull.String(),
    closedAt: OrNull.String(),
    serviceId: OrNull.Integer(),
    agreementId: OrNull.Integer(),
    slaState: Type.Union([
      Type.Literal('ok'),
      Type.Literal('warning'),
      Type.Literal('breached'),
      Type.Literal('paused'),
      Type.Literal('none'),
    ]),
    reactionDue: OrNull.String(),
    resolutionDue: OrNull.String(),
    manualDeadline: Type.Boolean(),
    deadlineReason: OrNull.String(),
    firstResponseAt: OrNull.String(),
    pausedMinutes: Type.Integer(),
    reactionBreachedAt: OrNull.String(),
    resolutionBreachedAt: OrNull.String(),
    /** Business minutes left to the pending deadline (negative: overdue); only where computed (queue, ticket). */
    slaRemainingMinutes: Type.Optional(OrNull.Integer()),
  },
  { additionalProperties: false },
);
export type TicketView = Static<typeof TicketSchema>;

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** `live`: the SLA as of now (queue and ticket reads); without it the stored state is shown. */
export function presentTicket(t: TicketRow, live?: LiveSla | null): TicketView {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    description: t.description,
    type: t.type,
    priority: t.priority,
    status: t.status,
    allowedStatuses: [...ticketTransitions[t.status]],
    organizationId: t.organization_id,
    organizationName: t.organization_name,
    contactId: t.contact_id,
    contactName: t.contact_name,
    assigneeId: t.assignee_id,
    assigneeName: t.assignee_name,
    teamId: t.team_id,
    channel: t.channel,
    tags: parseTags(t.tags),
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    resolvedAt: t.resolved_at,
    closedAt: t.closed_at,
    serviceId: t.service_id,
    agreementId: t.agreement_id,
    slaState: live?.state ?? t.sla_state ?? 'none',
    reactionDue: isoOrNull(t.reaction_due),
    resolutionDue: isoOrNull(t.resolution_due),
    manualDeadline: t.manual_resolution_due !== null,
    deadlineReason: t.deadline_reason,
    firstResponseAt: t.first_response_at,
    pausedMinutes: t.paused_minutes ?? 0,
    reactionBreachedAt: live ? live.reactionBreachedAt : t.reaction_breached_at,
    resolutionBreachedAt: live ? live.resolutionBreachedAt : t.resolution_breached_at,
    ...(live !== undefined && { slaRemainingMinutes: live?.remainingMinutes ?? null }),
  };
}

export const CommentSchema = Type.Object({
  id: Type.Integer(),
  ticketId: Type.Integer(),
  body: Type.String(),
  public: Type.Boolean(),
  author: Type.Object({ kind: Type.String(), id: OrNull.Integer(), name: OrNull.String() }),
  /** How the message came in: agent, phone, email, portal, web_form, api. */
  channel: Type.String(),
  cc: Type.Array(Type.String()),
  createdAt: Type.String(),
});

export function presentComment(
  c: Comment & { agent_name?: string | null; contact_name?: string | null },
): Static<typeof CommentSchema> {
  const author =
    c.author_agent_id !== null
      ? { kind: 'agent', id: c.author_agent_id, name: c.agent_name ?? null }
      : c.author_contact_id !== null
        ? { kind: 'contact', id: c.author_contact_id, name: c.contact_name ?? null }
        : { kind: 'system', id: null, name: null };
  // Rows written before channels were stored: a client's message then came by mail, an agent's from the desk.
  const channel = c.channel ?? (c.author_agent_id !== null ? 'agent' : 'email');
  return {
    id: c.id,
    ticketId: c.ticket_id,
    body: c.body,
    public: c.public === 1,
    author,
    channel,
    cc: c.cc ? (JSON.parse(c.cc) as string[]) : [],
    createdAt: c.created_at,
  };
}

export const HistorySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  action: Type.String(),
  field: OrNull.String(),
  from: OrNull.String(),
  to: OrNull.String(),
  actor: Type.Union([Type.Object({ id: Type.Integer(), name: OrNull.String() }), Type.Null()]),
});

export function presentHistory(
  h: Pick<TicketHistory, 'id' | 'at' | 'action' | 'field' | 'old_value' | 'new_value' | 'actor_agent_id'> & {
    actor_name: string | null;
  },
): Static<typeof HistorySchema> {
  return {
    id: h.id,
    at: h.at,
    action: h.action,
    field: h.field,
    from: h.old_value,
    to: h.new_value,
    actor: h.actor_agent_id !== null ? { id: h.actor_agent_id, name: h.actor_name } : null,
  };
}
