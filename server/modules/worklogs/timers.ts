import type { Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError, forbidden, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { insertWork } from './worklogs.service.js';
import * as repo from './worklogs.repository.js';

/**
 * One timer per agent, kept on the server: a reload, another device or a restart finds it running. Stopping
 * it logs the work it measured.
 */

export interface StopOptions {
  activityId?: number | null;
  activity?: string | number | null;
  comment?: string | null;
  billable?: boolean;
  clientVisible?: boolean;
  /** Throw the measured time away instead of logging it. */
  discard?: boolean;
}

function agentOf(ctx: Ctx): number {
  authorize(ctx.actor, 'worklog.log');
  if (ctx.actor.kind !== 'agent') throw forbidden('Only agents keep timers');
  return ctx.actor.id;
}

export async function currentTimer(ctx: Ctx) {
  return (await repo.findTimer(ctx.db, agentOf(ctx))) ?? null;
}

/**
 * A timer switched to another ticket within its first minute was started by mistake: it logs nothing. One
 * stopped on purpose always logs, at least a minute (the engineer meant to record the work, and whoever calls
 * the API gets the worklog back); the stop dialog offers to discard it instead.
 */
const LEAST_WORK_MS = 60_000;

async function stopRunning(
  tx: TxCtx,
  agentId: number,
  timer: { ticket_id: number; started_at: string },
  opts: StopOptions & { switching?: boolean },
) {
  await repo.deleteTimer(tx.db, agentId);
  const now = tx.clock.now().getTime();
  const started = Date.parse(timer.started_at);
  if (opts.discard || (opts.switching && now - started < LEAST_WORK_MS)) return null;
  return insertWork(tx, {
    ticketId: timer.ticket_id,
    agentId,
    startedAt: timer.started_at,
    endedAt: new Date(Math.max(now, started + LEAST_WORK_MS)).toISOString(),
    ...(opts.activityId !== undefined && { activityId: opts.activityId }),
    ...(opts.activity !== undefined && { activity: opts.activity }),
    ...(opts.comment !== undefined && { comment: opts.comment }),
    ...(opts.billable !== undefined && { billable: opts.billable }),
    ...(opts.clientVisible !== undefined && { clientVisible: opts.clientVisible }),
  });
}

/**
 * Starts the agent's timer on a ticket. One already running on another ticket is not stopped silently: the
 * answer is 409 with that timer, and the desk asks before calling again with `stopRunning`.
 */
export async function startTimer(ctx: Ctx, ticketId: number, opts: { stopRunning?: boolean } = {}) {
  const agentId = agentOf(ctx);
  return inTransaction(ctx, async (tx) => {
    if (!(await repo.ticketForWork(tx.db, ticketId))) throw notFound(`Ticket ${ticketId}`);
    const running = await repo.findTimer(tx.db, agentId);
    if (running?.ticket_id === ticketId) return { timer: running, stopped: null };
    if (running && !opts.stopRunning)
      throw new AppError(
        409,
        'timer_running',
        `Your timer runs on ticket #${running.ticket_number} since ${running.started_at}; stop it first or start here with stopRunning`,
        {
          running: {
            ticketId: running.ticket_id,
            ticketNumber: running.ticket_number,
            ticketSubject: running.ticket_subject,
            startedAt: running.started_at,
          },
        },
      );
    const stopped = running ? await stopRunning(tx, agentId, running, { switching: true }) : null;
    await repo.insertTimer(tx.db, { agent_id: agentId, ticket_id: ticketId, started_at: tx.clock.now().toISOString() });
    return { timer: (await repo.findTimer(tx.db, agentId))!, stopped };
  });
}

export async function stopTimer(ctx: Ctx, ticketId: number, opts: StopOptions) {
  const agentId = agentOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const running = await repo.findTimer(tx.db, agentId);
    if (!running || running.ticket_id !== ticketId)
      throw new AppError(409, 'no_timer', `Your timer does not run on ticket ${ticketId}`);
    return stopRunning(tx, agentId, running, opts);
  });
}
