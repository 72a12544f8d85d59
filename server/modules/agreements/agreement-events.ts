import type { TxCtx } from '../../context.js';
import type { AgreementStatus } from '../../db/schema.js';
import { publish } from '../../events/event-bus.js';

// What the rest of the desk hears of an agreement's changes (the SLA module recomputes open tickets, see
// server/wiring.ts). Published inside the transaction of the change, so a failing subscriber undoes it.

/** Targets, tier, kind, calendar, warning percent, warranty or covered services changed. */
export async function termsChanged(tx: TxCtx, agreementId: number): Promise<void> {
  await publish(tx, 'agreement.terms_changed', { agreementId });
}

/** Every status transition, by hand or by date. */
export async function statusChanged(
  tx: TxCtx,
  agreementId: number,
  from: AgreementStatus,
  to: AgreementStatus,
): Promise<void> {
  await publish(tx, 'agreement.transitioned', { agreementId, from, to });
}
