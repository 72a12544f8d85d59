import { Type, type Static } from '@sinclair/typebox';
import { OrNull } from '../http/types.js';
import type { Job } from './registry.js';
import type { JobRun } from './jobs.service.js';

export const JobRunView = Type.Object({
  id: Type.Integer(),
  trigger: Type.String(),
  status: Type.String(),
  startedAt: Type.String(),
  finishedAt: OrNull.String(),
  result: Type.Unknown(),
  error: OrNull.String(),
});

export const JobView = Type.Object({
  name: Type.String(),
  schedule: Type.String(),
  description: Type.String(),
  runs: Type.Array(JobRunView),
});

export function presentJobRun(r: JobRun): Static<typeof JobRunView> {
  return {
    id: r.id,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    // Stored as JSON text: the API answers with the value the job returned.
    result: r.result === null ? null : JSON.parse(r.result),
    error: r.error,
  };
}

export function presentJob({ job, runs }: { job: Job; runs: JobRun[] }): Static<typeof JobView> {
  return { name: job.name, schedule: job.schedule, description: job.description, runs: runs.map(presentJobRun) };
}
