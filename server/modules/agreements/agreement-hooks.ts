import type { TxCtx } from '../../context.js';
import type { AgreementStatus } from '../../db/schema.js';

/**
 * How other modules follow agreement changes without this module knowing them (the SLA module recomputes
 * the open tickets of an agreement whose terms or status changed). Listeners run inside the transaction of
 * the change, so a failing listener undoes the change and both are never out of step. A transaction may be
 * retried as a whole (see db/write-batcher.ts): listeners do database work through `tx` only.
 */
export interface AgreementHooks {
  /** Targets, calendar, warning percent or covered services changed. */
  afterTermsChanged?(tx: TxCtx, agreementId: number): Promise<void>;
  /** Every status transition, by hand or by date. */
  afterStatusChanged?(tx: TxCtx, agreementId: number, from: AgreementStatus, to: AgreementStatus): Promise<void>;
}

const listeners: AgreementHooks[] = [];

/** Adds a listener; returns the function that removes it again. */
export function registerAgreementHooks(hooks: AgreementHooks): () => void {
  listeners.push(hooks);
  return () => {
    const at = listeners.indexOf(hooks);
    if (at >= 0) listeners.splice(at, 1);
  };
}

export async function termsChanged(tx: TxCtx, agreementId: number): Promise<void> {
  for (const l of listeners) await l.afterTermsChanged?.(tx, agreementId);
}

export async function statusChanged(
  tx: TxCtx,
  agreementId: number,
  from: AgreementStatus,
  to: AgreementStatus,
): Promise<void> {
  for (const l of listeners) await l.afterStatusChanged?.(tx, agreementId, from, to);
}
