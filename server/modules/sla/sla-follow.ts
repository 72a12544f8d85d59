import type { TxCtx } from '../../context.js';
import type { TicketStatus, TicketType } from '../../db/schema.js';
import type { DomainEventMap } from '../../events/domain-events.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { CLOCK_STOPPED, computeSla, type SlaTerms } from './sla-clock.js';
import { emitEvents } from './sla-events.js';
import { agreementClock, factsOf, NO_SLA, slaPatch } from './sla-rows.js';
import * as repo from './sla.repository.js';
import { slaTermsChanged } from './terms-cache.js';

// How a ticket's SLA follows what happens to it and to its agreement: the subscribers wired in
// server/wiring.ts, and the recomputations they share.

/** The clock stops or resumes with the status; a new deadline, agreement, priority or type recomputes it. */
export async function followTicketChange(tx: TxCtx, e: DomainEventMap['ticket.updated']): Promise<void> {
  if (e.status) await onStatusChange(tx, e.ticketId, e.status.from, e.status.to);
  if (e.manualDeadline)
    await setManualDeadline(tx, { id: e.ticketId, type: e.type }, e.manualDeadline.due, e.manualDeadline.reason);
  if (e.agreementId !== undefined) await changeAgreement(tx, e.ticketId, e.organizationId, e.agreementId);
  else if (e.changes.some((c) => c.field === 'priority' || c.field === 'type')) await recomputeTicket(tx, e.ticketId);
}

export const followTicketReply = (tx: TxCtx, e: DomainEventMap['comment.added']): Promise<void> =>
  onReply(tx, e.ticketId, { public: e.public, byAgent: e.byAgent });

/** Open tickets follow their agreement's terms: a changed SLA matrix, calendar or warning share recomputes them. */
export async function followAgreementTerms(tx: TxCtx, e: DomainEventMap['agreement.terms_changed']): Promise<void> {
  slaTermsChanged(tx);
  await recomputeAgreementTickets(tx, e.agreementId);
}

/** Which agreement a new ticket gets depends on the agreements' statuses. */
export async function followAgreementStatus(tx: TxCtx): Promise<void> {
  slaTermsChanged(tx);
}

/** New tickets use the new hours (open tickets keep the deadlines they were given). */
export async function followCalendarChange(tx: TxCtx): Promise<void> {
  slaTermsChanged(tx);
}

/**
 * Recomputes a ticket's SLA from its own history (creation, pauses, first response) under its current
 * agreement, priority and type, stores it and emits warning/breach events for what newly happened.
 */
export async function recomputeTicket(tx: TxCtx, ticketId: number): Promise<void> {
  const row = (await repo.ticketSla(tx.db, ticketId))!;
  const now = tx.clock.now().getTime();
  if (row.agreement_id === null) {
    await repo.updateSla(tx.db, ticketId, { ...NO_SLA, paused_minutes: row.paused_minutes ?? 0 });
    return;
  }
  const { agreement, calendar, warningPercent } = await agreementClock(tx, row.agreement_id);
  const target = await repo.findTarget(tx.db, agreement.id, row.priority, row.type);
  const terms: SlaTerms = {
    calendar,
    reactionMinutes: target?.reaction_minutes ?? null,
    resolutionMinutes: target?.resolution_minutes ?? null,
    warningPercent,
  };
  // Terms may have changed: deadlines are computed again under them; breaches that happened stay recorded.
  const facts = factsOf(row, (await repo.pausesOf(tx.db, [ticketId])).get(ticketId) ?? []);
  const snap = computeSla(terms, facts, now);
  await repo.updateSla(tx.db, ticketId, {
    reaction_minutes: terms.reactionMinutes,
    resolution_minutes: terms.resolutionMinutes,
    ...slaPatch(snap),
  });
  await emitEvents(tx, row, snap, { calendar, managerId: agreement.manager_id });
}

