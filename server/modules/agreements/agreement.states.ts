import type { AgreementStatus } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';

export const agreementStatuses: AgreementStatus[] = ['draft', 'planned', 'active', 'expired', 'terminated'];

/**
 * What moves an agreement: `plan`, `activate` and `terminate` are done by a person; `start` and `expire`
 * happen by themselves when the agreement's dates come (the lifecycle job, or at once when a change makes
 * the period current).
 */
export type AgreementEvent = 'plan' | 'start' | 'activate' | 'expire' | 'terminate';

/**
 * The agreement lifecycle as data: status → event → next status. Checked in one place (assertTransition);
 * the UI offers exactly these moves. Expired and terminated agreements are final: a new period is a renewal.
 */
export const agreementTransitions: Record<AgreementStatus, Partial<Record<AgreementEvent, AgreementStatus>>> = {
  draft: { plan: 'planned', activate: 'active', terminate: 'terminated' },
  planned: { start: 'active', activate: 'active', terminate: 'terminated' },
  active: { expire: 'expired', terminate: 'terminated' },
  expired: {},
  terminated: {},
};

/** Events a person triggers; the others belong to the calendar. */
export const manualEvents: ReadonlySet<AgreementEvent> = new Set(['plan', 'activate', 'terminate']);

/** The action word kept in the history for each event. */
export const historyAction: Record<AgreementEvent, string> = {
  plan: 'planned',
  start: 'activated',
  activate: 'activated',
  expire: 'expired',
  terminate: 'terminated',
};

export function nextStatus(from: AgreementStatus, event: AgreementEvent): AgreementStatus | null {
  return agreementTransitions[from][event] ?? null;
}

const verbs: Record<AgreementEvent, string> = {
  plan: 'planned',
  start: 'started',
  activate: 'activated',
  expire: 'expired',
  terminate: 'terminated',
};

/** Why an event does not apply, said the way the person needs to hear it: what the agreement is and what to do instead. */
function refusal(number: string, from: AgreementStatus, event: AgreementEvent): string {
  if (from === 'expired') return `Agreement ${number} is expired; renew it instead`;
  if (from === 'terminated') return `Agreement ${number} is terminated; renew it or create a new one instead`;
  if (event === 'plan' && from !== 'draft')
    return `Agreement ${number} is ${from}, not a draft; only drafts are planned`;
  if (event === 'expire') return `Agreement ${number} is ${from}; only active agreements expire`;
  return `Agreement ${number} is ${from} and cannot be ${verbs[event]}`;
}

/** The status an event leads to, or a 409 that names the agreement and the way forward. */
export function assertTransition(
  agreement: { number: string; status: AgreementStatus },
  event: AgreementEvent,
): AgreementStatus {
  const to = nextStatus(agreement.status, event);
  if (to === null) {
    const allowed = Object.keys(agreementTransitions[agreement.status]).filter((e) =>
      manualEvents.has(e as AgreementEvent),
    );
    throw new AppError(409, 'invalid_transition', refusal(agreement.number, agreement.status, event), {
      agreementStatus: agreement.status,
      allowed,
    });
  }
  return to;
}
