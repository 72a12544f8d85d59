import type { Actor, TxCtx } from '../../context.js';
import type { AgreementStatus } from '../../db/schema.js';
import { statusChanged } from './agreement-events.js';
import { queueAgreementNotice } from './agreement-notify.js';
import { daysBetween } from './agreement-period.js';
import { assertTransition, historyAction, type AgreementEvent } from './agreement.states.js';
import * as repo from './agreements.repository.js';

/** How the history names who did something. */
export function actorKey(actor: Actor): string {
  if (actor.kind === 'agent') return `agent:${actor.id}`;
  if (actor.kind === 'contact') return `contact:${actor.id}`;
  return actor.name;
}

/** Changes that follow from the calendar are the system's, even when a person's edit set them off. */
export const automaticActor = (actor: Actor) => (actor.kind === 'system' ? actor.name : 'system');

export interface Moved {
  agreement: repo.AgreementRow;
  from: AgreementStatus;
  to: AgreementStatus;
  notices: number;
}

/**
 * Moves an agreement by one event inside the caller's transaction: checks the transition table, writes the
 * status and the history entry, queues the activation or expiry notice and tells the listeners.
 */
export async function applyEvent(
  tx: TxCtx,
  agreement: repo.AgreementRow,
  event: AgreementEvent,
  opts: { actor: string; reason: string | null; notify?: boolean },
): Promise<Moved> {
  const from = agreement.status;
  const to = assertTransition(agreement, event);
  const at = tx.clock.now().toISOString();
  await repo.updateAgreement(tx.db, agreement.id, { status: to, updated_at: at });
  await repo.insertHistory(tx.db, {
    agreement_id: agreement.id,
    at,
    actor: opts.actor,
    action: historyAction[event],
    from_status: from,
    to_status: to,
    reason: opts.reason,
  });
  const moved = { ...agreement, status: to, updated_at: at };
  let notices = 0;
  if (opts.notify !== false && (to === 'active' || to === 'expired'))
    notices = await queueAgreementNotice(tx, moved, { kind: to === 'active' ? 'activated' : 'expired' });
  await statusChanged(tx, agreement.id, from, to);
  return { agreement: moved, from, to, notices };
}

export interface Settled {
  agreement: repo.AgreementRow;
  activated: boolean;
  expired: boolean;
  notices: number;
}

/**
 * Brings an agreement in line with its dates on `today` (its calendar's local date): a planned one whose
 * period has begun becomes active, an active one whose last day has passed expires. An agreement whose whole
 * period went by unseen (the server was off) is activated and expired in one go, with only the expiry notice:
 * telling a client that a contract "is now in force" after it ended would be wrong.
 */
export async function settleByDate(
  tx: TxCtx,
  agreement: repo.AgreementRow,
  today: string,
  actor: string,
): Promise<Settled> {
  let current = agreement;
  let activated = false;
  let expired = false;
  let notices = 0;
  if (current.status === 'planned' && current.start_date <= today) {
    const ended = current.end_date < today;
    const moved = await applyEvent(tx, current, 'start', {
      actor,
      reason: `The period began on ${current.start_date}`,
      notify: !ended,
    });
    ({ agreement: current } = moved);
    notices += moved.notices;
    activated = true;
  }
  if (current.status === 'active' && current.end_date < today) {
    const late = daysBetween(current.end_date, today) - 1;
    const reason = `The last covered day was ${current.end_date}${late > 0 ? ` (noticed ${late} day${late === 1 ? '' : 's'} late)` : ''}`;
    const moved = await applyEvent(tx, current, 'expire', { actor, reason });
    ({ agreement: current } = moved);
    notices += moved.notices;
    expired = true;
  }
  return { agreement: current, activated, expired, notices };
}
