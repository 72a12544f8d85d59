import { Type } from '@sinclair/typebox';
import { problemResponses, type App } from '../http/types.js';
import { JobView, presentJob } from './jobs.presenter.js';
import { jobsWithRecentRuns, runJobNow } from './jobs.service.js';

/** How many runs of each job the jobs page shows. */
const RUNS_SHOWN = 10;

export async function jobRoutes(app: App) {
  app.get(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Scheduled jobs with their recent runs (admins)',
        response: { 200: Type.Object({ items: Type.Array(JobView) }), ...problemResponses },
      },
    },
    async (req) => ({ items: (await jobsWithRecentRuns(req.ctx(), RUNS_SHOWN)).map(presentJob) }),
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
    async (req) => runJobNow(req.ctx(), req.params.name),
  );
}
