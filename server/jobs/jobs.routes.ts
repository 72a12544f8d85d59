import { Type } from '@sinclair/typebox';
import { problemResponses, OrNull, type App } from '../http/types.js';
import { authorize } from '../modules/auth/index.js';
import { findJob, jobs } from './registry.js';
import { runJob } from './runner.js';
import { systemActor } from '../context.js';
import { notFound } from '../shared/errors.js';
import { lastRuns } from './jobs.repository.js';

const Run = Type.Object({
  id: Type.Integer(),
  trigger: Type.String(),
  status: Type.String(),
  startedAt: Type.String(),
  finishedAt: OrNull.String(),
  result: Type.Unknown(),
  error: OrNull.String(),
});

export async function jobRoutes(app: App) {
  app.get(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Scheduled jobs with their recent runs (admins)',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                name: Type.String(),
                schedule: Type.String(),
                description: Type.String(),
                runs: Type.Array(Run),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      authorize(ctx.actor, 'settings.manage');
      const items = [];
      for (const job of jobs) {
        const runs = await lastRuns(ctx.db, job.name, 10);
        items.push({
          name: job.name,
          schedule: job.schedule,
          description: job.description,
          runs: runs.map((r) => ({
            id: r.id,
            trigger: r.trigger,
            status: r.status,
            startedAt: r.started_at,
            finishedAt: r.finished_at,
            result: r.result === null ? null : JSON.parse(r.result),
            error: r.error,
          })),
        });
      }
      return { items };
    },
  );
  app.post(
    '/jobs/:name/run',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Run a job now (admins); refused while it runs elsewhere',
        params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            status: Type.String(),
            runId: Type.Optional(Type.Integer()),
            result: Type.Optional(Type.Unknown()),
            error: Type.Optional(Type.String()),
            reason: Type.Optional(Type.String()),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      authorize(ctx.actor, 'settings.manage');
      const job = findJob(req.params.name);
      if (!job) throw notFound(`Job ${req.params.name}`);
      const by = ctx.actor.kind === 'agent' ? `agent:${ctx.actor.id}` : 'api';
      return runJob({ ...ctx, actor: systemActor(`job:${job.name} (run by ${by})`) }, job, 'manual');
    },
  );
}
