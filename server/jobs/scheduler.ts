import cron, { type ScheduledTask } from 'node-cron';
import type { Installation } from '../installation.js';
import { systemActor } from '../context.js';
import { jobs, type Job } from './registry.js';

/** Runs one job with a system context, logging its outcome; a failing job never takes the server down. */
export async function runJob(inst: Installation, job: Job): Promise<unknown> {
  const started = Date.now();
  try {
    const result = await job.run(inst.ctx(systemActor(`job:${job.name}`)));
    inst.log.info({ job: job.name, ms: Date.now() - started }, 'job finished');
    return result;
  } catch (err) {
    inst.log.error({ job: job.name, err }, 'job failed');
    throw err;
  }
}

/** Schedules every job of the registry; returns a stop function for graceful shutdown. */
export function startJobs(inst: Installation): () => Promise<void> {
  const tasks: ScheduledTask[] = [];
  for (const job of jobs) {
    tasks.push(cron.schedule(job.schedule, () => runJob(inst, job).catch(() => undefined), { name: job.name, noOverlap: true }));
    if (job.runAtStart) void runJob(inst, job).catch(() => undefined);
  }
  return async () => {
    for (const task of tasks) await task.stop();
  };
}
