import type { TxCtx } from '../../context.js';
import type { DomainEventMap } from '../../events/domain-events.js';
import { insertHistory } from './tickets.repository.js';

/** A warning or a breach stands in the ticket's history, with the deadline it was about. */
export async function recordSlaEventInHistory(
  tx: TxCtx,
  event: DomainEventMap['sla.warning'] | DomainEventMap['sla.breached'],
): Promise<void> {
  await insertHistory(tx.db, [
    {
      ticket_id: event.ticketId,
      actor_agent_id: null,
      at: tx.clock.now().toISOString(),
      action: 'kind' in event ? `sla_${event.kind}_breached` : 'sla_warning',
      field: null,
      old_value: null,
      new_value: event.due,
    },
  ]);
}
