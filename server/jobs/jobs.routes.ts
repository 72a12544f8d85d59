import { Type } from '@sinclair/typebox';
import { problemResponses, OrNull, type App } from '../http/types.js';
import { authorize } from '../modules/auth/policy.js';
import { jobs } from './registry.js';
import { lastRuns } from './jobs.repository.js';

const Run = Type.Object({ id: Type.Integer(), trigger: Type.String(), status: Type.String(), startedAt: Type.String(), finishedAt: OrNull.String(), result: Type.Unknown(), error: OrNull.String() });

export async function jobRoutes(app: App) {
  app.get(
    '/jobs',
    { schema: { tags: ['jobs'], summary: 'Scheduled jobs with their recent runs (admins)', response: { 200: Type.Object({ items: Type.Array(Type.Object({ name: Type.String(), schedule: Type.String(), description: Type.String(), runs: Type.Array(Run) })) }), ...problemResponses } } },
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
          runs: runs.map((r) => ({ id: r.id, trigger: r.trigger, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at, result: r.result === null ? null : JSON.parse(r.result), error: r.error })),
        });
      }
      return { items };
    },
  );
}
