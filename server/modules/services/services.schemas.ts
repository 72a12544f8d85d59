import { Type } from '@sinclair/typebox';

const text = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

export const CreateServiceBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(text(10_000)),
    category: Type.Optional(text(200)),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const UpdateServiceBody = Type.Partial(CreateServiceBody, { additionalProperties: false, minProperties: 1 });

export const ServiceListQuery = Type.Object(
  {
    active: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
