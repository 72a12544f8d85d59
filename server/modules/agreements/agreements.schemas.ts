import { Type } from '@sinclair/typebox';

const Id = Type.Integer({ minimum: 1 });
const text = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

/** 'YYYY-MM-DD', or a full ISO time whose date part is taken as written. Real dates are checked in the service. */
export const AgreementDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$',
  maxLength: 40,
  description: 'YYYY-MM-DD (a full ISO time is cut to its date)',
});

/** A union of literals whose static type is the union of the values (not just string). */
const oneOf = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const PrioritySchema = oneOf(['P1', 'P2', 'P3', 'P4'] as const);
const TicketTypeSchema = oneOf(['incident', 'request', 'question', 'change'] as const);
export const KindSchema = oneOf(['warranty', 'commercial', 'prepaid_hours', 'free'] as const);
export const TierSchema = oneOf(['8x5', '24x7', 'premium', 'custom'] as const);
export const StatusSchema = oneOf(['draft', 'planned', 'active', 'expired', 'terminated'] as const);

const Minutes = Type.Integer({ minimum: 1, maximum: 60 * 24 * 366 });

export const TargetBody = Type.Object(
  {
    priority: PrioritySchema,
    type: Type.Optional(Type.Union([TicketTypeSchema, Type.Null()])),
    reactionMinutes: Minutes,
    resolutionMinutes: Type.Union([Minutes, Type.Null()]),
  },
  { additionalProperties: false },
);
const Targets = Type.Array(TargetBody, { maxItems: 40 });

const NoticeDays = Type.Array(Type.Integer({ minimum: 1, maximum: 366 }), { maxItems: 12 });
const Number_ = Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' });
const Title = Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' });

const EditableFields = {
  title: Title,
  kind: KindSchema,
  calendarId: Id,
  start: AgreementDate,
  end: AgreementDate,
  managerId: Type.Union([Id, Type.Null()]),
  recipientContactIds: Type.Array(Id, { maxItems: 50 }),
  noticeDays: NoticeDays,
  warningPercent: Type.Integer({ minimum: 1, maximum: 99 }),
  hoursPackage: Type.Union([Type.Number({ minimum: 0, maximum: 1_000_000 }), Type.Null()]),
  hourRate: Type.Union([Type.Number({ minimum: 0, maximum: 100_000_000 }), Type.Null()]),
  notes: text(20_000),
  // A warranty agreement's product (a catalogue service), version and period from the delivery date.
  productServiceId: Type.Union([Id, Type.Null()]),
  productVersion: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
  warrantyStart: Type.Union([AgreementDate, Type.Null()]),
  warrantyMonths: Type.Union([Type.Integer({ minimum: 1, maximum: 120 }), Type.Null()]),
};

export const CreateAgreementBody = Type.Object(
  {
    organizationId: Id,
    number: Number_,
    title: Title,
    calendarId: Id,
    start: AgreementDate,
    end: AgreementDate,
    tier: TierSchema,
    serviceIds: Type.Array(Id, { maxItems: 500 }),
    targets: Type.Optional(Targets),
    kind: Type.Optional(EditableFields.kind),
    managerId: Type.Optional(EditableFields.managerId),
    recipientContactIds: Type.Optional(EditableFields.recipientContactIds),
    noticeDays: Type.Optional(EditableFields.noticeDays),
    warningPercent: Type.Optional(EditableFields.warningPercent),
    hoursPackage: Type.Optional(EditableFields.hoursPackage),
    hourRate: Type.Optional(EditableFields.hourRate),
    notes: Type.Optional(EditableFields.notes),
    productServiceId: Type.Optional(EditableFields.productServiceId),
    productVersion: Type.Optional(EditableFields.productVersion),
    warrantyStart: Type.Optional(EditableFields.warrantyStart),
    warrantyMonths: Type.Optional(EditableFields.warrantyMonths),
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('planned')], { default: 'planned' })),
  },
  { additionalProperties: false },
);

export const UpdateAgreementBody = Type.Partial(Type.Object({ number: Number_, tier: TierSchema, ...EditableFields }), {
  additionalProperties: false,
  minProperties: 1,
});

export const TargetsBody = Type.Object({ targets: Targets }, { additionalProperties: false });
export const ServicesBody = Type.Object(
  { serviceIds: Type.Array(Id, { maxItems: 500 }) },
  { additionalProperties: false },
);

export const ReasonBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export const TerminateBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) },
  { additionalProperties: false },
);
export const RenewBody = Type.Object(
  { number: Type.Optional(Number_), start: Type.Optional(AgreementDate) },
  { additionalProperties: false },
);
export const CopyBody = Type.Object(
  {
    organizationIds: Type.Array(Id, { minItems: 1, maxItems: 200 }),
    start: Type.Optional(AgreementDate),
    end: Type.Optional(AgreementDate),
  },
  { additionalProperties: false },
);

const csv = (pattern: string) => Type.String({ pattern: `^(${pattern})(,(${pattern}))*$` });

export const AgreementListQuery = Type.Object(
  {
    status: Type.Optional(csv('draft|planned|active|expired|terminated')),
    organizationId: Type.Optional(Id),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    expiringWithinDays: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 3660,
        description: 'active agreements whose last day is at most this many days away',
      }),
    ),
    sort: Type.Union([Type.Literal('end'), Type.Literal('number')], { default: 'end' }),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
