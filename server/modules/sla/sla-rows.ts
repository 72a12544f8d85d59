import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.js';
import type { TicketTable } from '../../db/schema.js';
import type { CompiledCalendar } from '../calendars/index.js';
import { compiledCalendar } from '../calendars/index.js';
import type { SlaFacts, SlaSnapshot } from './sla-clock.js';
import * as repo from './sla.repository.js';
import { cachedTerms } from './terms-cache.js';

// What the SLA's use cases (terms of a new ticket, reactions to changes, the sweep, the live view) share:
// a ticket's SLA row read into the pure clock's facts, and a snapshot written back as columns.

/** 9999-12-31 in epoch ms: "no deadline" sorts after every real one. */
export const NO_DEADLINE = 253_402_214_400_000;
export const DEFAULT_WARNING_PERCENT = 80;

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const ms = (text: string | null) => (text === null ? null : Date.parse(text));

export async function calendarById(ctx: Ctx, calendarId: number): Promise<CompiledCalendar> {
  return compiledCalendar(ctx, await repo.calendarRow(ctx.db, calendarId));
}

/** An agreement with what its tickets' clocks run on: its compiled calendar and its warning share. */
export async function agreementClock(ctx: Ctx, agreementId: number) {
  const agreement = (await repo.agreementTerms(ctx.db, agreementId))!;
  return {
    agreement,
    calendar: await calendarById(ctx, agreement.calendar_id),
    warningPercent: agreement.warning_percent,
  };
}

/**
 * What the clocks of an agreement's tickets run on, remembered with the new tickets' terms: a queue page computes
 * the live SLA of up to 200 tickets under dozens of agreements, three reads each without it. Forgotten when an
 * agreement's calendar or warning share, a calendar or the production calendar changes (`slaTermsChanged`).
 */
export function cachedClock(ctx: Ctx, agreementId: number) {
  return cachedTerms(ctx, `${ctx.dataDir}|clock|${agreementId}`, async () => {
    const { calendar, warningPercent } = await agreementClock(ctx, agreementId);
    return { calendar, warningPercent };
  });
}

/** Closed pauses of those tickets that ever paused (the others need no query). */
export const pausesFor = (ctx: Ctx, rows: repo.TicketSlaRow[]) =>
  repo.pausesOf(
    ctx.db,
    rows.filter((r) => (r.paused_minutes ?? 0) > 0 || r.paused_since !== null).map((r) => r.id),
  );

export function factsOf(row: repo.TicketSlaRow, pauses: Array<{ from: number; to: number }>): SlaFacts {
  return {
    status: row.status,
    createdAt: Date.parse(row.created_at),
    pauses,
    pausedSince: row.paused_since,
    firstResponseAt: ms(row.first_response_at),
    manualResolutionDue: row.manual_resolution_due,
    reactionBreachedAt: ms(row.reaction_breached_at),
    resolutionBreachedAt: ms(row.resolution_breached_at),
  };
}

/** The stored form of a snapshot. */
export function slaPatch(snap: SlaSnapshot): Updateable<TicketTable> {
  return {
    reaction_due: snap.reactionDue,
    resolution_due: snap.resolutionDue,
    sla_state: snap.state,
    paused_minutes: snap.pausedMinutes,
    reaction_breached_at: iso(snap.reactionBreachedAt),
    resolution_breached_at: iso(snap.resolutionBreachedAt),
    sla_next_check: snap.nextCheck,
    sla_order: snap.pendingDue ?? NO_DEADLINE,
  };
}

export const NO_SLA: Updateable<TicketTable> = {
  agreement_id: null,
  reaction_minutes: null,
  resolution_minutes: null,
  reaction_due: null,
  resolution_due: null,
  sla_state: 'none',
  sla_next_check: null,
  sla_order: NO_DEADLINE,
};
