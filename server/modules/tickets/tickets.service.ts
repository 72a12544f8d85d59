import type { Ctx, TxCtx } from '../../context.js';
import { agentId, inTransaction } from '../../context.js';
import type { TicketChannel, TicketPriority, TicketStatus, TicketType, TicketTable } from '../../db/schema.js';
import type { Updateable } from 'kysely';
import { badRequest, notFound } from '../../shared/errors.js';
import { decodeCursor, normalizeTags, pageOf, parseTags } from '../../shared/pagination.js';
import { authorize } from '../auth/index.js';
import { contactOrganizationId, organizationExists } from '../organizations/index.js';
import { isActiveAgent } from '../agents/index.js';
import { assertAssignableTeam } from '../teams/index.js';
import * as repo from './tickets.repository.js';
import { indexBeforeSearch } from '../search/index.js';
import { assertTransition } from './tickets.states.js';
import { liveSla, liveSlaFor, slaForNewTicket } from '../sla/index.js';
import { publish } from '../../events/event-bus.js';
import type { FieldChange } from '../../events/domain-events.js';
import { dialectOf, isForeignKeyViolation } from '../../db/dialect.js';

export interface CreateTicketInput {
  subject: string;
  description: string;
  organizationId: number;
  contactId?: number | null;
  assigneeId?: number | null;
  teamId?: number | null;
  type: TicketType;
  priority: TicketPriority;
  channel?: TicketChannel;
  tags?: string[];
  serviceId?: number | null;
}

export type { FieldChange };

async function checkRefs(
  tx: Ctx,
  input: { organizationId: number; contactId?: number | null; assigneeId?: number | null },
) {
  if (!(await organizationExists(tx, input.organizationId))) {
    throw badRequest(`Organization ${input.organizationId} does not exist`, {
      errors: [{ path: 'body.organizationId', message: 'does not exist' }],
    });
  }
  if (input.contactId != null) {
    if ((await contactOrganizationId(tx, input.contactId)) !== input.organizationId) {
      throw badRequest(`Contact ${input.contactId} is not a contact of organization ${input.organizationId}`, {
        errors: [{ path: 'body.contactId', message: 'is not a contact of this organization' }],
      });
    }
  }
  if (input.assigneeId != null) {
    if (!(await isActiveAgent(tx, input.assigneeId))) {
      throw badRequest(`Agent ${input.assigneeId} does not exist or is not active`, {
        errors: [{ path: 'body.assigneeId', message: 'is not an active agent' }],
      });
    }
  }
}

const isForeignKeyError = isForeignKeyViolation;

export async function createTicket(ctx: Ctx, input: CreateTicketInput) {
  authorize(ctx.actor, 'ticket.create');
  return inTransaction(ctx, async (tx) => {
    // The organization is checked by its foreign key (one query less on the busiest write); contact and
    // assignee need more than existence, so they are looked up.
    if (input.contactId != null || input.assigneeId != null) await checkRefs(tx, input);
    if (input.teamId != null) await assertAssignableTeam(tx.db, input.teamId);
    const at = ctx.clock.now();
    const now = at.toISOString();
    const channel = input.channel ?? (ctx.actor.kind === 'agent' ? 'agent' : 'api');
    // Its agreement, targets and first deadlines come from the SLA module (which may refuse a client without one).
    const sla = await slaForNewTicket(tx, {
      organizationId: input.organizationId,
      serviceId: input.serviceId ?? null,
      type: input.type,
      priority: input.priority,
      channel,
      contactId: input.contactId ?? null,
      createdAt: at.getTime(),
    });
    const row = {
      subject: input.subject.trim(),
      description: input.description,
      type: input.type,
      priority: input.priority,
      status: 'new' as const,
      organization_id: input.organizationId,
      contact_id: input.contactId ?? null,
      assignee_id: input.assigneeId ?? null,
      team_id: input.teamId ?? null,
      channel,
      tags: normalizeTags([...(input.tags ?? []), ...sla.tags]),
      created_by_agent_id: agentId(ctx.actor),
      created_at: now,
      updated_at: now,
      ...sla.columns,
    };
    // Its "created" line of history is written by the same statement (trigger tickets_history_created).
    const { id, number } = await repo.insertTicket(tx.db, row).catch(async (err) => {
      // names the missing reference; PostgreSQL ended this transaction with the error, so it reads through the pool
      if (isForeignKeyError(err)) await checkRefs(dialectOf(tx.db) === 'postgres' ? ctx : tx, input);
      throw err;
    });
    await publish(tx, 'ticket.created', {
      ticketId: id,
      number,
      organizationId: input.organizationId,
      contactId: row.contact_id,
      assigneeId: row.assignee_id,
      teamId: row.team_id,
      serviceId: input.serviceId ?? null,
      type: row.type,
      priority: row.priority,
      channel,
      agreementTier: sla.tier,
    });
    // Read back inside the transaction, after the subscribers (duty routing may have assigned it): a read after
    // it would wait for the connection behind the next batch's transaction, one batch longer per request.
    return (await repo.findTicket(tx.db, id))!;
  });
}

