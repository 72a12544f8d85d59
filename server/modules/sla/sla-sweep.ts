import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { CompiledCalendar } from '../calendars/index.js';
import { PeopleCache } from '../notifications/index.js';
import { computeSla, type SlaTerms } from './sla-clock.js';
import { emitEvents, Mailbag } from './sla-events.js';
import { calendarById, factsOf, pausesFor, slaPatch } from './sla-rows.js';
import * as repo from './sla.repository.js';

const SWEEP_BATCH = 10_000;

/**
 * The SLA sweep: every ticket whose next SLA event is due — however many — moves to warning or breach and
 * its events go out through the outbox. Only due tickets are read (an index range), so the cost follows the
 * number of events, not the number of open tickets.
 */
export async function slaSweep(ctx: Ctx): Promise<{ checked: number; warnings: number; breaches: number }> {
  const now = ctx.clock.now().getTime();
  const totals = { checked: 0, warnings: 0, breaches: 0 };
  let afterId = 0;
  const people = new PeopleCache();
  for (;;) {
    const rows = await repo.dueTickets(ctx.db, now, SWEEP_BATCH, afterId);
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1]!.id;
    const pauses = await pausesFor(ctx, rows);
    const calendars = new Map<number, CompiledCalendar>();
    for (const r of rows)
      if (!calendars.has(r.calendar_id)) calendars.set(r.calendar_id, await calendarById(ctx, r.calendar_id));
    await inTransaction(ctx, async (tx) => {
      const mailbag = new Mailbag();
      for (const row of rows) {
        const terms: SlaTerms = {
          calendar: calendars.get(row.calendar_id)!,
          reactionMinutes: row.reaction_minutes,
          resolutionMinutes: row.resolution_minutes,
          warningPercent: row.warning_percent,
        };
        const snap = computeSla(terms, factsOf(row, pauses.get(row.id) ?? []), now);
        const warnedAt =
          snap.state === 'warning' && row.sla_warned_at === null ? new Date(now).toISOString() : row.sla_warned_at;
        await repo.updateSlaState(tx.db, row.id, { ...slaPatch(snap), sla_warned_at: warnedAt } as never);
        const emitted = await emitEvents(tx, row, snap, {
          calendar: terms.calendar,
          managerId: row.manager_id,
          people,
          warnedStored: true,
          mailbag,
          facts: row,
        });
        totals.warnings += emitted.warnings;
        totals.breaches += emitted.breaches;
      }
      await mailbag.flush(tx, new Date(now), `${now}:${rows[0]!.id}`);
    });
    totals.checked += rows.length;
    if (rows.length < SWEEP_BATCH) break;
  }
  return totals;
}
