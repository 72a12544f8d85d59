import cron, { type ScheduledTask } from 'node-cron';
import type { Installation } from '../installation.js';
import { systemActor } from '../context.js';
import { jobs } from './registry.js';
import { runJob } from './runner.js';

/** Schedules every job of the registry (and runs the catch-up ones now); returns a stop for shutdown. */
export function startJobs(inst: Installation): () => Promise<void> {
  const tasks: ScheduledTask[] = [];
  for (const job of jobs) {
    const ctx = () => inst.ctx(systemActor(`job:${job.name}`));
    tasks.push(cron.schedule(job.schedule, () => runJob(ctx(), job, 'schedule'), { name: job.name, noOverlap: true }));
    if (job.runAtStart) void runJob(ctx(), job, 'start');
  }
  return async () => {
    for (const task of tasks) await task.stop();
  };
}
