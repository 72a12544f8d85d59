import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';
import { apiScopes } from '../auth/index.js';
import { MAX_WAIT_SECONDS } from './events-feed.service.js';

const exampleToken = {
  id: 7,
  agentId: 3,
  name: 'Accounting sync',
  prefix: 'odk_Ab3d',
  scope: 'write',
  scopes: ['read', 'tickets:write'],
  rateLimitPerMinute: null,
  createdAt: '2026-12-04T09:00:00.000Z',
  expiresAt: '2027-06-30T00:00:00.000Z',
  lastUsedAt: '2026-12-04T11:42:00.000Z',
  revokedAt: null,
};

export const ScopeName = Type.Union(
  apiScopes.map((s) => Type.Literal(s)),
  { description: 'A scope of an API token (GET /api/v1/tokens/scopes lists them with what each allows)' },
);

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(ScopeName, { minItems: 1, maxItems: apiScopes.length, uniqueItems: true }),
    expiresAt: Type.Optional(
      Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
        description: 'When the token stops working (in the future); absent or null: never',
      }),
    ),
    rateLimitPerMinute: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()], {
        description: "Requests a minute; absent or null: the installation's default (600)",
      }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ name: 'Accounting sync', scopes: ['read', 'tickets:write'], expiresAt: '2027-06-30T00:00:00Z' }],
  },
);

export const CreatedTokenSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    token: Type.String({ description: 'The secret, shown only in this answer' }),
    scope: Type.Union([Type.Literal('read'), Type.Literal('write')]),
    scopes: Type.Array(Type.String()),
    rateLimitPerMinute: OrNull.Integer(),
    expiresAt: OrNull.String(),
  },
  {
    examples: [
      {
        id: 7,
        name: 'Accounting sync',
        token: 'odk_Ab3dEf6hJk9mNp2qRs5tUv8wXy1zA4bC7dE0fG3h',
        scope: 'write',
        scopes: ['read', 'tickets:write'],
        rateLimitPerMinute: null,
        expiresAt: '2027-06-30T00:00:00.000Z',
      },
    ],
  },
);

export const TokenSchema = Type.Object(
  {
    id: Type.Integer(),
    agentId: Type.Integer(),
    name: Type.String(),
    prefix: Type.String({ description: 'The first characters of the secret, to recognise it' }),
    scope: Type.Union([Type.Literal('read'), Type.Literal('write')]),
    scopes: Type.Array(Type.String()),
    rateLimitPerMinute: OrNull.Integer(),
    createdAt: Type.String(),
    expiresAt: OrNull.String(),
    lastUsedAt: OrNull.String(),
    revokedAt: OrNull.String(),
  },
  { examples: [exampleToken] },
);

export const TokenListSchema = Type.Object(
  { items: Type.Array(TokenSchema) },
  { examples: [{ items: [exampleToken] }] },
);

export const TokenListQuery = Type.Object(
  { agentId: Type.Optional(Type.Integer({ minimum: 1, description: "Another agent's tokens (admins)" })) },
  { additionalProperties: false },
);

export const ScopeListSchema = Type.Object(
  { items: Type.Array(Type.Object({ scope: Type.String(), description: Type.String() })) },
  {
    examples: [
      {
        items: [
          { scope: 'read', description: 'read everything the agent may see (every GET), the events feed included' },
        ],
      },
    ],
  },
);

export const EventsQuery = Type.Object(
  {
    after: Type.Optional(Type.String({ maxLength: 64, description: 'The `next` of an earlier answer' })),
    types: Type.Optional(
      Type.String({ maxLength: 1000, description: 'Comma-separated event types; `agreement.*` takes a family' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    wait: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_WAIT_SECONDS,
        description: 'Seconds to wait for an event when none is there yet (long-poll)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const EventsPageSchema = Type.Object(
  {
    events: Type.Array(
      Type.Object({
        id: Type.Integer(),
        type: Type.String(),
        at: Type.String(),
        data: Type.Object({}, { additionalProperties: true }),
      }),
    ),
    next: Type.String(),
  },
  {
    examples: [
      {
        events: [
          {
            id: 1042,
            type: 'ticket.created',
            at: '2026-12-04T10:15:00.000Z',
            data: { ticketId: 311, number: 311, organizationId: 4, priority: 'P2' },
          },
        ],
        next: 'ZTE6MTA0Mg',
      },
    ],
  },
);
