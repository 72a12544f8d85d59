import type { Ctx } from '../../context.js';
import { authorize } from '../auth/index.js';
import { packageSummary, timeTermsOf } from '../packages/index.js';
import { defaultBillable, roundingOf } from './worklogs.service.js';
import { readTimeSettings } from './time-settings.js';
import { notFound } from '../../shared/errors.js';
import * as repo from './worklogs.repository.js';

/** What the ticket's time panel shows: totals, how new work will be counted, the package balance, your timer. */
export async function ticketTime(ctx: Ctx, ticketId: number) {
  authorize(ctx.actor, 'ticket.read');
  const ticket = await repo.ticketForWork(ctx.db, ticketId);
  if (!ticket) throw notFound(`Ticket ${ticketId}`);
  const settings = await readTimeSettings(ctx);
  const terms = ticket.agreement_id === null ? null : await timeTermsOf(ctx, ticket.agreement_id);
  const timer = ctx.actor.kind === 'agent' ? await repo.findTimer(ctx.db, ctx.actor.id) : undefined;
  const now = ctx.clock.now().getTime();
  const { count: _count, ...totals } = await repo.totals(ctx.db, { ticketId });
  return {
    totals,
    billableDefault: defaultBillable(ticket, terms, settings),
    rounding: roundingOf(terms),
    package: await packageSummary(ctx, ticket.agreement_id),
    timer:
      timer && timer.ticket_id === ticketId
        ? {
            startedAt: timer.started_at,
            elapsedSeconds: Math.max(0, Math.floor((now - Date.parse(timer.started_at)) / 1000)),
          }
        : null,
  };
}