/** The clock stops and starts with the status (waiting for the client; resolved or closed until reopened). */
export async function onStatusChange(tx: TxCtx, ticketId: number, from: TicketStatus, to: TicketStatus): Promise<void> {
  const now = tx.clock.now().getTime();
  const wasStopped = CLOCK_STOPPED.has(from);
  const stops = CLOCK_STOPPED.has(to);
  if (!wasStopped && stops) {
    await repo.openPause(tx.db, ticketId, now);
    await repo.updateSla(tx.db, ticketId, { paused_since: now });
  } else if (wasStopped && !stops) {
    await repo.closePause(tx.db, ticketId, now);
    await repo.updateSla(tx.db, ticketId, { paused_since: null });
  }
  await recomputeTicket(tx, ticketId);
}

/** The first public reply of an agent meets the reaction target. */
export async function onReply(
  tx: TxCtx,
  ticketId: number,
  reply: { public: boolean; byAgent: boolean },
): Promise<void> {
  if (!reply.public || !reply.byAgent) return;
  const row = await repo.ticketSla(tx.db, ticketId);
  if (!row || row.first_response_at !== null) return;
  await repo.updateSla(tx.db, ticketId, { first_response_at: tx.clock.now().toISOString() });
  await recomputeTicket(tx, ticketId);
}

/** Moves a ticket to another agreement (or none) and recomputes; the agreement must be one of its organization. */
export async function changeAgreement(
  tx: TxCtx,
  ticketId: number,
  organizationId: number,
  agreementId: number | null,
): Promise<void> {
  if (agreementId !== null) {
    const agreement = await repo.agreementTerms(tx.db, agreementId);
    if (!agreement || agreement.organization_id !== organizationId) {
      throw badRequest(`Agreement ${agreementId} is not an agreement of this ticket's organization`, {
        errors: [{ path: 'body.agreementId', message: 'is not an agreement of the organization' }],
      });
    }
    if (agreement.status !== 'active') {
      throw badRequest(
        `Agreement ${agreement.number} is ${agreement.status}: a ticket can be moved only under an active agreement`,
        { errors: [{ path: 'body.agreementId', message: `is ${agreement.status}` }] },
      );
    }
  }
  // Chosen by a person now, not by the rules: the ticket says so instead of a reason that no longer holds.
  await repo.updateSla(tx.db, ticketId, { agreement_id: agreementId, agreement_reason: 'manual' });
  await recomputeTicket(tx, ticketId);
}

/** A manual resolution deadline, with its reason; never for incidents (they follow the agreement). */
export async function setManualDeadline(
  tx: TxCtx,
  ticket: { id: number; type: TicketType },
  due: string | null,
  reason: string | undefined,
): Promise<void> {
  if (ticket.type === 'incident')
    throw new AppError(
      422,
      'manual_deadline_not_allowed',
      'Incidents follow the agreement’s SLA: their deadline cannot be set by hand',
    );
  let dueMs: number | null = null;
  if (due !== null) {
    dueMs = Date.parse(due);
    if (!/(Z|[+-]\d{2}:\d{2})$/.test(due) || Number.isNaN(dueMs))
      throw badRequest(`resolutionDue "${due}" must be an ISO 8601 time with a zone`, {
        errors: [{ path: 'body.resolutionDue', message: 'must be an ISO time with a zone' }],
      });
    if (!reason?.trim())
      throw badRequest('A manual deadline needs a reason (deadlineReason)', {
        errors: [{ path: 'body.deadlineReason', message: 'is required with resolutionDue' }],
      });
  }
  await repo.updateSla(tx.db, ticket.id, {
    manual_resolution_due: dueMs,
    deadline_reason: due === null ? null : reason!.trim(),
  });
  await recomputeTicket(tx, ticket.id);
}

/** Recomputes every open ticket of an agreement (its targets, calendar or warning share changed). */
export async function recomputeAgreementTickets(tx: TxCtx, agreementId: number): Promise<number> {
  const ids = await repo.openTicketIdsOfAgreement(tx.db, agreementId);
  for (const id of ids) await recomputeTicket(tx, id);
  return ids.length;
}
