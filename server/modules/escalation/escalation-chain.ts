// Pure rules of routing and escalation chains: no database, no Fastify. The services feed them facts and store
// what they answer, so every rule here is tested on its own (test/escalation/escalation-chain.test.ts).

import type { AgreementTier, TicketPriority } from '../../db/schema.js';

/** Who a step pages: the duty engineer of a support line (by position), the duty manager, or one agent. */
export type StepTarget = `line:${number}` | 'duty_manager' | `agent:${number}`;

export interface EscalationStep {
  target: StepTarget;
  /** Minutes after the previous page (for the very first step: after the chain started). */
  delayMinutes: number;
}

export interface EscalationPolicy {
  tier: AgreementTier;
  steps: EscalationStep[];
  /** How many rounds the whole chain runs at most before it stops unanswered. */
  repeatCount: number;
}

/** Tiers whose clients pay for nights and weekends: only their tickets are routed to the duty engineer and paged. */
export const pagedTiers: readonly AgreementTier[] = ['24x7', 'premium'];

export const TARGET = /^(line:[1-9]\d{0,2}|duty_manager|agent:[1-9]\d{0,9})$/;

export const isStepTarget = (value: string): value is StepTarget => TARGET.test(value);

/**
 * The chain a tier starts with until an admin sets its own: the first line's duty engineer at once, the second
 * line's after the tier's reaction time, then the duty manager; twice. Premium reacts in 15 minutes, 24x7 in 30.
 */
export function defaultPolicy(tier: AgreementTier): EscalationPolicy {
  const delay = tier === 'premium' ? 15 : 30;
  return {
    tier,
    steps: [
      { target: 'line:1', delayMinutes: 0 },
      { target: 'line:2', delayMinutes: delay },
      { target: 'duty_manager', delayMinutes: delay },
    ],
    repeatCount: 2,
  };
}

export interface ArrivalFacts {
  tier: AgreementTier | null;
  priority: TicketPriority;
  /** Whether the ticket arrived outside its team's business hours (the team's calendar). */
  outOfHours: boolean;
  /** The ticket already has an assignee (chosen by whoever filed it): routing never overrides a person's choice. */
  assigned: boolean;
}

export interface ArrivalDecision {
  /** Assign the ticket to the first line's duty engineer. */
  assignToDuty: boolean;
  /** Start (and freeze) the escalation chain. */
  startChain: boolean;
}

/**
 * What a new ticket sets off. Under a 24x7 or premium agreement a ticket that arrives out of hours goes to the
 * engineer on duty, and its chain starts; a P1 starts its chain at any hour (the duty engineer is paged at once).
 * Other tiers pay for business hours only: nothing happens, their tickets wait for the morning queue.
 */
export function onArrival(f: ArrivalFacts): ArrivalDecision {
  if (f.tier === null || !pagedTiers.includes(f.tier)) return { assignToDuty: false, startChain: false };
  return {
    assignToDuty: f.outOfHours && !f.assigned,
    startChain: f.outOfHours || f.priority === 'P1',
  };
}

export interface ChainPosition {
  step: number;
  round: number;
}

/** The position after `at`: the next step of the round, the first step of the next round, or null (exhausted). */
export function nextPosition(policy: EscalationPolicy, at: ChainPosition): ChainPosition | null {
  if (at.step + 1 < policy.steps.length) return { step: at.step + 1, round: at.round };
  if (at.round + 1 < policy.repeatCount) return { step: 0, round: at.round + 1 };
  return null;
}

/** When the step at `position` is due, counted from the previous page (or the chain's start), in epoch ms. */
export function dueAt(policy: EscalationPolicy, position: ChainPosition, previousMs: number): number {
  return previousMs + policy.steps[position.step]!.delayMinutes * 60_000;
}

/**
 * The channels of a page. SMS wakes people: a P1 does so from its first page, and every later step (someone did
 * not answer) does so for any priority. The first page of another ticket is an e-mail — its engineer was just
 * assigned it and reads it at the start of the shift's next check.
 */
export function pageChannels(
  priority: TicketPriority,
  position: ChainPosition,
  hasPhone: boolean,
): ('sms' | 'email')[] {
  const urgent = priority === 'P1' || position.step > 0 || position.round > 0;
  return urgent && hasPhone ? ['sms', 'email'] : ['email'];
}

/** The line position a `line:<n>` target names, or null for other targets. */
export function linePosition(target: StepTarget): number | null {
  return target.startsWith('line:') ? Number(target.slice(5)) : null;
}

/** The agent an `agent:<id>` target names, or null for other targets. */
export function targetAgent(target: StepTarget): number | null {
  return target.startsWith('agent:') ? Number(target.slice(6)) : null;
}

/** Problems of a policy an admin typed, as `path: message` pairs; empty when it can be saved. */
export function policyProblems(steps: { target: string; delayMinutes: number }[], repeatCount: number) {
  const problems: { path: string; message: string }[] = [];
  if (steps.length === 0) problems.push({ path: 'body.steps', message: 'needs at least one step' });
  steps.forEach((s, i) => {
    if (!isStepTarget(s.target))
      problems.push({
        path: `body.steps.${i}.target`,
        message: `"${s.target}" is not line:<position>, duty_manager or agent:<id>`,
      });
  });
  if (!Number.isInteger(repeatCount) || repeatCount < 1 || repeatCount > 10)
    problems.push({ path: 'body.repeatCount', message: 'must be 1 to 10 rounds' });
  return problems;
}
