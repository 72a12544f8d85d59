import { Type } from '@sinclair/typebox';
import { KindSchema } from './recurring.presenter.js';

const text = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);
const date = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });
const kopecks = Type.Integer({ minimum: 0, maximum: 100_000_000_000 });
const Kind = KindSchema;

const fields = {
  kind: Kind,
  name: Type.String({ minLength: 1, maxLength: 300 }),
  vendor: Type.Optional(text(300)),
  costKopecks: Type.Optional(kopecks),
  priceKopecks: Type.Optional(kopecks),
  vatRate: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()])),
  billingEveryMonths: Type.Integer({ minimum: 1, maximum: 120 }),
  nextBillingDate: date,
  expiresOn: Type.Optional(Type.Union([date, Type.Null()])),
  host: Type.Optional(text(260)),
  liveCheck: Type.Optional(Type.Boolean()),
  notifyContactId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  managerId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  notes: Type.Optional(text(10_000)),
  active: Type.Optional(Type.Boolean()),
};

export const CreateRecurringBody = Type.Object(
  { organizationId: Type.Integer({ minimum: 1 }), ...fields },
  { additionalProperties: false },
);

export const UpdateRecurringBody = Type.Partial(Type.Object(fields), {
  additionalProperties: false,
  minProperties: 1,
});

export const RecurringListQuery = Type.Object(
  {
    organizationId: Type.Optional(Type.Integer({ minimum: 1 })),
    kind: Type.Optional(Kind),
    expiringWithinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3660 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const ChargeListQuery = Type.Object(
  {
    organizationId: Type.Optional(Type.Integer({ minimum: 1 })),
    from: Type.Optional(date),
    to: Type.Optional(date),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
