import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';
import { MAX_MINUTES } from './work-times.js';

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Instant = Type.String({ format: 'date-time' });

const workFields = {
  minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_MINUTES })),
  startedAt: Type.Optional(Type.Union([Instant, Type.Null()])),
  endedAt: Type.Optional(Type.Union([Instant, Type.Null()])),
  workDate: Type.Optional(DateText),
  activityId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  activity: Type.Optional(
    Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
      description: 'The activity by id or by its name in either language (or use activityId)',
    }),
  ),
  comment: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
  billable: Type.Optional(Type.Boolean()),
  clientVisible: Type.Optional(Type.Boolean()),
};

export const CreateWorklogBody = Type.Object(
  { ticketId: Type.Integer({ minimum: 1 }), agentId: Type.Optional(Type.Integer({ minimum: 1 })), ...workFields },
  { additionalProperties: false },
);

export const UpdateWorklogBody = Type.Object(workFields, { additionalProperties: false, minProperties: 1 });

export const WorklogQuery = Type.Object(
  {
    ticketId: Type.Optional(Type.Integer({ minimum: 1 })),
    agentId: Type.Optional(Type.Integer({ minimum: 1 })),
    organizationId: Type.Optional(Type.Integer({ minimum: 1 })),
    agreementId: Type.Optional(Type.Integer({ minimum: 1 })),
    from: Type.Optional(DateText),
    to: Type.Optional(DateText),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ReportQuery = Type.Object(
  {
    organizationId: Type.Optional(Type.Integer({ minimum: 1 })),
    agreementId: Type.Optional(Type.Integer({ minimum: 1 })),
    agentId: Type.Optional(Type.Integer({ minimum: 1 })),
    from: Type.Optional(DateText),
    to: Type.Optional(DateText),
    format: Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], { default: 'json' }),
  },
  { additionalProperties: false },
);

export const ExportBody = Type.Object(
  { ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 5000 }) },
  { additionalProperties: false },
);

export const StartTimerBody = Type.Object(
  { stopRunning: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const StopTimerBody = Type.Object(
  {
    activityId: workFields.activityId,
    activity: workFields.activity,
    comment: workFields.comment,
    billable: workFields.billable,
    clientVisible: workFields.clientVisible,
    discard: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const TimerSchema = Type.Object({
  ticketId: Type.Integer(),
  ticketNumber: Type.Integer(),
  ticketSubject: Type.String(),
  startedAt: Type.String(),
  elapsedSeconds: Type.Integer(),
});

export const ActivitySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  nameRu: Type.String(),
  nameEn: Type.String(),
  active: Type.Boolean(),
});

export const CreateActivityBody = Type.Object(
  { nameRu: Type.String({ minLength: 1, maxLength: 200 }), nameEn: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const UpdateActivityBody = Type.Object(
  {
    nameRu: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

const TypeBillableSchema = Type.Object(
  { incident: Type.Boolean(), request: Type.Boolean(), question: Type.Boolean(), change: Type.Boolean() },
  { additionalProperties: false },
);
export const TimeSettingsBody = Type.Object(
  { lockedUntil: Type.Union([DateText, Type.Null()]), typeBillable: TypeBillableSchema },
  { additionalProperties: false },
);
export const TimeSettingsSchema = Type.Object({ lockedUntil: OrNull.String(), typeBillable: TypeBillableSchema });

export const ReportLineSchema = Type.Object({
  ticketNumber: Type.Integer(),
  ticketSubject: Type.String(),
  workDate: Type.String(),
  agentName: Type.String(),
  activityId: OrNull.Integer(),
  activityName: OrNull.String(),
  comment: OrNull.String(),
  minutes: Type.Integer(),
  billedMinutes: Type.Integer(),
  billable: Type.Boolean(),
  amountKopecks: Type.Integer(),
});
