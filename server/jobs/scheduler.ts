import cron, { type ScheduledTask } from 'node-cron';
import type { Installation } from '../installation.js';
import { systemActor } from '../context.js';
import { keepLease } from '../cluster/index.js';
import { jobs } from './registry.js';
import { runJob } from './runner.js';

/** The lease of the node that runs the scheduled jobs; the other nodes stand by and take it over. */
export const SCHEDULER_LEASE = 'scheduler';

/**
 * Schedules every job of the registry on this node, but a tick runs its job only while this node holds the
 * `scheduler` lease: with several nodes on one database each job fires on exactly one of them. The catch-up jobs
 * (runAtStart) run whenever the lease is taken — at start, and on the node that takes over from one that died.
 * Returns a stop for shutdown, which also gives the lease up so a standing-by node takes over at once.
 */
export function startJobs(inst: Installation): () => Promise<void> {
  const ctx = (name: string) => inst.ctx(systemActor(`job:${name}`));
  // Runs under way here: a clean stop lets them finish before the lease (and the node's row) lets another node in.
  const inflight = new Set<Promise<unknown>>();
  const run = (job: (typeof jobs)[number], trigger: 'schedule' | 'start') => {
    const done = runJob(ctx(job.name), job, trigger).finally(() => inflight.delete(done));
    inflight.add(done);
    return done;
  };
  const leader = keepLease(inst, SCHEDULER_LEASE, {
    onAcquired: () => {
      for (const job of jobs) if (job.runAtStart) void run(job, 'start');
    },
  });
  const tasks: ScheduledTask[] = [];
  for (const job of jobs) {
    tasks.push(
      cron.schedule(
        job.schedule,
        async () => {
          if (leader.holds()) await run(job, 'schedule');
        },
        { name: job.name, noOverlap: true },
      ),
    );
  }
  return async () => {
    for (const task of tasks) await task.stop();
    await Promise.allSettled([...inflight]);
    await leader.stop();
  };
}
