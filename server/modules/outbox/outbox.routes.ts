import { IdParams, problemResponses, type App } from '../../http/types.js';
import type { Installation } from '../../installation.js';
import { OutboxItemView, presentOutboxItem } from './outbox.presenter.js';
import { OutboxListQuery, OutboxOverviewView } from './outbox.schemas.js';
import * as outbox from './outbox.service.js';

export async function outboxRoutes(app: App, opts: { installation: Installation }) {
  const config = opts.installation.config;
  const tags = ['outbox'];
  app.get(
    '/outbox',
    {
      schema: {
        tags,
        summary: 'Queued, sent and failed e-mails and SMS, newest first (admin)',
        querystring: OutboxListQuery,
        response: { 200: OutboxOverviewView, ...problemResponses },
      },
    },
    async (req) => {
      const overview = await outbox.outboxOverview(req.ctx(), config, req.query);
      return { ...overview, items: overview.items.map(presentOutboxItem) };
    },
  );
  app.get(
    '/outbox/:id',
    { schema: { tags, params: IdParams, response: { 200: OutboxItemView, ...problemResponses } } },
    async (req) => presentOutboxItem(await outbox.getOutboxItem(req.ctx(), req.params.id)),
  );
  app.post(
    '/outbox/:id/retry',
    {
      schema: {
        tags,
        summary: 'Send a failed (or waiting) item again now, with a fresh backoff (admin)',
        params: IdParams,
        response: { 200: OutboxItemView, ...problemResponses },
      },
    },
    async (req) => presentOutboxItem(await outbox.retryOutboxItem(req.ctx(), req.params.id)),
  );
}