export async function getTicket(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'ticket.read');
  const ticket = await repo.findTicket(ctx.db, id);
  if (!ticket || (ctx.actor.kind === 'contact' && ticket.organization_id !== ctx.actor.organizationId))
    throw notFound(`Ticket ${id}`);
  return ticket;
}

export interface UpdateTicketInput {
  agreementId?: number | null;
  /** A manual resolution deadline (ISO with zone) with its reason; null removes it. Not for incidents. */
  resolutionDue?: string | null;
  deadlineReason?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  type?: TicketType;
  assigneeId?: number | null;
  teamId?: number | null;
  contactId?: number | null;
  subject?: string;
  tags?: string[];
}

export async function updateTicket(ctx: Ctx, id: number, input: UpdateTicketInput) {
  authorize(ctx.actor, 'ticket.update');
  await inTransaction(ctx, async (tx) => {
    const current = await repo.findTicket(tx.db, id);
    if (!current) throw notFound(`Ticket ${id}`);
    const now = ctx.clock.now().toISOString();
    const patch: Updateable<TicketTable> = {};
    const changes: FieldChange[] = [];
    const change = <K extends keyof TicketTable>(
      field: string,
      column: K,
      from: unknown,
      to: unknown,
      value: Updateable<TicketTable>[K],
    ) => {
      if (from === to) return;
      (patch as Record<string, unknown>)[column] = value;
      changes.push({
        field,
        from: from === null || from === undefined ? null : String(from),
        to: to === null || to === undefined ? null : String(to),
      });
    };
    if (input.status !== undefined && input.status !== current.status) {
      assertTransition(current.status, input.status);
      change('status', 'status', current.status, input.status, input.status);
      if (input.status === 'resolved') patch.resolved_at = now;
      if (input.status === 'closed') patch.closed_at = now;
      if (input.status === 'open' || input.status === 'in_progress') {
        if (current.resolved_at) patch.resolved_at = null;
        if (current.closed_at) patch.closed_at = null;
      }
    }
    if (input.assigneeId !== undefined) {
      if (input.assigneeId !== null)
        await checkRefs(tx, { organizationId: current.organization_id, assigneeId: input.assigneeId });
      change('assigneeId', 'assignee_id', current.assignee_id, input.assigneeId, input.assigneeId);
    }
    if (input.teamId !== undefined && input.teamId !== current.team_id) {
      if (input.teamId !== null) await assertAssignableTeam(tx.db, input.teamId);
      change('teamId', 'team_id', current.team_id, input.teamId, input.teamId);
    }
    if (input.contactId !== undefined) {
      if (input.contactId !== null)
        await checkRefs(tx, { organizationId: current.organization_id, contactId: input.contactId });
      change('contactId', 'contact_id', current.contact_id, input.contactId, input.contactId);
    }
    if (input.priority !== undefined) change('priority', 'priority', current.priority, input.priority, input.priority);
    if (input.type !== undefined) change('type', 'type', current.type, input.type, input.type);
    if (input.subject !== undefined)
      change('subject', 'subject', current.subject, input.subject.trim(), input.subject.trim());
    if (input.tags !== undefined) {
      const tags = normalizeTags(input.tags);
      change('tags', 'tags', parseTags(current.tags).join(', '), parseTags(tags).join(', '), tags);
    }
    const agreementChanged = input.agreementId !== undefined && input.agreementId !== current.agreement_id;
    if (agreementChanged)
      changes.push({
        field: 'agreementId',
        from: current.agreement_id === null ? null : String(current.agreement_id),
        to: input.agreementId === null ? null : String(input.agreementId),
      });
    const deadlineChanged =
      input.resolutionDue !== undefined &&
      (input.resolutionDue === null
        ? current.manual_resolution_due !== null
        : Date.parse(input.resolutionDue) !== current.manual_resolution_due);
    if (deadlineChanged) {
      const from =
        current.manual_resolution_due === null ? null : new Date(current.manual_resolution_due).toISOString();
      changes.push({
        field: 'resolutionDue',
        from,
        to: input.resolutionDue === null ? null : `${input.resolutionDue} (${input.deadlineReason?.trim() ?? ''})`,
      });
    }
    if (changes.length === 0) return;
    patch.updated_at = now;
    await repo.updateTicket(tx.db, id, patch);
    await repo.insertHistory(
      tx.db,
      changes.map((c) => ({
        ticket_id: id,
        actor_agent_id: agentId(ctx.actor),
        at: now,
        action: 'changed',
        field: c.field,
        old_value: c.from,
        new_value: c.to,
      })),
    );
    // The SLA follows (clock stops or resumes, terms recompute) and the people the rules name hear of it.
    await publish(tx, 'ticket.updated', {
      ticketId: id,
      organizationId: current.organization_id,
      type: input.type ?? current.type,
      changes,
      ...(input.status !== undefined && input.status !== current.status
        ? { status: { from: current.status, to: input.status } }
        : {}),
      ...(agreementChanged ? { agreementId: input.agreementId! } : {}),
      ...(deadlineChanged ? { manualDeadline: { due: input.resolutionDue!, reason: input.deadlineReason } } : {}),
    });
  });
  return (await repo.findTicket(ctx.db, id))!;
}

