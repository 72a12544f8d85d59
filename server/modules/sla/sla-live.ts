import type { Ctx } from '../../context.js';
import { explain, formatLocal } from '../calendars/index.js';
import { computeSla, type SlaSnapshot, type SlaTerms } from './sla-clock.js';
import { agreementClock, cachedClock, factsOf, iso, pausesFor } from './sla-rows.js';
import * as repo from './sla.repository.js';

/** The live SLA view of a ticket: countdown in business minutes and, on request, why the deadline is what it is. */
export async function liveSla(ctx: Ctx, ticketId: number, opts: { explain?: boolean } = {}) {
  const row = await repo.ticketSla(ctx.db, ticketId);
  if (!row || row.agreement_id === null) return null;
  const { agreement, calendar, warningPercent } = await agreementClock(ctx, row.agreement_id);
  const terms: SlaTerms = {
    calendar,
    reactionMinutes: row.reaction_minutes,
    resolutionMinutes: row.resolution_minutes,
    warningPercent,
  };
  const pauses = (await repo.pausesOf(ctx.db, [ticketId])).get(ticketId) ?? [];
  const now = ctx.clock.now().getTime();
  const snap = computeSla(terms, factsOf(row, pauses), now);
  const allPauses =
    row.paused_since === null ? pauses : [...pauses, { from: row.paused_since, to: Math.max(now, row.paused_since) }];
  const pendingTarget =
    row.first_response_at === null && row.reaction_minutes !== null
      ? { kind: 'reaction', minutes: row.reaction_minutes }
      : row.manual_resolution_due === null && row.resolution_minutes !== null
        ? { kind: 'resolution', minutes: row.resolution_minutes }
        : null;
  return {
    agreementId: agreement.id,
    agreementNumber: agreement.number,
    timezone: calendar.zone,
    state: snap.state,
    reactionDue: iso(snap.reactionDue),
    resolutionDue: iso(snap.resolutionDue),
    dueLocal: snap.pendingDue === null ? null : formatLocal(calendar.zone, snap.pendingDue),
    pending:
      snap.pendingDue === null
        ? null
        : row.first_response_at === null && snap.reactionDue === snap.pendingDue
          ? 'reaction'
          : 'resolution',
    remainingMinutes: snap.remainingMinutes,
    pausedMinutes: snap.pausedMinutes,
    paused: row.paused_since !== null && row.status === 'waiting_for_client',
    warnAt: iso(snap.warnAt),
    explanation:
      opts.explain && pendingTarget
        ? explain(calendar, Date.parse(row.created_at), pendingTarget.minutes, allPauses)
        : undefined,
  };
}

/** What a reader sees of a ticket's SLA now — between two sweeps the stored state may be a minute old. */
export interface LiveSla {
  state: SlaSnapshot['state'];
  remainingMinutes: number | null;
  reactionBreachedAt: string | null;
  resolutionBreachedAt: string | null;
}

/** The live SLA of a page of tickets (the queue): one calendar per agreement, pauses in one query. */
export async function liveSlaFor(ctx: Ctx, rows: repo.TicketSlaRow[]): Promise<Map<number, LiveSla>> {
  const result = new Map<number, LiveSla>();
  const open = rows.filter((r) => r.agreement_id !== null && r.status !== 'resolved' && r.status !== 'closed');
  if (open.length === 0) return result;
  const now = ctx.clock.now().getTime();
  const pauses = await pausesFor(ctx, open);
  for (const r of open) {
    const { calendar, warningPercent } = await cachedClock(ctx, r.agreement_id!);
    const snap = computeSla(
      { calendar, warningPercent, reactionMinutes: r.reaction_minutes, resolutionMinutes: r.resolution_minutes },
      factsOf(r, pauses.get(r.id) ?? []),
      now,
    );
    result.set(r.id, {
      state: snap.state,
      remainingMinutes: snap.remainingMinutes,
      reactionBreachedAt: iso(snap.reactionBreachedAt),
      resolutionBreachedAt: iso(snap.resolutionBreachedAt),
    });
  }
  return result;
}
