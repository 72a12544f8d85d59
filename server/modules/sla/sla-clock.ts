import { addBusinessMinutes, businessMinutesBetween, type CompiledCalendar, type Pause } from '../calendars/index.js';
import type { SlaState, TicketStatus } from '../../db/schema.js';

/**
 * The SLA clock of one ticket, as a pure function of its terms and its own history. Every deadline is
 * recomputed from the creation instant, so a priority change, an agreement change or a pause never loses
 * or double-counts time.
 */

/** Statuses in which the clock stands still: waiting for the client, and resolved/closed (a reopened ticket resumes). */
export const CLOCK_STOPPED: ReadonlySet<TicketStatus> = new Set(['waiting_for_client', 'resolved', 'closed']);
export const DONE: ReadonlySet<TicketStatus> = new Set(['resolved', 'closed']);

export interface SlaTerms {
  calendar: CompiledCalendar;
  reactionMinutes: number | null;
  resolutionMinutes: number | null;
  /** Share of a target after which the ticket is in warning (default 80). */
  warningPercent: number;
}

export interface SlaFacts {
  status: TicketStatus;
  createdAt: number;
  /** Closed pauses, in order. */
  pauses: Pause[];
  /** Start of the pause in progress (status stops the clock), if any. */
  pausedSince: number | null;
  firstResponseAt: number | null;
  manualResolutionDue: number | null;
  reactionBreachedAt: number | null;
  resolutionBreachedAt: number | null;
}

export interface SlaSnapshot {
  state: SlaState;
  reactionDue: number | null;
  /** The deadline in force: the manual one when set, else the agreement's. */
  resolutionDue: number | null;
  warnAt: number | null;
  reactionBreachedAt: number | null;
  resolutionBreachedAt: number | null;
  /** Business minutes the clock stood still. */
  pausedMinutes: number;
  /** The deadline still to be met: reaction until the first response, then resolution; null when none. */
  pendingDue: number | null;
  /** Business minutes left to the pending deadline (negative when overdue), frozen while paused. */
  remainingMinutes: number | null;
  /** When the sweep must look at the ticket next; null when nothing can change without an action. */
  nextCheck: number | null;
}

function pausesUntil(facts: SlaFacts, now: number): Pause[] {
  return facts.pausedSince === null
    ? facts.pauses
    : [...facts.pauses, { from: facts.pausedSince, to: Math.max(now, facts.pausedSince) }];
}

export function computeSla(terms: SlaTerms, facts: SlaFacts, now: number): SlaSnapshot {
  const { calendar } = terms;
  // While paused, deadlines are "as if resumed now": they move with the pause and never pass during it.
  const pauses = pausesUntil(facts, now);
  // Pauses after the first response do not move the reaction deadline: it was met (or missed) by then.
  const reactionPauses = facts.firstResponseAt === null ? pauses : clipPauses(pauses, facts.firstResponseAt);
  const reactionDue =
    terms.reactionMinutes === null
      ? null
      : addBusinessMinutes(calendar, facts.createdAt, terms.reactionMinutes, reactionPauses);
  const resolutionDue =
    facts.manualResolutionDue ??
    (terms.resolutionMinutes === null
      ? null
      : addBusinessMinutes(calendar, facts.createdAt, terms.resolutionMinutes, pauses));
  let pausedMinutes = 0;
  for (const p of pauses) pausedMinutes += businessMinutesBetween(calendar, p.from, p.to);

  const done = DONE.has(facts.status);
  // A breach is recorded at the instant the deadline passed, once, and kept: it is a fact of the ticket's
  // history (reports count it), so resolving, a recompute or a new priority may add one, never erase one. A
  // deadline is judged against the moment the clock stopped — a pause or the resolution — or now while it runs,
  // so a ticket resolved late is breached even when no sweep saw it overdue.
  const clockStoppedAt = facts.pausedSince ?? now;
  let reactionBreachedAt = facts.reactionBreachedAt;
  if (reactionBreachedAt === null && reactionDue !== null) {
    const respondedLate = facts.firstResponseAt !== null && facts.firstResponseAt > reactionDue;
    const overdue = facts.firstResponseAt === null && reactionDue <= clockStoppedAt;
    if (respondedLate || overdue) reactionBreachedAt = reactionDue;
  }
  let resolutionBreachedAt = facts.resolutionBreachedAt;
  if (resolutionBreachedAt === null && resolutionDue !== null && resolutionDue <= clockStoppedAt)
    resolutionBreachedAt = resolutionDue;

  // Still to be met (breached or not): what the countdown shows and the queue sorts by — overdue first.
  const reactionOpen = facts.firstResponseAt === null && reactionDue !== null && !done;
  const resolutionOpen = resolutionDue !== null && !done;
  const pendingDue = reactionOpen ? reactionDue : resolutionOpen ? resolutionDue : null;
  // Still to be met and not yet breached: what the sweep must watch.
  const reactionPending = reactionOpen && reactionBreachedAt === null;
  const resolutionPending = resolutionOpen && resolutionBreachedAt === null;
  const pendingTarget = reactionPending
    ? terms.reactionMinutes
    : resolutionPending
      ? resolutionTarget(terms, facts, pauses)
      : null;
  const warnAt =
    pendingTarget === null
      ? null
      : addBusinessMinutes(calendar, facts.createdAt, Math.floor((pendingTarget * terms.warningPercent) / 100), pauses);
  const clockFrom = facts.pausedSince ?? now;
  const remainingMinutes =
    pendingDue === null
      ? null
      : pendingDue >= clockFrom
        ? businessMinutesBetween(calendar, clockFrom, pendingDue, pauses)
        : -businessMinutesBetween(calendar, pendingDue, clockFrom, pauses);

  let state: SlaState;
  if (facts.status === 'waiting_for_client') state = 'paused';
  else if (reactionBreachedAt !== null || resolutionBreachedAt !== null) state = 'breached';
  else if (!done && warnAt !== null && warnAt <= now) state = 'warning';
  else state = 'ok';

  let nextCheck: number | null = null;
  if (!done && facts.pausedSince === null) {
    for (const at of [
      state === 'ok' ? warnAt : null,
      reactionPending ? reactionDue : null,
      resolutionPending ? resolutionDue : null,
    ]) {
      if (at !== null && at > now && (nextCheck === null || at < nextCheck)) nextCheck = at;
    }
    // An instant already due (first sweep after a change) is checked right away.
    if (
      nextCheck === null &&
      ((reactionPending && reactionDue! <= now) || (resolutionPending && resolutionDue! <= now))
    )
      nextCheck = now;
  }
  return {
    state,
    reactionDue,
    resolutionDue,
    warnAt,
    reactionBreachedAt,
    resolutionBreachedAt,
    pausedMinutes,
    pendingDue,
    remainingMinutes,
    nextCheck,
  };
}

function clipPauses(pauses: Pause[], until: number): Pause[] {
  return pauses.filter((p) => p.from < until).map((p) => ({ from: p.from, to: Math.min(p.to, until) }));
}

/** The resolution target in business minutes; for a manual deadline, the business time from creation to it. */
function resolutionTarget(terms: SlaTerms, facts: SlaFacts, pauses: Pause[]): number | null {
  if (facts.manualResolutionDue !== null)
    return businessMinutesBetween(terms.calendar, facts.createdAt, facts.manualResolutionDue, pauses);
  return terms.resolutionMinutes;
}
