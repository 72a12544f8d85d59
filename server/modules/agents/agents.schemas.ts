import { OrNull } from '../../http/types.js';
import { Type } from '@sinclair/typebox';

export const Role = Type.Union([
  Type.Literal('admin'),
  Type.Literal('manager'),
  Type.Literal('engineer'),
  Type.Literal('accountant'),
]);
export const Language = Type.Union([Type.Literal('ru'), Type.Literal('en')]);

export const CreateAgentBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: Role,
    password: Type.Optional(Type.String({ minLength: 10, maxLength: 256 })),
    language: Type.Optional(Language),
    timezone: Type.Optional(Type.String({ maxLength: 64 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const UpdateAgentBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(Role),
    active: Type.Optional(Type.Boolean()),
    language: Type.Optional(Language),
    timezone: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    password: Type.Optional(Type.String({ minLength: 10, maxLength: 256 })),
    /** Required when agents change their own password; an admin resetting another agent's does not give it. */
    currentPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TokenScope = Type.Union([Type.Literal('read'), Type.Literal('write')], {
  description: 'read: GET/HEAD only; write: everything the agent may do',
});
export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scope: Type.Optional(TokenScope),
    scopes: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
        maxItems: 20,
        description: 'What the token may touch: read, write, tickets:write, organizations:write, … admin',
      }),
    ),
    rateLimitPerMinute: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()])),
    expiresAt: Type.Optional(
      Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
        description: 'When the token stops working (in the future); absent or null: never',
      }),
    ),
  },
  { additionalProperties: false },
);
export const CreatedTokenSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  token: Type.String(),
  scope: TokenScope,
  scopes: Type.Array(Type.String()),
  rateLimitPerMinute: OrNull.Integer(),
  expiresAt: OrNull.String(),
});
export const TokenSchema = Type.Object({
  id: Type.Integer(),
  agentId: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  scope: TokenScope,
  scopes: Type.Array(Type.String()),
  rateLimitPerMinute: OrNull.Integer(),
  createdAt: Type.String(),
  expiresAt: OrNull.String(),
  lastUsedAt: OrNull.String(),
  revokedAt: OrNull.String(),
});
