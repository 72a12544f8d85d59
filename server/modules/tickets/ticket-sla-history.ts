import type { TxCtx } from '../../context.js';
import type { DomainEventMap } from '../../events/domain-events.js';
import { CommitBuffer } from '../../db/commit-buffer.js';
import { insertHistoryLines, type HistoryLine } from './tickets.repository.js';

/** A sweep records thousands of these at once: they are written together before its COMMIT. */
const slaLines = new CommitBuffer<HistoryLine>(insertHistoryLines);

/** A warning or a breach stands in the ticket's history, with the deadline it was about. */
export async function recordSlaEventInHistory(
  tx: TxCtx,
  event: DomainEventMap['sla.warning'] | DomainEventMap['sla.breached'],
): Promise<void> {
  slaLines.add(tx.commit, {
    ticket_id: event.ticketId,
    actor_agent_id: null,
    at: tx.clock.now().toISOString(),
    action: 'kind' in event ? `sla_${event.kind}_breached` : 'sla_warning',
    field: null,
    old_value: null,
    new_value: event.due,
  });
}
