import { Type } from '@sinclair/typebox';

const text = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);
const date = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });
const optionalId = Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]));

const fields = {
  date,
  description: Type.String({ minLength: 1, maxLength: 1000 }),
  vendor: Type.Optional(text(300)),
  amountKopecks: Type.Integer({ minimum: 0, maximum: 100_000_000_000 }),
  vatRate: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()])),
  amountIncludesVat: Type.Optional(
    Type.Boolean({ description: 'true: amountKopecks includes VAT, the net is derived from it' }),
  ),
  rebill: Type.Optional(Type.Boolean()),
  agreementId: optionalId,
  ticketId: optionalId,
};

export const CreateClientCostBody = Type.Object(
  { organizationId: Type.Integer({ minimum: 1 }), ...fields },
  { additionalProperties: false },
);

export const UpdateClientCostBody = Type.Partial(Type.Object(fields), {
  additionalProperties: false,
  minProperties: 1,
});

export const ClientCostListQuery = Type.Object(
  {
    organizationId: Type.Optional(Type.Integer({ minimum: 1 })),
    from: Type.Optional(date),
    to: Type.Optional(date),
    rebill: Type.Optional(Type.Boolean()),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
