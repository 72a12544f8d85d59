import { Type } from '@sinclair/typebox';
import { IdParams, Page, problemResponses, type App } from '../../http/types.js';
import { checkRecurringNow } from './recurring-job.js';
import {
  presentCharge,
  presentRecurring,
  RecurringChargeSchema,
  RecurringServiceSchema,
} from './recurring.presenter.js';
import { ChargeListQuery, CreateRecurringBody, RecurringListQuery, UpdateRecurringBody } from './recurring.schemas.js';
import * as recurring from './recurring.service.js';

export async function recurringRoutes(app: App) {
  const tags = ['recurring services'];
  app.get(
    '/recurring-services',
    {
      schema: {
        tags,
        summary:
          'Recurring services (domains, certificates, hosting …) by name; `expiringWithinDays=N` lists those expiring within N days and active ones already expired, by expiry',
        querystring: RecurringListQuery,
        response: { 200: Page(RecurringServiceSchema), ...problemResponses },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const page = await recurring.listRecurring(ctx, req.query);
      const viewer = recurring.viewerOf(ctx);
      return { items: page.items.map((r) => presentRecurring(r, viewer)), nextCursor: page.nextCursor };
    },
  );
  app.post(
    '/recurring-services',
    { schema: { tags, body: CreateRecurringBody, response: { 201: RecurringServiceSchema, ...problemResponses } } },
    async (req, reply) => {
      const ctx = req.ctx();
      const item = await recurring.createRecurring(ctx, req.body);
      return reply.status(201).send(presentRecurring(item, recurring.viewerOf(ctx)));
    },
  );
  app.get(
    '/recurring-services/:id',
    { schema: { tags, params: IdParams, response: { 200: RecurringServiceSchema, ...problemResponses } } },
    async (req) => {
      const ctx = req.ctx();
      return presentRecurring(await recurring.getRecurring(ctx, req.params.id), recurring.viewerOf(ctx));
    },
  );
  app.patch(
    '/recurring-services/:id',
    {
      schema: {
        tags,
        summary: 'Change an item; a new next billing date or frequency restarts the schedule from there',
        params: IdParams,
        body: UpdateRecurringBody,
        response: { 200: RecurringServiceSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentRecurring(await recurring.updateRecurring(ctx, req.params.id, req.body), recurring.viewerOf(ctx));
    },
  );
  app.delete(
    '/recurring-services/:id',
    {
      schema: {
        tags,
        summary: 'Delete an item without recorded charges (else 409: deactivate it)',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await recurring.deleteRecurring(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/recurring-services/:id/check',
    {
      schema: {
        tags,
        summary: "Reads the host's live TLS certificate now; corrects the expiry when it differs",
        params: IdParams,
        response: { 200: RecurringServiceSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentRecurring(await checkRecurringNow(ctx, req.params.id), recurring.viewerOf(ctx));
    },
  );
  app.get(
    '/recurring-charges',
    {
      schema: {
        tags,
        summary: 'Charges the daily job recorded for billing dates, by date (invoiced later by documents)',
        querystring: ChargeListQuery,
        response: { 200: Page(RecurringChargeSchema), ...problemResponses },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const page = await recurring.listCharges(ctx, req.query);
      const showCost = recurring.maySeeCost(ctx.actor);
      return { items: page.items.map((c) => presentCharge(c, showCost)), nextCursor: page.nextCursor };
    },
  );
}
