import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { daysBetween, periodsDue } from './billing-dates.js';
import { dueReminder } from './expiry-reminders.js';
import { expiryDateOf, readCertificate, type CertificateFacts } from './live-check.js';
import { queueRecurringNotice } from './recurring-notify.js';
import * as repo from './recurring.repository.js';
import { todayOf } from './recurring.service.js';

/** How the live check reads a certificate; tests and the job share the real one. */
export type CertificateReader = (host: string) => Promise<CertificateFacts>;

export interface RecurringJobResult {
  charges: number;
  notices: number;
  checked: number;
  corrected: number;
}

/** A daily job run at start too must not shake hands with every host on each restart of the process. */
const RECHECK_AFTER_MS = 20 * 3_600_000;

/**
 * Records a charge for every billing date up to today and moves the next billing date past it, in one
 * transaction: a crash in between leaves neither, and the unique (item, billing date) key keeps a repeated
 * run from charging twice. Amounts are the item's integer kopecks, copied as they are on the billing date.
 */
export async function recordChargesDue(ctx: Ctx, id: number): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const item = await repo.findRecurring(tx.db, id);
    if (!item || item.active !== 1) return 0;
    const today = todayOf(tx);
    const due = periodsDue(
      { anchor: item.billing_anchor_date, everyMonths: item.billing_every_months, next: item.next_billing_date },
      today,
    );
    if (due.periods.length === 0) return 0;
    const now = tx.clock.now().toISOString();
    let recorded = 0;
    for (const p of due.periods) {
      const inserted = await repo.insertCharge(tx.db, {
        recurring_service_id: item.id,
        organization_id: item.organization_id,
        billing_date: p.billingDate,
        period_start: p.periodStart,
        period_end: p.periodEnd,
        description: `${item.name}: ${p.periodStart} – ${p.periodEnd}`,
        amount_kopecks: item.price_kopecks,
        vat_rate: item.vat_rate,
        cost_kopecks: item.cost_kopecks,
        created_at: now,
      });
      if (inserted) recorded++;
    }
    await repo.updateRecurring(tx.db, item.id, { next_billing_date: due.next });
    return recorded;
  });
}

/** Sends the tightest expiry reminder already reached; each goes out once per expiry date, threshold and person. */
export async function sendReminderDue(ctx: Ctx, id: number): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const item = await repo.findRecurring(tx.db, id);
    if (!item || item.active !== 1 || item.expires_on === null) return 0;
    const daysLeft = daysBetween(todayOf(tx), item.expires_on);
    const reminder = dueReminder(daysLeft);
    if (!reminder) return 0;
    return queueRecurringNotice(
      tx,
      { ...item, expires_on: item.expires_on },
      { kind: 'expiring', threshold: reminder.threshold },
      daysLeft,
    );
  });
}

/**
 * Reads the live certificate of an item's host and records what it found. When its last valid day differs
 * from the item's expiry, the expiry is corrected (the certificate is the truth) and the responsible people
 * are told from what to what. The handshake runs outside any transaction: a slow host holds no lock.
 */
export async function runLiveCheck(
  ctx: Ctx,
  id: number,
  read: CertificateReader = readCertificate,
): Promise<{ corrected: boolean; error: string | null }> {
  const before = await repo.findRecurring(ctx.db, id);
  if (!before) throw notFound(`Recurring service ${id}`);
  if (!before.host) return { corrected: false, error: 'no host' };
  let facts: CertificateFacts | null = null;
  let error: string | null = null;
  try {
    facts = await read(before.host);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  return inTransaction(ctx, async (tx) => {
    const item = await repo.findRecurring(tx.db, id);
    if (!item) throw notFound(`Recurring service ${id}`);
    const now = tx.clock.now().toISOString();
    if (!facts) {
      await repo.updateRecurring(tx.db, id, { last_check_at: now, last_check_error: error });
      return { corrected: false, error };
    }
    const found = expiryDateOf(facts.validTo);
    const changed = item.expires_on !== found;
    const who = [facts.subject && `CN ${facts.subject}`, facts.issuer && `issued by ${facts.issuer}`]
      .filter(Boolean)
      .join(', ');
    const result =
      `Certificate valid until ${found}${who ? ` (${who})` : ''}` +
      (changed ? `; expiry corrected from ${item.expires_on ?? 'none'} to ${found}` : '; matches the recorded expiry');
    await repo.updateRecurring(tx.db, id, {
      last_check_at: now,
      last_check_result: result,
      last_check_error: null,
      ...(changed && { expires_on: found, updated_at: now }),
    });
    if (changed)
      await queueRecurringNotice(
        tx,
        { ...item, expires_on: found },
        { kind: 'corrected', from: item.expires_on, to: found },
        daysBetween(todayOf(tx), found),
      );
    return { corrected: changed, error: null };
  });
}

/** "Check now": a manager asks for the live check of one item and gets the item back. */
export async function checkRecurringNow(ctx: Ctx, id: number, read: CertificateReader = readCertificate) {
  authorize(ctx.actor, 'recurring.write');
  await runLiveCheck(ctx, id, read);
  return (await repo.findRecurring(ctx.db, id))!;
}

/**
 * The daily job (also run at start): records the charges due (catching up missed periods), runs the live
 * certificate checks that are due, and sends expiry reminders 30/14/7/1 days ahead — in that order, so a
 * corrected expiry is what the reminder speaks of. Idempotent: charges are unique per billing date and
 * notices keyed per person. Each item is its own transaction, so one that fails does not hold back the rest.
 */
export async function recurringServicesJob(
  ctx: Ctx,
  read: CertificateReader = readCertificate,
): Promise<RecurringJobResult> {
  const totals: RecurringJobResult = { charges: 0, notices: 0, checked: 0, corrected: 0 };
  const failed: number[] = [];
  const nowMs = ctx.clock.now().getTime();
  let afterId = 0;
  for (;;) {
    const batch = await repo.listActiveForJob(ctx.db, afterId, 200);
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.id;
    for (const candidate of batch) {
      try {
        totals.charges += await recordChargesDue(ctx, candidate.id);
        const item = await repo.findRecurring(ctx.db, candidate.id);
        if (item?.live_check === 1 && item.host) {
          const last = item.last_check_at ? Date.parse(item.last_check_at) : 0;
          if (nowMs - last >= RECHECK_AFTER_MS) {
            const outcome = await runLiveCheck(ctx, candidate.id, read);
            totals.checked++;
            if (outcome.corrected) totals.corrected++;
          }
        }
        totals.notices += await sendReminderDue(ctx, candidate.id);
      } catch (err) {
        ctx.log.error({ err, recurringServiceId: candidate.id }, 'recurring services job failed for one item');
        failed.push(candidate.id);
      }
    }
  }
  if (failed.length)
    throw new Error(
      `The recurring services job failed for item id(s) ${failed.join(', ')} (see the log); the others were processed: ${JSON.stringify(totals)}`,
    );
  return totals;
}
