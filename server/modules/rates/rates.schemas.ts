import { Type } from '@sinclair/typebox';

const Id = Type.Integer({ minimum: 1 });
const Kopecks = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });
const Percent = Type.Integer({ minimum: 0, maximum: 1000 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const Note = Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]);
const OptionalId = Type.Optional(Type.Union([Id, Type.Null()]));

export const CreateRateCardBody = Type.Object(
  {
    agreementId: OptionalId,
    serviceId: OptionalId,
    agentId: OptionalId,
    rateKopecks: Kopecks,
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export const UpdateRateCardBody = Type.Partial(CreateRateCardBody, { additionalProperties: false, minProperties: 1 });

export const RateCardListQuery = Type.Object(
  {
    agreementId: Type.Optional(Id),
    serviceId: Type.Optional(Id),
    agentId: Type.Optional(Id),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const ResolveQuery = Type.Object(
  { agreementId: Type.Optional(Id), serviceId: Type.Optional(Id), agentId: Type.Optional(Id) },
  { additionalProperties: false },
);

export const MultipliersQuery = Type.Object({ agreementId: Type.Optional(Id) }, { additionalProperties: false });
export const AgreementQuery = Type.Object({ agreementId: Id }, { additionalProperties: false });

export const PutMultipliersBody = Type.Object(
  {
    agreementId: OptionalId,
    nightPercent: Percent,
    weekendPercent: Percent,
    holidayPercent: Percent,
    nightStart: Time,
    nightEnd: Time,
  },
  { additionalProperties: false },
);

export const CreateDiscountBody = Type.Object(
  {
    agreementId: Type.Optional(Id),
    organizationId: Type.Optional(Id),
    percentBp: Type.Integer({ minimum: 0, maximum: 10_000 }),
    validFrom: Day,
    validTo: Type.Optional(Type.Union([Day, Type.Null()])),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const DiscountListQuery = Type.Object(
  {
    agreementId: Type.Optional(Id),
    organizationId: Type.Optional(Id),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const CreateCostRateBody = Type.Object(
  { rateKopecks: Kopecks, validFrom: Day },
  { additionalProperties: false },
);

export const QuoteBody = Type.Object(
  {
    organizationId: Type.Optional(Id),
    agreementId: OptionalId,
    serviceId: OptionalId,
    agentId: Type.Optional(Id),
    startedAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    endedAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    workDate: Day,
    minutes: Type.Integer({ minimum: 0, maximum: 100_000 }),
    billedMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    rateKopecks: Type.Optional(Kopecks),
  },
  { additionalProperties: false },
);
