import { Type } from '@sinclair/typebox';
import { IdParams, Page, problemResponses, type App } from '../../http/types.js';
import { ClientCostSchema, presentCost } from './client-costs.presenter.js';
import { ClientCostListQuery, CreateClientCostBody, UpdateClientCostBody } from './client-costs.schemas.js';
import * as costs from './client-costs.service.js';

export async function clientCostRoutes(app: App) {
  const tags = ['client costs'];
  app.get(
    '/client-costs',
    {
      schema: {
        tags,
        summary: 'Purchases made for clients, newest first (filter by organization, period, re-billed)',
        querystring: ClientCostListQuery,
        response: { 200: Page(ClientCostSchema), ...problemResponses },
      },
    },
    async (req) => {
      const page = await costs.listCosts(req.ctx(), req.query);
      return { items: page.items.map(presentCost), nextCursor: page.nextCursor };
    },
  );
  app.post(
    '/client-costs',
    {
      schema: {
        tags,
        summary: 'Record a purchase; VAT is computed in whole kopecks (half up) from the net or the gross amount',
        body: CreateClientCostBody,
        response: { 201: ClientCostSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentCost(await costs.createCost(req.ctx(), req.body))),
  );
  app.get(
    '/client-costs/:id',
    { schema: { tags, params: IdParams, response: { 200: ClientCostSchema, ...problemResponses } } },
    async (req) => presentCost(await costs.getCost(req.ctx(), req.params.id)),
  );
  app.patch(
    '/client-costs/:id',
    {
      schema: {
        tags,
        summary: 'Change a purchase not yet invoiced (else 409)',
        params: IdParams,
        body: UpdateClientCostBody,
        response: { 200: ClientCostSchema, ...problemResponses },
      },
    },
    async (req) => presentCost(await costs.updateCost(req.ctx(), req.params.id, req.body)),
  );
  app.delete(
    '/client-costs/:id',
    {
      schema: {
        tags,
        summary: 'Delete a purchase not yet invoiced (else 409)',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await costs.deleteCost(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
