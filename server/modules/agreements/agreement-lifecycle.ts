import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { dueEndingNotice } from './agreement-notices.js';
import { daysToEnd, todayIn } from './agreement-period.js';
import { queueAgreementNotice } from './agreement-notify.js';
import { calendarZones } from './agreement-references.js';
import { automaticActor, settleByDate } from './agreement-transition.js';
import { parseIds } from './agreements.presenter.js';
import * as repo from './agreements.repository.js';

export interface LifecycleResult {
  activated: number;
  expired: number;
  notices: number;
}

/** Whether an agreement has anything to do today: start, end, or an expiry notice that may still be owed. */
function hasWork(
  a: { status: string; start_date: string; end_date: string; notice_days: string },
  today: string,
): boolean {
  if (a.status === 'planned') return a.start_date <= today;
  return a.end_date < today || dueEndingNotice(parseIds(a.notice_days), daysToEnd(a.end_date, today)) !== null;
}

/**
 * The daily agreement job (also run at start): planned agreements whose first day has come become active,
 * active ones whose last day has passed expire — both judged by the date in each agreement's calendar zone —
 * and expiry notices go out N days before the end. Idempotent: transitions re-check the status inside their
 * transaction and every notice has an outbox key, so any number of runs, or a run after a crash, sends each
 * notice once. Each agreement is its own transaction, so one that fails does not hold back the others.
 */
export async function agreementLifecycleJob(ctx: Ctx): Promise<LifecycleResult> {
  const now = ctx.clock.now();
  const calendars = await calendarZones(ctx.db);
  const totals: LifecycleResult = { activated: 0, expired: 0, notices: 0 };
  const failed: string[] = [];
  for (const candidate of await repo.listLiveAgreements(ctx.db)) {
    const zone = calendars.get(candidate.calendar_id)?.timezone;
    if (!zone || !hasWork(candidate, todayIn(zone, now))) continue;
    try {
      const outcome = await inTransaction(ctx, async (tx) => {
        const agreement = await repo.findAgreement(tx.db, candidate.id);
        if (!agreement) return null;
        const today = todayIn(zone, tx.clock.now());
        const settled = await settleByDate(tx, agreement, today, automaticActor(tx.actor));
        let notices = settled.notices;
        if (settled.agreement.status === 'active') {
          const notice = dueEndingNotice(
            parseIds(settled.agreement.notice_days),
            daysToEnd(settled.agreement.end_date, today),
          );
          if (notice) notices += await queueAgreementNotice(tx, settled.agreement, notice);
        }
        return { activated: settled.activated, expired: settled.expired, notices };
      });
      if (!outcome) continue;
      totals.activated += Number(outcome.activated);
      totals.expired += Number(outcome.expired);
      totals.notices += outcome.notices;
    } catch (err) {
      ctx.log.error({ err, agreementId: candidate.id }, 'agreement lifecycle failed for one agreement');
      failed.push(String(candidate.id));
    }
  }
  if (failed.length) {
    throw new Error(
      `The agreement lifecycle failed for agreement id(s) ${failed.join(', ')} (see the log); the others were processed: ${JSON.stringify(totals)}`,
    );
  }
  return totals;
}