export interface QueueQuery extends repo.QueueFilter {
  sort: repo.QueueSort;
  limit: number;
  cursor?: string;
}

export async function listQueue(ctx: Ctx, query: QueueQuery) {
  authorize(ctx.actor, 'ticket.read');
  const filter: repo.QueueFilter = { ...query };
  if (ctx.actor.kind === 'contact') filter.organizationId = ctx.actor.organizationId;
  if (filter.text) await indexBeforeSearch(ctx);
  const rows = await repo.listQueue(ctx.db, filter, {
    sort: query.sort,
    limit: query.limit,
    after: decodeCursor(query.cursor),
  });
  const page = pageOf(rows, query.limit, (row) => repo.sortKeyOf(query.sort, row));
  return { ...page, live: await liveSlaFor(ctx, page.items) };
}

/** A ticket with its live SLA: the countdown, and the state as of now rather than as of the last sweep. */
export async function getTicketWithSla(ctx: Ctx, id: number) {
  const ticket = await getTicket(ctx, id);
  return { ticket, live: (await liveSlaFor(ctx, [ticket])).get(id) ?? null };
}

/** The SLA panel: countdown, pause, and why the deadline is what it is. */
export async function getTicketSla(ctx: Ctx, id: number, opts: { explain?: boolean }) {
  await getTicket(ctx, id);
  return liveSla(ctx, id, opts);
}

