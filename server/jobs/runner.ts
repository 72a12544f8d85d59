import type { Ctx } from '../context.js';
import { inTransaction } from '../context.js';
import type { Job } from './registry.js';
import * as repo from './jobs.repository.js';
import { DEFAULT_LEASE_TTL_MS, membershipOf } from '../cluster/index.js';

/** A run older than this that still says "running" was cut off (crash, kill -9); it no longer blocks. */
const LEASE_MS = 15 * 60_000;
const KEEP_RUNS = 500;
const runningHere = new Set<string>();

export type JobOutcome =
  | { status: 'ok'; runId: number; result: unknown }
  | { status: 'failed'; runId: number; error: string }
  | { status: 'skipped'; reason: string };

/**
 * Runs a job once, never twice at once — neither in this process nor alongside another process on the same
 * data (the server and `ondesk jobs run`) — and records the run: start, end, result or error.
 */
export async function runJob(ctx: Ctx, job: Job, trigger: 'schedule' | 'start' | 'manual'): Promise<JobOutcome> {
  if (runningHere.has(job.name)) return { status: 'skipped', reason: `${job.name} is already running` };
  runningHere.add(job.name);
  try {
    const started = ctx.clock.now();
    // Both statements decide on the rows they write, not on an earlier read, so concurrent claims (another node, the
    // CLI) cannot both get a run: an abandoned run is ended by its age, then the insert succeeds only if none runs.
    const claim = await inTransaction(ctx, async (tx) => {
      const membership = membershipOf(ctx.nodeId);
      await repo.abandonStaleRuns(tx.db, {
        job: job.name,
        startedBefore: new Date(started.getTime() - LEASE_MS).toISOString(),
        liveSince: new Date(started.getTime() - (membership?.liveMs ?? DEFAULT_LEASE_TTL_MS)).toISOString(),
        at: started.toISOString(),
      });
      const runId = await repo.claimRun(tx.db, {
        job: job.name,
        trigger,
        started_at: started.toISOString(),
        instance_id: membership?.instanceId ?? null,
      });
      if (runId !== undefined) return { runId };
      const running = await repo.runningRun(tx.db, job.name);
      return {
        skipped: `${job.name} is already running${running ? ` (run ${running.id} since ${running.started_at})` : ''}`,
      };
    });
    if ('skipped' in claim) return { status: 'skipped', reason: claim.skipped! };
    try {
      const result = await job.run(ctx);
      await inTransaction(ctx, async (tx) => {
        await repo.finishRun(tx.db, claim.runId, {
          status: 'ok',
          finished_at: ctx.clock.now().toISOString(),
          result: JSON.stringify(result ?? null),
        });
        await repo.pruneRuns(tx.db, job.name, KEEP_RUNS);
      });
      ctx.log.info({ job: job.name, trigger, ms: Date.now() - started.getTime() }, 'job finished');
      return { status: 'ok', runId: claim.runId, result };
    } catch (err) {
      const message = (err as Error).message;
      await inTransaction(ctx, (tx) =>
        repo.finishRun(tx.db, claim.runId, {
          status: 'failed',
          finished_at: ctx.clock.now().toISOString(),
          error: message,
        }),
      );
      ctx.log.error({ job: job.name, trigger, err }, 'job failed');
      return { status: 'failed', runId: claim.runId, error: message };
    }
  } finally {
    runningHere.delete(job.name);
  }
}
