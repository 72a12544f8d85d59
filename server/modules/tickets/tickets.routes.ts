import { Type } from '@sinclair/typebox';
import { IdParams, Page, problemResponses, type App } from '../../http/types.js';
import type { TicketPriority, TicketStatus, TicketType } from '../../db/schema.js';
import {
  CommentSchema,
  HistorySchema,
  TicketSchema,
  presentComment,
  presentHistory,
  presentTicket,
} from './tickets.presenter.js';
import { CreateCommentBody, CreateTicketBody, QueueQuerySchema, UpdateTicketBody } from './tickets.schemas.js';
import { activeStatuses } from './tickets.states.js';
import { SlaPanelSchema } from '../sla/index.js';
import * as tickets from './tickets.service.js';
import type { QueueSort } from './tickets.repository.js';

const split = <T extends string>(csv: string | undefined) => (csv ? (csv.split(',') as T[]) : undefined);

export async function ticketRoutes(app: App) {
  const tags = ['tickets'];
  app.post(
    '/tickets',
    {
      schema: {
        tags,
        summary: 'Create a ticket',
        body: CreateTicketBody,
        response: { 201: TicketSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentTicket(await tickets.createTicket(req.ctx(), req.body))),
  );

  app.get(
    '/tickets',
    {
      schema: {
        tags,
        summary: 'The queue: filter, sort and page tickets',
        querystring: QueueQuerySchema,
        response: { 200: Page(TicketSchema), ...problemResponses },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const q = req.query;
      const statuses = split<TicketStatus | 'active'>(q.status)?.flatMap((s) =>
        s === 'active' ? activeStatuses : [s],
      );
      const page = await tickets.listQueue(ctx, {
        status: statuses,
        priority: split<TicketPriority>(q.priority),
        type: split<TicketType>(q.type),
        assigneeId:
          q.assigneeId === 'none'
            ? null
            : q.assigneeId === 'me'
              ? ctx.actor.kind === 'agent'
                ? ctx.actor.id
                : -1
              : q.assigneeId,
        ...(q.teamId === 'mine'
          ? { teamsOfAgentId: ctx.actor.kind === 'agent' ? ctx.actor.id : -1 }
          : { teamId: q.teamId === 'none' ? null : q.teamId }),
        organizationId: q.organizationId,
        contactId: q.contactId,
        tag: q.tag,
        text: q.q,
        sort: q.sort as QueueSort,
        limit: q.limit,
        cursor: q.cursor,
      });
      return {
        items: page.items.map((row) => presentTicket(row, page.live.get(row.id) ?? null)),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/tickets/:id',
    { schema: { tags, params: IdParams, response: { 200: TicketSchema, ...problemResponses } } },
    async (req) => {
      const { ticket, live } = await tickets.getTicketWithSla(req.ctx(), req.params.id);
      return presentTicket(ticket, live);
    },
  );
  app.get(
    '/tickets/:id/sla',
    {
      schema: {
        tags,
        summary:
          'The SLA panel: state, deadlines, business-time countdown, pauses; with explain=true the counted intervals',
        params: IdParams,
        querystring: Type.Object({ explain: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Union([SlaPanelSchema, Type.Null()]), ...problemResponses },
      },
    },
    async (req) => tickets.getTicketSla(req.ctx(), req.params.id, { explain: req.query.explain }) as never,
  );
  app.patch(
    '/tickets/:id',
    {
      schema: {
        tags,
        summary: 'Change status, priority, assignee, team, …',
        params: IdParams,
        body: UpdateTicketBody,
        response: { 200: TicketSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      await tickets.updateTicket(ctx, req.params.id, req.body);
      const { ticket, live } = await tickets.getTicketWithSla(ctx, req.params.id);
      return presentTicket(ticket, live);
    },
  );

  app.get(
    '/tickets/:id/comments',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(CommentSchema) }), ...problemResponses },
      },
    },
    async (req) => ({
      items: (await tickets.listComments(req.ctx(), req.params.id)).map(presentComment),
    }),
  );
  app.post(
    '/tickets/:id/comments',
    {
      schema: {
        tags,
        summary: 'Public reply or internal note',
        params: IdParams,
        body: CreateCommentBody,
        response: { 201: CommentSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(presentComment(await tickets.addComment(req.ctx(), req.params.id, req.body))),
  );
  app.get(
    '/tickets/:id/history',
    {
      schema: {
        tags,
        summary: 'Audit history: who changed what, when',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(HistorySchema) }), ...problemResponses },
      },
    },
    async (req) => ({
      items: (await tickets.getHistory(req.ctx(), req.params.id)).map(presentHistory),
    }),
  );
}
