import type { Ctx } from '../../context.js';
import { agentId, inTransaction } from '../../context.js';
import { badRequest, conflict, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import * as repo from './tickets.repository.js';
import * as links from './ticket-links.repository.js';
import { writeLink } from './ticket-links.js';
import { updateTicket } from './tickets.service.js';
import { canTransition } from './tickets.states.js';

/**
 * Merges a ticket into another of the same client: its conversation (comments and their files) moves to the
 * target, it is linked as `duplicate_of` the target and closed. Its worklogs stay where they were written —
 * billed and reported work is frozen to the ticket it was done on — and are reached through the link.
 * One transaction: either all of it happens or none.
 */
export async function mergeTicket(ctx: Ctx, ticketId: number, input: { intoTicketId: number }) {
  authorize(ctx.actor, 'ticket.update');
  if (ticketId === input.intoTicketId) throw badRequest('A ticket cannot be merged into itself');
  return inTransaction(ctx, async (tx) => {
    const source = await repo.findTicket(tx.db, ticketId);
    if (!source) throw notFound(`Ticket ${ticketId}`);
    const target = await repo.findTicket(tx.db, input.intoTicketId);
    if (!target) throw notFound(`Ticket ${input.intoTicketId}`);
    if (source.organization_id !== target.organization_id)
      throw conflict(
        `Ticket #${source.number} (${source.organization_name}) cannot be merged into #${target.number} (${target.organization_name}): tickets of different clients are never merged`,
      );
    if (source.status === 'closed') throw conflict(`Ticket #${source.number} is closed; reopen it to merge it`);
    if (target.status === 'closed')
      throw conflict(`Ticket #${target.number} is closed; reopen it or merge into another ticket`);
    const moved = await links.moveConversation(tx.db, source.id, target.id);
    const worklogs = await links.countWorklogs(tx.db, source.id);
    await writeLink(tx, source.id, target.id, 'duplicate_of');
    const now = tx.clock.now().toISOString();
    await repo.insertHistory(tx.db, [
      {
        ticket_id: source.id,
        actor_agent_id: agentId(tx.actor),
        at: now,
        action: 'merged',
        field: 'into',
        old_value: null,
        new_value: `#${target.number}`,
      },
      {
        ticket_id: target.id,
        actor_agent_id: agentId(tx.actor),
        at: now,
        action: 'merged',
        field: 'from',
        old_value: null,
        new_value: `#${source.number} (${moved.comments} comments, ${moved.attachments} files)`,
      },
    ]);
    // Closed through the same path as PATCH: the state machine, the SLA and notifications follow.
    if (canTransition(source.status, 'closed')) await updateTicket(tx, source.id, { status: 'closed' });
    return { mergedTicketId: source.id, intoTicketId: target.id, ...moved, worklogsLinked: worklogs };
  });
}
