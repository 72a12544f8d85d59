import { Type } from '@sinclair/typebox';
import { IdParams, Page, problemResponses, type App } from '../../http/types.js';
import { presentService, ServiceSchema } from './services.presenter.js';
import { CreateServiceBody, ServiceListQuery, UpdateServiceBody } from './services.schemas.js';
import * as services from './services.service.js';

export async function serviceRoutes(app: App) {
  const tags = ['services'];
  app.get(
    '/services',
    {
      schema: {
        tags,
        summary: 'The service catalogue by name (filter by active, search name, category, description)',
        querystring: ServiceListQuery,
        response: { 200: Page(ServiceSchema), ...problemResponses },
      },
    },
    async (req) => {
      const page = await services.listServices(req.ctx(), req.query);
      return { items: page.items.map(presentService), nextCursor: page.nextCursor };
    },
  );
  app.post(
    '/services',
    { schema: { tags, body: CreateServiceBody, response: { 201: ServiceSchema, ...problemResponses } } },
    async (req, reply) => reply.status(201).send(presentService(await services.createService(req.ctx(), req.body))),
  );
  app.get(
    '/services/:id',
    { schema: { tags, params: IdParams, response: { 200: ServiceSchema, ...problemResponses } } },
    async (req) => presentService(await services.getService(req.ctx(), req.params.id)),
  );
  app.patch(
    '/services/:id',
    {
      schema: {
        tags,
        summary: 'Change a service; `active: false` retires it',
        params: IdParams,
        body: UpdateServiceBody,
        response: { 200: ServiceSchema, ...problemResponses },
      },
    },
    async (req) => presentService(await services.updateService(req.ctx(), req.params.id, req.body)),
  );
  app.delete(
    '/services/:id',
    {
      schema: {
        tags,
        summary: 'Delete a service nothing refers to (else 409: deactivate it)',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await services.deleteService(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
