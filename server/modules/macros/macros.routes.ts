import { Type } from '@sinclair/typebox';
import { IdParams, problemResponses, type App } from '../../http/types.js';
import { MacroSchema, MacroSetSchema, presentMacro } from './macros.presenter.js';
import * as macros from './macros.service.js';

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Body = Type.String({ minLength: 1, maxLength: 20_000 });

const CreateMacroBody = Type.Object(
  { name: Name, body: Body, shared: Type.Optional(Type.Boolean()), set: Type.Optional(MacroSetSchema) },
  { additionalProperties: false },
);
const UpdateMacroBody = Type.Object(
  {
    name: Type.Optional(Name),
    body: Type.Optional(Body),
    shared: Type.Optional(Type.Boolean()),
    set: Type.Optional(MacroSetSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);

export async function macroRoutes(app: App) {
  const tags = ['macros'];
  app.get(
    '/macros',
    {
      schema: {
        tags,
        summary: 'Canned replies: the shared ones and my own',
        response: { 200: Type.Object({ items: Type.Array(MacroSchema) }), ...problemResponses },
      },
    },
    async (req) => ({ items: (await macros.listMacros(req.ctx())).map(presentMacro) }),
  );
  app.post(
    '/macros',
    {
      schema: {
        tags,
        summary: 'A canned reply: Mustache body ({{ticket.number}}, {{contact.name}}, {{agent.name}} …), field changes',
        body: CreateMacroBody,
        response: { 201: MacroSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        presentMacro(
          await macros.createMacro(req.ctx(), {
            name: req.body.name,
            body: req.body.body,
            shared: req.body.shared ?? false,
            set: req.body.set ?? {},
          }),
        ),
      ),
  );
  app.patch(
    '/macros/:id',
    {
      schema: { tags, params: IdParams, body: UpdateMacroBody, response: { 200: MacroSchema, ...problemResponses } },
    },
    async (req) => presentMacro(await macros.updateMacro(req.ctx(), req.params.id, req.body)),
  );
  app.delete(
    '/macros/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (req, reply) => {
      await macros.deleteMacro(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/macros/:id/render',
    {
      schema: {
        tags,
        summary: "A macro's text for a ticket with its variables filled in, and the field changes it makes",
        params: IdParams,
        querystring: Type.Object({ ticketId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ body: Type.String(), set: MacroSetSchema }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const { body, macro } = await macros.renderMacro(req.ctx(), req.params.id, req.query.ticketId);
      return { body, set: presentMacro(macro).set };
    },
  );
}
