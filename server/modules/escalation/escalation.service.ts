import type { Ctx, TxCtx } from '../../context.js';
import { agentId, inTransaction, systemActor } from '../../context.js';
import type { AgreementTier } from '../../db/schema.js';
import type { DomainEventMap } from '../../events/domain-events.js';
import { publish } from '../../events/event-bus.js';
import { badRequest, conflict, forbidden, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { enqueue } from '../outbox/index.js';
import { enqueueSms } from '../sms/index.js';
import { getTicket, updateTicket } from '../tickets/index.js';
import { dutyAgent, isBusinessTime, lineTeam, routingTeam } from './duty-sources.js';
import {
  defaultPolicy,
  dueAt,
  isStepTarget,
  linePosition,
  nextPosition,
  onArrival,
  pageChannels,
  pagedTiers,
  policyProblems,
  targetAgent,
  type ChainPosition,
  type EscalationPolicy,
  type EscalationStep,
  type StepTarget,
} from './escalation-chain.js';
import * as repo from './escalation.repository.js';
import { pageLanguage, pageMail, pageSms, type PageFacts } from './page-message.js';

export const tiers: readonly AgreementTier[] = ['8x5', '24x7', 'premium', 'custom'];

export interface StoredPolicy extends EscalationPolicy {
  /** False while the tier runs on the built-in default (nobody saved one yet). */
  custom: boolean;
  updatedAt: string | null;
}

function parseSteps(json: string): EscalationStep[] {
  return (JSON.parse(json) as EscalationStep[]).filter((s) => isStepTarget(s.target));
}

async function policyOf(ctx: Ctx, tier: AgreementTier): Promise<StoredPolicy> {
  const row = await repo.findPolicy(ctx.db, tier);
  if (!row) return { ...defaultPolicy(tier), custom: false, updatedAt: null };
  return { tier, steps: parseSteps(row.steps), repeatCount: row.repeat_count, custom: true, updatedAt: row.updated_at };
}

export async function listPolicies(ctx: Ctx): Promise<StoredPolicy[]> {
  authorize(ctx.actor, 'escalation.manage');
  return Promise.all(tiers.map((tier) => policyOf(ctx, tier)));
}

export async function getPolicy(ctx: Ctx, tier: AgreementTier): Promise<StoredPolicy> {
  authorize(ctx.actor, 'escalation.manage');
  return policyOf(ctx, tier);
}

export interface PolicyInput {
  steps: { target: string; delayMinutes: number }[];
  repeatCount: number;
}

/** Saves a tier's policy. Chains already running keep the copy frozen when they started. */
export async function savePolicy(ctx: Ctx, tier: AgreementTier, input: PolicyInput): Promise<StoredPolicy> {
  authorize(ctx.actor, 'escalation.manage');
  const problems = policyProblems(input.steps, input.repeatCount);
  if (problems.length)
    throw badRequest(`The escalation policy of ${tier} cannot be saved: ${problems[0]!.message}`, { errors: problems });
  await inTransaction(ctx, async (tx) => {
    for (const [i, step] of input.steps.entries()) {
      const id = targetAgent(step.target as StepTarget);
      if (id !== null && !(await repo.findPageable(tx.db, id)))
        throw badRequest(`Step ${i + 1} names agent ${id}, who does not exist or is not active`, {
          errors: [{ path: `body.steps.${i}.target`, message: 'is not an active agent' }],
        });
    }
    await repo.upsertPolicy(tx.db, {
      tier,
      steps: JSON.stringify(input.steps.map((s) => ({ target: s.target, delayMinutes: s.delayMinutes }))),
      repeat_count: input.repeatCount,
      updated_at: ctx.clock.now().toISOString(),
      updated_by: agentId(ctx.actor),
    });
  });
  return policyOf(ctx, tier);
}

/**
 * Subscriber of `ticket.created`: a ticket under a 24x7 or premium agreement that arrives out of its team's
 * hours goes to the first line's duty engineer, and its chain starts (a P1's at any hour, paging at once).
 */
export async function routeNewTicket(tx: TxCtx, event: DomainEventMap['ticket.created']): Promise<void> {
  // The event carries what routing needs as the ticket was just written (no subscriber before this one changes
  // it): most tickets are not under a paged tier and cost no read, no calendar and no schedule here.
  const tier = event.agreementTier;
  if (tier === null || !pagedTiers.includes(tier)) return;
  const now = tx.clock.now();
  const team = await routingTeam(tx, event.teamId);
  const outOfHours = team !== null && !(await isBusinessTime(tx, team, now));
  const decision = onArrival({ tier, priority: event.priority, outOfHours, assigned: event.assigneeId !== null });
  if (decision.assignToDuty && team !== null) {
    const duty = await dutyAgent(tx, team, now);
    // Assigned as the desk, not as whoever filed it (a contact may not assign): the history says so.
    if (duty !== null)
      await updateTicket({ ...tx, actor: systemActor('duty-routing') }, event.ticketId, { assigneeId: duty });
  }
  if (decision.startChain) await startChain(tx, event.ticketId, tier);
}

/**
 * Subscriber of `ticket.updated`: a ticket raised to P1 under a 24x7 or premium agreement pages the duty engineer
 * at once, as if it had been filed as P1 (a chain already running goes on, now texting at every step).
 */
export async function followPriorityRise(tx: TxCtx, event: DomainEventMap['ticket.updated']): Promise<void> {
  if (!event.changes.some((c) => c.field === 'priority' && c.to === 'P1')) return;
  const facts = await repo.ticketFacts(tx.db, event.ticketId);
  if (!facts?.tier || facts.status === 'resolved' || facts.status === 'closed') return;
  const decision = onArrival({ tier: facts.tier, priority: 'P1', outOfHours: false, assigned: true });
  if (decision.startChain) await startChain(tx, event.ticketId, facts.tier);
}

/** Freezes the tier's policy on the ticket and pages the first step when it is due at once. */
async function startChain(tx: TxCtx, ticketId: number, tier: AgreementTier): Promise<void> {
  if (await repo.findEscalation(tx.db, ticketId)) return;
  const stored = await policyOf(tx, tier);
  const policy: EscalationPolicy = { tier, steps: stored.steps, repeatCount: stored.repeatCount };
  if (policy.steps.length === 0) return;
  const now = tx.clock.now();
  await repo.insertEscalation(tx.db, {
    ticket_id: ticketId,
    policy: JSON.stringify(policy),
    started_at: now.toISOString(),
    step: 0,
    round: 0,
    next_at: dueAt(policy, { step: 0, round: 0 }, now.getTime()),
    acknowledged_at: null,
    acknowledged_by: null,
    stopped_reason: null,
  });
  await advanceChain(tx, ticketId);
}

/** The agent a step's target names at `at`, or null when nobody covers it (no schedule, a gap, no line). */
async function resolveTarget(tx: TxCtx, target: StepTarget, facts: repo.TicketFacts, at: Date): Promise<number | null> {
  const line = linePosition(target);
  if (line !== null) {
    const team = await lineTeam(tx, line, facts.team_id);
    return team === null ? null : dutyAgent(tx, team, at);
  }
  const agent = targetAgent(target);
  if (agent !== null) return agent;
  // The duty manager: the agreement's manager (who answers for the client), else the desk's first manager.
  return facts.manager_id ?? (await repo.firstManager(tx.db))?.id ?? null;
}

/**
 * Pages the chain's due step, if any, and moves it on: the next step after its delay, the next round, or the
 * end. One step per call, so a desk that was down catches up one page a minute rather than all at once.
 * Returns how many people were paged.
 */
async function advanceChain(tx: TxCtx, ticketId: number): Promise<number> {
  const esc = await repo.findEscalation(tx.db, ticketId);
  const now = tx.clock.now();
  if (!esc || esc.next_at === null || esc.next_at > now.getTime()) return 0;
  const facts = await repo.ticketFacts(tx.db, ticketId);
  if (!facts) return 0;
  if (facts.status === 'resolved' || facts.status === 'closed') {
    await repo.updateEscalation(tx.db, ticketId, { next_at: null, stopped_reason: 'resolved' });
    return 0;
  }
  const policy = JSON.parse(esc.policy) as EscalationPolicy;
  const position: ChainPosition = { step: esc.step, round: esc.round };
  const step = policy.steps[position.step]!;
  const agent = await resolveTarget(tx, step.target, facts, now);
  const paged = agent === null ? 0 : await page(tx, facts, position, step.target, agent);
  if (agent === null) tx.log.warn({ ticketId, target: step.target }, 'escalation step has nobody to page');
  const next = nextPosition(policy, position);
  await repo.updateEscalation(
    tx.db,
    ticketId,
    next
      ? { step: next.step, round: next.round, next_at: dueAt(policy, next, esc.next_at) }
      : { next_at: null, stopped_reason: 'exhausted' },
  );
  return paged;
}

/** Sends one page (SMS and/or e-mail through the outbox) and records it. */
async function page(
  tx: TxCtx,
  facts: repo.TicketFacts,
  position: ChainPosition,
  target: StepTarget,
  agentIdToPage: number,
): Promise<number> {
  const person = await repo.findPageable(tx.db, agentIdToPage);
  if (!person) return 0;
  const now = tx.clock.now();
  const line = linePosition(target);
  const words: PageFacts = {
    number: facts.number,
    subject: facts.subject,
    priority: facts.priority,
    organizationName: facts.organization_name,
    step: position.step + 1,
    round: position.round + 1,
    role: line !== null ? 'line' : target === 'duty_manager' ? 'duty_manager' : 'agent',
    line,
  };
  const language = pageLanguage(person.language);
  const key = `duty-page:${facts.id}:${position.round}:${position.step}:${person.id}`;
  const channels = pageChannels(facts.priority, position, Boolean(person.phone));
  for (const channel of channels) {
    if (channel === 'sms')
      await enqueueSms(
        tx.db,
        {
          phone: person.phone!,
          text: pageSms(words, language),
          event: 'duty.page',
          agentId: person.id,
          dedupeKey: `sms:${key}`,
        },
        now,
      );
    else {
      const mail = pageMail(words, language);
      await enqueue(tx.db, { channel: 'email', recipient: person.email, ...mail, dedupeKey: key }, now);
    }
  }
  await repo.insertPages(
    tx.db,
    channels.map((channel) => ({
      ticket_id: facts.id,
      step: position.step,
      round: position.round,
      target,
      agent_id: person.id,
      channel,
      at: now.toISOString(),
      acknowledged_at: null,
    })),
  );
  await repo.insertHistory(tx.db, {
    ticket_id: facts.id,
    actor_agent_id: null,
    at: now.toISOString(),
    action: 'paged',
    field: target,
    old_value: channels.join(','),
    new_value: person.name,
  });
  await publish(tx, 'ticket.paged', {
    ticketId: facts.id,
    agentId: person.id,
    step: position.step,
    round: position.round,
    target,
    channels,
  });
  return 1;
}

/** Stops a ticket's running chain as answered by an agent; false when there was no chain or it was answered. */
async function acknowledgeChain(tx: TxCtx, ticketId: number, by: number, how: 'button' | 'reply'): Promise<boolean> {
  const esc = await repo.findEscalation(tx.db, ticketId);
  if (!esc || esc.acknowledged_at !== null) return false;
  const at = tx.clock.now().toISOString();
  await repo.updateEscalation(tx.db, ticketId, {
    acknowledged_at: at,
    acknowledged_by: by,
    next_at: null,
    // A chain that already ran out or was resolved keeps that reason; the answer is still recorded.
    stopped_reason: esc.stopped_reason ?? 'acknowledged',
  });
  await repo.acknowledgePages(tx.db, ticketId, by, at);
  await repo.insertHistory(tx.db, {
    ticket_id: ticketId,
    actor_agent_id: by,
    at,
    action: 'acknowledged',
    field: how,
    old_value: null,
    new_value: null,
  });
  await publish(tx, 'ticket.acknowledged', { ticketId, agentId: by, how });
  return true;
}

/** `POST /tickets/:id/acknowledge`: the agent takes the ticket; its chain pages nobody more. */
export async function acknowledgeTicket(ctx: Ctx, ticketId: number) {
  authorize(ctx.actor, 'ticket.acknowledge');
  const by = agentId(ctx.actor);
  if (by === null) throw forbidden('Only an agent can acknowledge a ticket');
  const ticket = await getTicket(ctx, ticketId);
  await inTransaction(ctx, async (tx) => {
    const esc = await repo.findEscalation(tx.db, ticketId);
    if (!esc)
      throw conflict(
        `Ticket #${ticket.number} has no escalation chain to acknowledge: chains start for P1 and out-of-hours tickets under 24x7 or premium agreements`,
      );
    await acknowledgeChain(tx, ticketId, by, 'button');
  });
  return ticketEscalation(ctx, ticketId);
}

/** Subscriber of `comment.added`: an agent's first public reply answers the ticket, so its chain stops. */
export async function acknowledgeOnReply(tx: TxCtx, event: DomainEventMap['comment.added']): Promise<void> {
  if (!event.public || !event.byAgent) return;
  const by = agentId(tx.actor);
  if (by !== null) await acknowledgeChain(tx, event.ticketId, by, 'reply');
}

/**
 * The minute job: pages every chain whose next step is due, in batches; a chain is moved on once per run (a desk
 * that was down catches up one step a minute, never a burst of every missed step).
 */
export async function runEscalations(ctx: Ctx): Promise<{ due: number; paged: number }> {
  const now = ctx.clock.now().getTime();
  let due = 0;
  let paged = 0;
  for (let after = 0; ;) {
    const batch = await repo.dueEscalations(ctx.db, now, after, 500);
    if (batch.length === 0) break;
    for (const { ticket_id } of batch) paged += await inTransaction(ctx, (tx) => advanceChain(tx, ticket_id));
    due += batch.length;
    after = batch.at(-1)!.ticket_id;
  }
  return { due, paged };
}

export interface EscalationView {
  ticketId: number;
  policy: EscalationPolicy;
  startedAt: string;
  step: number;
  round: number;
  nextAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: { id: number; name: string } | null;
  stoppedReason: 'acknowledged' | 'exhausted' | 'resolved' | null;
  pages: {
    step: number;
    round: number;
    target: string;
    agentId: number;
    agentName: string;
    channels: ('sms' | 'email')[];
    at: string;
    acknowledgedAt: string | null;
  }[];
}

/** The ticket's chain as frozen when it started, who was paged when, and the next page; null when none started. */
export async function ticketEscalation(ctx: Ctx, ticketId: number): Promise<EscalationView | null> {
  await getTicket(ctx, ticketId);
  if (ctx.actor.kind === 'contact') throw notFound(`Ticket ${ticketId}`);
  const esc = await repo.findEscalation(ctx.db, ticketId);
  if (!esc) return null;
  const pages: EscalationView['pages'] = [];
  for (const p of await repo.pagesOfTicket(ctx.db, ticketId)) {
    const last = pages.at(-1);
    // One page by SMS and e-mail shows as one line with both channels.
    if (last && last.step === p.step && last.round === p.round && last.agentId === p.agent_id && last.at === p.at)
      last.channels.push(p.channel);
    else
      pages.push({
        step: p.step,
        round: p.round,
        target: p.target,
        agentId: p.agent_id,
        agentName: p.agent_name,
        channels: [p.channel],
        at: p.at,
        acknowledgedAt: p.acknowledged_at,
      });
  }
  const by = esc.acknowledged_by === null ? [] : await repo.agentNames(ctx.db, [esc.acknowledged_by]);
  return {
    ticketId,
    policy: JSON.parse(esc.policy) as EscalationPolicy,
    startedAt: esc.started_at,
    step: esc.step,
    round: esc.round,
    nextAt: esc.next_at === null ? null : new Date(esc.next_at).toISOString(),
    acknowledgedAt: esc.acknowledged_at,
    acknowledgedBy: by[0] ?? null,
    stoppedReason: esc.stopped_reason,
    pages,
  };
}

/** An engineer's pages in [from, to) and how many they acknowledged: the duty pay report counts them. */
export function pagesOfAgent(
  ctx: Ctx,
  agentIdOfEngineer: number,
  from: Date,
  to: Date,
): Promise<{ pages: number; acknowledged: number }> {
  return repo.countPagesOfAgent(ctx.db, agentIdOfEngineer, from.toISOString(), to.toISOString());
}
