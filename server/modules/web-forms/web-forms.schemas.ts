import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';

const Priority = Type.Union([Type.Literal('P1'), Type.Literal('P2'), Type.Literal('P3'), Type.Literal('P4')]);
const Language = Type.Union([Type.Literal('ru'), Type.Literal('en')]);
const FieldType = Type.Union([
  Type.Literal('text'),
  Type.Literal('textarea'),
  Type.Literal('email'),
  Type.Literal('phone'),
  Type.Literal('select'),
]);
const Label = Type.Object(
  { ru: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const FieldSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40 }),
    type: FieldType,
    label: Label,
    required: Type.Boolean(),
    options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

const Limit = (max: number) => Type.Integer({ minimum: 1, maximum: max });
export const LimitsSchema = Type.Object(
  { perIp: Limit(10_000), perEmail: Limit(10_000), total: Limit(1_000_000) },
  { additionalProperties: false },
);

const editable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  origins: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 20 }),
  serviceId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  priority: Priority,
  fields: Type.Array(FieldSchema, { minItems: 2, maxItems: 25 }),
  language: Language,
  active: Type.Boolean(),
  holdUnknownDomains: Type.Boolean(),
  attachments: Type.Boolean(),
  limits: Type.Partial(LimitsSchema, { additionalProperties: false }),
};

export const CreateFormBody = Type.Object(
  {
    organizationId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    origins: editable.origins,
    name: Type.Optional(editable.name),
    serviceId: Type.Optional(editable.serviceId),
    priority: Type.Optional(editable.priority),
    fields: Type.Optional(editable.fields),
    language: Type.Optional(editable.language),
    active: Type.Optional(editable.active),
    holdUnknownDomains: Type.Optional(editable.holdUnknownDomains),
    attachments: Type.Optional(editable.attachments),
    limits: Type.Optional(editable.limits),
  },
  { additionalProperties: false },
);

export const UpdateFormBody = Type.Partial(
  Type.Object({ organizationId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]), ...editable }),
  { additionalProperties: false, minProperties: 1 },
);

export const KeyParams = Type.Object(
  { key: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }) },
  { additionalProperties: false },
);

export const FormListQuery = Type.Object(
  {
    organizationId: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 100 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const FormSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  organizationId: OrNull.Integer(),
  organizationName: OrNull.String(),
  origins: Type.Array(Type.String()),
  fields: Type.Array(FieldSchema),
  serviceId: OrNull.Integer(),
  serviceName: OrNull.String(),
  priority: Type.String(),
  language: Type.String(),
  active: Type.Boolean(),
  holdUnknownDomains: Type.Boolean(),
  attachments: Type.Boolean(),
  limits: LimitsSchema,
  embedSnippet: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

/** What the embedding page gets: the form to draw, the fill token and the proof-of-work to solve. */
export const ChallengeSchema = Type.Object({
  form: Type.Object({
    key: Type.String(),
    language: Type.String(),
    attachments: Type.Boolean(),
    maxFileBytes: Type.Integer(),
    fields: Type.Array(FieldSchema),
  }),
  token: Type.String(),
  honeypot: Type.String(),
  minFillMs: Type.Integer(),
  challenge: Type.Object({
    algorithm: Type.String(),
    challenge: Type.String(),
    maxnumber: Type.Integer(),
    salt: Type.String(),
    signature: Type.String(),
  }),
});

export const SubmitBody = Type.Object(
  {
    values: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.String({ maxLength: 50_000 }), {
      maxProperties: 30,
    }),
    token: Type.String({ maxLength: 200 }),
    altcha: Type.Optional(Type.String({ maxLength: 4_000 })),
    website: Type.Optional(Type.String({ maxLength: 2_000 })),
  },
  { additionalProperties: false },
);

export const SubmitResult = Type.Object({
  status: Type.Union([Type.Literal('created'), Type.Literal('held')]),
  ticketNumber: Type.Optional(Type.Integer()),
});
