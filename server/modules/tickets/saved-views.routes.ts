import { Type } from '@sinclair/typebox';
import { IdParams, OrNull, problemResponses, type App } from '../../http/types.js';
import { SavedViewBody } from './tickets.schemas.js';
import * as views from './saved-views.service.js';

const ViewSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    query: Type.String(),
    teamId: OrNull.Integer(),
    teamName: OrNull.String(),
    /** The agent's own view (they may delete it); false: shared with them by a team. */
    mine: Type.Boolean(),
  },
  { additionalProperties: false },
);

export async function savedViewRoutes(app: App) {
  const tags = ['tickets'];
  app.get(
    '/views',
    {
      schema: {
        tags,
        summary: 'My saved queue views and those shared with my teams',
        response: { 200: Type.Object({ items: Type.Array(ViewSchema) }), ...problemResponses },
      },
    },
    async (req) => ({
      items: await views.listViews(req.ctx()),
    }),
  );
  app.post(
    '/views',
    { schema: { tags, body: SavedViewBody, response: { 201: ViewSchema, ...problemResponses } } },
    async (req, reply) => reply.status(201).send(await views.saveView(req.ctx(), req.body)),
  );
  app.delete(
    '/views/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (req, reply) => {
      await views.deleteView(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
