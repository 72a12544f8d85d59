import type { Ctx } from '../context.js';
import { systemActor } from '../context.js';
import { authorize } from '../modules/auth/index.js';
import { notFound } from '../shared/errors.js';
import * as repo from './jobs.repository.js';
import { findJob, jobs, type Job } from './registry.js';
import { runJob, type JobOutcome } from './runner.js';

export type JobRun = Awaited<ReturnType<typeof repo.lastRuns>>[number];

/**
 * A job's newest runs, newest first. The one reading of the run log that the API, `ondesk jobs list` and
 * `ondesk doctor` share, so they always agree on what "last run" means.
 */
export function recentRuns(ctx: Ctx, job: string, limit: number): Promise<JobRun[]> {
  return repo.lastRuns(ctx.db, job, limit);
}

/** A job's last run (running, ok or failed), or undefined when it never ran. */
export async function lastRun(ctx: Ctx, job: string): Promise<JobRun | undefined> {
  const [last] = await recentRuns(ctx, job, 1);
  return last;
}

/** Every job of the registry with its newest runs, for admins. */
export async function jobsWithRecentRuns(ctx: Ctx, runsPerJob: number): Promise<{ job: Job; runs: JobRun[] }[]> {
  authorize(ctx.actor, 'settings.manage');
  const items = [];
  for (const job of jobs) items.push({ job, runs: await recentRuns(ctx, job.name, runsPerJob) });
  return items;
}

/** An admin runs a job now. It runs as the system, named after who asked; refused while it runs elsewhere. */
export async function runJobNow(ctx: Ctx, name: string): Promise<JobOutcome> {
  authorize(ctx.actor, 'settings.manage');
  const job = findJob(name);
  if (!job) throw notFound(`Job ${name}`);
  const by = ctx.actor.kind === 'agent' ? `agent:${ctx.actor.id}` : 'api';
  return runJob({ ...ctx, actor: systemActor(`job:${job.name} (run by ${by})`) }, job, 'manual');
}
