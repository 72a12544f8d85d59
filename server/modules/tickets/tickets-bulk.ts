import type { Ctx } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { updateTicket, type UpdateTicketInput } from './tickets.service.js';

export type BulkSet = Pick<UpdateTicketInput, 'status' | 'priority' | 'type' | 'assigneeId' | 'teamId'>;
export interface BulkItemResult {
  id: number;
  ok: boolean;
  error?: string;
}

/**
 * Applies one change to many tickets, each through the same service (state machine, policies, SLA, history) as a
 * PATCH, each in its own transaction: one ticket refused does not hold back the others, and the caller is told
 * which and why.
 */
export async function bulkUpdate(ctx: Ctx, ids: readonly number[], set: BulkSet): Promise<BulkItemResult[]> {
  authorize(ctx.actor, 'ticket.update');
  // Started together so the separate transactions share group commits instead of waiting for one fsync each.
  return Promise.all(
    [...new Set(ids)].map(async (id): Promise<BulkItemResult> => {
      try {
        await updateTicket(ctx, id, set);
        return { id, ok: true };
      } catch (err) {
        // Only refusals a person can act on are reported per ticket; anything else is a fault and fails loudly.
        if (!(err instanceof AppError)) throw err;
        return { id, ok: false, error: err.message };
      }
    }),
  );
}
