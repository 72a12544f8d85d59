import { Type } from '@sinclair/typebox';

export const TicketTypeSchema = Type.Union(['incident', 'request', 'question', 'change'].map((v) => Type.Literal(v)));
export const PrioritySchema = Type.Union(['P1', 'P2', 'P3', 'P4'].map((v) => Type.Literal(v)));
export const StatusSchema = Type.Union(
  ['new', 'open', 'in_progress', 'waiting_for_client', 'on_approval', 'resolved', 'closed'].map((v) => Type.Literal(v)),
);
export const ChannelSchema = Type.Union(
  ['agent', 'phone', 'email', 'portal', 'web_form', 'api'].map((v) => Type.Literal(v)),
);
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 30 });
const Id = Type.Integer({ minimum: 1 });

export const CreateTicketBody = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 500 }),
    description: Type.String({ maxLength: 200_000 }),
    organizationId: Id,
    contactId: Type.Optional(Type.Union([Id, Type.Null()])),
    assigneeId: Type.Optional(Type.Union([Id, Type.Null()])),
    teamId: Type.Optional(Type.Union([Id, Type.Null()])),
    type: TicketTypeSchema,
    priority: PrioritySchema,
    channel: Type.Optional(ChannelSchema),
    tags: Type.Optional(Tags),
    serviceId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);

export const UpdateTicketBody = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    priority: Type.Optional(PrioritySchema),
    type: Type.Optional(TicketTypeSchema),
    assigneeId: Type.Optional(Type.Union([Id, Type.Null()])),
    teamId: Type.Optional(Type.Union([Id, Type.Null()])),
    contactId: Type.Optional(Type.Union([Id, Type.Null()])),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    tags: Type.Optional(Tags),
    agreementId: Type.Optional(Type.Union([Id, Type.Null()])),
    resolutionDue: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    deadlineReason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const csv = (pattern: string) => Type.String({ pattern: `^(${pattern})(,(${pattern}))*$` });

export const QueueQuerySchema = Type.Object(
  {
    status: Type.Optional(csv('new|open|in_progress|waiting_for_client|on_approval|resolved|closed|active')),
    priority: Type.Optional(csv('P1|P2|P3|P4')),
    type: Type.Optional(csv('incident|request|question|change')),
    assigneeId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('me'), Type.Literal('none')])),
    teamId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('mine'), Type.Literal('none')])),
    organizationId: Type.Optional(Id),
    contactId: Type.Optional(Id),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Union(
      ['created', '-created', 'updated', '-updated', 'priority', '-priority', 'number', '-number', 'due', '-due'].map(
        (v) => Type.Literal(v),
      ),
      {
        default: '-created',
      },
    ),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const CreateCommentBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 200_000 }),
    public: Type.Boolean(),
    cc: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 320 }), { maxItems: 20 })),
    mentionIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
    channel: Type.Optional(Type.Union([Type.Literal('agent'), Type.Literal('phone')])),
  },
  { additionalProperties: false },
);

export const SavedViewBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    query: Type.String({ maxLength: 2000 }),
    /** Shared with this team's members; left out or null: personal. */
    teamId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);
