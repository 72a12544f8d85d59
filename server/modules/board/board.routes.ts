import { Type } from '@sinclair/typebox';
import { OrNull, problemResponses, type App } from '../../http/types.js';
import type { TicketPriority, TicketStatus, TicketType } from '../../db/schema.js';
import * as service from './board.service.js';

const csv = (pattern: string) => Type.String({ pattern: `^(${pattern})(,(${pattern}))*$` });
const split = <T extends string>(v: string | undefined) => (v ? (v.split(',') as T[]) : undefined);

const BoardQuery = Type.Object(
  {
    groupBy: Type.Union([Type.Literal('assignee'), Type.Literal('team')], { default: 'assignee' }),
    status: Type.Optional(csv('new|open|in_progress|waiting_for_client|on_approval|resolved|closed|active')),
    priority: Type.Optional(csv('P1|P2|P3|P4')),
    type: Type.Optional(csv('incident|request|question|change')),
    assigneeId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('me'), Type.Literal('none')])),
    teamId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('mine'), Type.Literal('none')])),
    organizationId: Type.Optional(Type.Integer({ minimum: 1 })),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  },
  { additionalProperties: false },
);
const Card = Type.Object(
  {
    id: Type.Integer(),
    number: Type.Integer(),
    subject: Type.String(),
    status: Type.String(),
    priority: Type.String(),
    slaState: Type.String(),
    organizationName: Type.String(),
  },
  { additionalProperties: false },
);
const BoardSchema = Type.Object(
  {
    groupBy: Type.String(),
    statuses: Type.Array(Type.String()),
    columns: Type.Array(
      Type.Object(
        {
          id: OrNull.Integer(),
          name: OrNull.String(),
          wip: Type.Integer(),
          cells: Type.Array(
            Type.Object(
              { status: Type.String(), count: Type.Integer(), cards: Type.Array(Card) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const WorkloadSchema = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    items: Type.Array(
      Type.Object(
        {
          agentId: Type.Integer(),
          name: Type.String(),
          open: Type.Integer(),
          dueSoon: Type.Integer(),
          breached: Type.Integer(),
          plannedMinutes: Type.Integer(),
          availableMinutes: Type.Integer(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export async function boardRoutes(app: App) {
  const tags = ['board'];
  app.get(
    '/board',
    {
      schema: {
        tags,
        summary: 'Kanban: columns (engineer or team) × status with cards and WIP counts; the queue filters apply',
        querystring: BoardQuery,
        response: { 200: BoardSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const q = req.query;
      const me = ctx.actor.kind === 'agent' ? ctx.actor.id : -1;
      const status = split<TicketStatus | 'active'>(q.status)?.flatMap((s) =>
        s === 'active' ? (['new', 'open', 'in_progress', 'waiting_for_client', 'on_approval'] as const) : [s],
      );
      return service.board(ctx, q.groupBy, {
        status,
        priority: split<TicketPriority>(q.priority),
        type: split<TicketType>(q.type),
        assigneeId: q.assigneeId === 'none' ? null : q.assigneeId === 'me' ? me : q.assigneeId,
        ...(q.teamId === 'mine' ? { teamsOfAgentId: me } : { teamId: q.teamId === 'none' ? null : q.teamId }),
        organizationId: q.organizationId,
        tag: q.tag,
      });
    },
  );
  app.get(
    '/workload',
    {
      schema: {
        tags,
        summary: "Each engineer's open, due-soon and breached tickets, planned vs available minutes",
        querystring: Type.Object(
          { from: Type.Optional(Type.String({ maxLength: 40 })), to: Type.Optional(Type.String({ maxLength: 40 })) },
          { additionalProperties: false },
        ),
        response: { 200: WorkloadSchema, ...problemResponses },
      },
    },
    async (req) => service.workload(req.ctx(), req.query),
  );
}