export interface CommentInput {
  body: string;
  public: boolean;
  /** Addresses a public reply is copied to. */
  cc?: string[];
  /** Agents @mentioned in the text: they are told through the `mentioned` notification rule. */
  mentionIds?: number[];
  /** An agent may record a phone call; otherwise the channel follows who writes. */
  channel?: 'agent' | 'phone';
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** CC addresses trimmed, checked and de-duplicated: a typo must be refused, not bounce later unseen. */
function ccAddresses(input: CommentInput): string[] {
  const cc = [...new Set((input.cc ?? []).map((a) => a.trim().toLowerCase()).filter(Boolean))];
  if (cc.length && !input.public)
    throw badRequest('CC is only for public replies: an internal note never leaves the desk');
  const bad = cc.filter((a) => !EMAIL.test(a));
  if (bad.length) throw badRequest(`Not an e-mail address: ${bad.join(', ')}`, { field: 'cc' });
  return cc;
}

function commentChannel(ctx: Ctx, input: CommentInput): TicketChannel {
  if (ctx.actor.kind === 'contact') return 'portal';
  if (ctx.actor.kind === 'system') return 'email';
  return input.channel ?? 'agent';
}

export async function addComment(ctx: Ctx, ticketId: number, input: CommentInput) {
  authorize(ctx.actor, input.public ? 'ticket.comment' : 'ticket.internal_note');
  if (!input.body.trim()) throw badRequest('The comment is empty');
  const cc = ccAddresses(input);
  const mentionIds = [...new Set(input.mentionIds ?? [])];
  if (mentionIds.length && ctx.actor.kind !== 'agent') throw badRequest('Only agents can mention agents');
  return inTransaction(ctx, async (tx) => {
    const ticket = await repo.findTicket(tx.db, ticketId);
    if (!ticket) throw notFound(`Ticket ${ticketId}`);
    const now = ctx.clock.now().toISOString();
    const comment = await repo.insertComment(tx.db, {
      ticket_id: ticketId,
      author_agent_id: agentId(ctx.actor),
      author_contact_id: ctx.actor.kind === 'contact' ? ctx.actor.id : null,
      body: input.body,
      public: input.public ? 1 : 0,
      created_at: now,
      cc: cc.length ? JSON.stringify(cc) : null,
      channel: commentChannel(ctx, input),
    });
    await repo.updateTicket(tx.db, ticketId, { updated_at: now });
    await repo.insertHistory(tx.db, [
      {
        ticket_id: ticketId,
        actor_agent_id: agentId(ctx.actor),
        at: now,
        action: input.public ? 'replied' : 'noted',
        field: null,
        old_value: null,
        new_value: String(comment.id),
      },
    ]);
    await publish(tx, 'comment.added', {
      ticketId,
      commentId: comment.id,
      public: input.public,
      byAgent: ctx.actor.kind === 'agent',
    });
    if (mentionIds.length) {
      for (const id of mentionIds)
        if (!(await isActiveAgent(tx, id))) throw badRequest(`Agent ${id} cannot be mentioned: no such active agent`);
      await publish(tx, 'agent.mentioned', { ticketId, commentId: comment.id, agentIds: mentionIds });
    }
    return comment;
  });
}

export async function listComments(ctx: Ctx, ticketId: number) {
  await getTicket(ctx, ticketId);
  return repo.listComments(ctx.db, ticketId, { publicOnly: ctx.actor.kind === 'contact' });
}

export async function getHistory(ctx: Ctx, ticketId: number) {
  await getTicket(ctx, ticketId);
  return repo.listHistory(ctx.db, ticketId);
}

/**
 * Names who wrote a comment that a machine posted on their behalf (mail intake posts as the mail actor, then
 * credits the contact or agent who sent the message).
 */
export async function attributeComment(
  tx: TxCtx,
  commentId: number,
  author: { contactId: number | null; agentId: number | null },
): Promise<void> {
  await repo.updateCommentAuthor(tx.db, commentId, author);
}
