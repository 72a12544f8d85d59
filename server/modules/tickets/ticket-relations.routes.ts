import { Type } from '@sinclair/typebox';
import { IdParams, problemResponses, type App } from '../../http/types.js';
import { PrioritySchema, StatusSchema, TicketTypeSchema } from './tickets.schemas.js';
import { bulkUpdate } from './tickets-bulk.js';
import { mergeTicket } from './ticket-merge.js';
import { linkTickets, listLinks, unlinkTickets } from './ticket-links.js';

const Id = Type.Integer({ minimum: 1 });
const LinkKind = Type.Union(['duplicate_of', 'related', 'parent_of', 'child_of'].map((v) => Type.Literal(v)));

const BulkBody = Type.Object(
  {
    ids: Type.Array(Id, { minItems: 1, maxItems: 500 }),
    set: Type.Object(
      {
        status: Type.Optional(StatusSchema),
        priority: Type.Optional(PrioritySchema),
        type: Type.Optional(TicketTypeSchema),
        assigneeId: Type.Optional(Type.Union([Id, Type.Null()])),
        teamId: Type.Optional(Type.Union([Id, Type.Null()])),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
  },
  { additionalProperties: false },
);
const BulkResult = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { id: Type.Integer(), ok: Type.Boolean(), error: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const MergeResult = Type.Object(
  {
    mergedTicketId: Type.Integer(),
    intoTicketId: Type.Integer(),
    comments: Type.Integer(),
    attachments: Type.Integer(),
    worklogsLinked: Type.Integer(),
  },
  { additionalProperties: false },
);
const LinkSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String({
      description: 'As seen from this ticket: duplicate_of, duplicated_by, related, parent_of, child_of',
    }),
    ticket: Type.Object({ id: Type.Integer(), number: Type.Integer(), subject: Type.String(), status: Type.String() }),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
const Links = Type.Object({ items: Type.Array(LinkSchema) }, { additionalProperties: false });

/** Work on several tickets at once: bulk changes, merging, links. */
export async function ticketRelationRoutes(app: App) {
  const tags = ['tickets'];
  app.post(
    '/tickets/bulk',
    {
      schema: {
        tags,
        summary: 'Change many tickets at once; each goes through the same checks as PATCH, partial success allowed',
        body: BulkBody,
        response: { 200: BulkResult, ...problemResponses },
      },
    },
    async (req) => ({ items: await bulkUpdate(req.ctx(), req.body.ids, req.body.set as never) }),
  );
  app.post(
    '/tickets/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge this ticket into another of the same client: the conversation moves, this one is closed',
        params: IdParams,
        body: Type.Object({ intoTicketId: Id }, { additionalProperties: false }),
        response: { 200: MergeResult, ...problemResponses },
      },
    },
    async (req) => mergeTicket(req.ctx(), req.params.id, req.body),
  );
  app.get(
    '/tickets/:id/links',
    { schema: { tags, params: IdParams, response: { 200: Links, ...problemResponses } } },
    async (req) => ({ items: (await listLinks(req.ctx(), req.params.id)) as never }),
  );
  app.post(
    '/tickets/:id/links',
    {
      schema: {
        tags,
        summary: 'Link to another ticket (the other ticket shows the reverse link)',
        params: IdParams,
        body: Type.Object({ ticketId: Id, kind: LinkKind }, { additionalProperties: false }),
        response: { 201: Links, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send({ items: (await linkTickets(req.ctx(), req.params.id, req.body as never)) as never }),
  );
  app.delete(
    '/tickets/:id/links/:linkId',
    {
      schema: {
        tags,
        params: Type.Object({ id: Id, linkId: Id }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await unlinkTickets(req.ctx(), req.params.id, req.params.linkId);
      return reply.status(204).send(null);
    },
  );
}
