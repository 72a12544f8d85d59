import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { todayIn } from './agreement-period.js';
import { requireAgreement, requireCalendar } from './agreement-references.js';
import { actorKey, applyEvent, automaticActor, settleByDate } from './agreement-transition.js';
import { assertTransition } from './agreement.states.js';
import { loadAgreementView } from './agreement-view.js';

const reasonOrNull = (reason: string | undefined) => (reason?.trim() ? reason.trim() : null);

/** An agreement whose last day has passed cannot start any more: what it needs is a new period. */
function refusePast(agreement: { number: string; end_date: string }, today: string, doing: string): void {
  if (agreement.end_date < today) {
    throw new AppError(
      409,
      'agreement_period_over',
      `Agreement ${agreement.number} ended on ${agreement.end_date}, so it cannot be ${doing}; change its period or renew it instead`,
    );
  }
}

/** Draft → planned: the draft is agreed. If its period has already begun it becomes active at once. */
export async function planAgreement(ctx: Ctx, id: number, reason?: string) {
  authorize(ctx.actor, 'agreement.write');
  await inTransaction(ctx, async (tx) => {
    const agreement = await requireAgreement(tx.db, id);
    assertTransition(agreement, 'plan');
    const today = todayIn((await requireCalendar(tx.db, agreement.calendar_id)).timezone, tx.clock.now());
    refusePast(agreement, today, 'planned');
    const { agreement: planned } = await applyEvent(tx, agreement, 'plan', {
      actor: actorKey(tx.actor),
      reason: reasonOrNull(reason),
    });
    await settleByDate(tx, planned, today, automaticActor(tx.actor));
  });
  return loadAgreementView(ctx.db, id, ctx.clock.now());
}

/**
 * Activation by hand, before the start date (work has begun early) or for a draft. Activating an active
 * agreement changes nothing and records nothing, so a repeated click or a retried request is harmless.
 */
export async function activateAgreement(ctx: Ctx, id: number, reason?: string) {
  authorize(ctx.actor, 'agreement.write');
  await inTransaction(ctx, async (tx) => {
    const agreement = await requireAgreement(tx.db, id);
    if (agreement.status === 'active') return;
    assertTransition(agreement, 'activate');
    const today = todayIn((await requireCalendar(tx.db, agreement.calendar_id)).timezone, tx.clock.now());
    refusePast(agreement, today, 'activated');
    await applyEvent(tx, agreement, 'activate', {
      actor: actorKey(tx.actor),
      reason:
        reasonOrNull(reason) ??
        (agreement.start_date > today ? `Activated before its start date (${agreement.start_date})` : null),
    });
  });
  return loadAgreementView(ctx.db, id, ctx.clock.now());
}

/** Ending by hand needs a reason: it breaks a promise made to the client, and the history must say why. */
export async function terminateAgreement(ctx: Ctx, id: number, reason: string) {
  authorize(ctx.actor, 'agreement.write');
  const why = reasonOrNull(reason);
  if (!why)
    throw new AppError(400, 'bad_request', 'Say why the agreement is terminated', {
      errors: [{ path: 'body.reason', message: 'is required' }],
    });
  await inTransaction(ctx, async (tx) => {
    const agreement = await requireAgreement(tx.db, id);
    await applyEvent(tx, agreement, 'terminate', { actor: actorKey(tx.actor), reason: why });
  });
  return loadAgreementView(ctx.db, id, ctx.clock.now());
}
