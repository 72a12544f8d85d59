import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';

const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: "local 'HH:MM'" });
const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: "local 'YYYY-MM-DD'" });
const AgentId = Type.Integer({ minimum: 1 });

export const RestrictionSchema = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
      minItems: 1,
      maxItems: 7,
      description: 'ISO weekdays',
    }),
    from: Time,
    to: Time,
  },
  { additionalProperties: false },
);

export const LayerBody = Type.Object(
  {
    members: Type.Array(AgentId, { minItems: 1, maxItems: 100 }),
    shiftMinutes: Type.Integer({ minimum: 15, maximum: 60 * 24 * 28 }),
    handoff: Time,
    startsOn: Type.Optional(LocalDate),
    restrictions: Type.Optional(Type.Array(RestrictionSchema, { maxItems: 28 })),
    skipHolidays: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const CreateScheduleBody = Type.Object(
  {
    teamId: Type.Integer({ minimum: 1 }),
    timezone: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    layers: Type.Array(LayerBody, { minItems: 1, maxItems: 10 }),
  },
  { additionalProperties: false },
);

export const UpdateScheduleBody = Type.Object(
  {
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    layers: Type.Optional(Type.Array(LayerBody, { minItems: 1, maxItems: 10 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ScheduleQuery = Type.Object(
  { teamId: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

export const OverrideBody = Type.Object(
  {
    agentId: AgentId,
    from: Type.String({ minLength: 1 }),
    to: Type.String({ minLength: 1 }),
    replaces: Type.Optional(Type.Union([AgentId, Type.Null()])),
    reason: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const SwapBody = Type.Object(
  {
    withAgentId: AgentId,
    from: Type.String({ minLength: 1 }),
    to: Type.String({ minLength: 1 }),
    requesterId: Type.Optional(AgentId),
  },
  { additionalProperties: false },
);

export const LeaveBody = Type.Object(
  {
    fromDate: LocalDate,
    toDate: LocalDate,
    note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const OnCallQuery = Type.Object(
  { at: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);
export const ShiftsQuery = Type.Object(
  { from: Type.String({ minLength: 1 }), to: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);

export const SubParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }), subId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

const Source = Type.Union([Type.Literal('rotation'), Type.Literal('override'), Type.Literal('swap')]);

export const ShiftSchema = Type.Object(
  { agentId: Type.Integer(), from: Type.String(), to: Type.String(), layerId: OrNull.Integer(), source: Source },
  { additionalProperties: false },
);

export const OnCallSchema = Type.Object(
  {
    agentId: OrNull.Integer(),
    layerId: OrNull.Integer(),
    source: Type.Union([Source, Type.Null()]),
    at: Type.String(),
  },
  { additionalProperties: false },
);

export const LayerSchema = Type.Object(
  {
    id: Type.Integer(),
    position: Type.Integer(),
    members: Type.Array(Type.Integer()),
    shiftMinutes: Type.Integer(),
    handoff: Type.String(),
    startsOn: Type.String(),
    restrictions: Type.Array(RestrictionSchema),
    skipHolidays: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const OverrideSchema = Type.Object(
  {
    id: Type.Integer(),
    agentId: Type.Integer(),
    replaces: OrNull.Integer(),
    from: Type.String(),
    to: Type.String(),
    createdBy: OrNull.Integer(),
    reason: OrNull.String(),
  },
  { additionalProperties: false },
);

export const SwapSchema = Type.Object(
  {
    id: Type.Integer(),
    requesterId: Type.Integer(),
    withAgentId: Type.Integer(),
    from: Type.String(),
    to: Type.String(),
    status: Type.Union([Type.Literal('requested'), Type.Literal('approved'), Type.Literal('rejected')]),
    decidedBy: OrNull.Integer(),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);

const Period = Type.Object({ from: Type.String(), to: Type.String() }, { additionalProperties: false });

export const ScheduleSchema = Type.Object(
  {
    id: Type.Integer(),
    teamId: Type.Integer(),
    teamName: Type.String(),
    name: Type.String(),
    timezone: Type.String(),
    layers: Type.Array(LayerSchema),
    overrides: Type.Array(OverrideSchema),
    swaps: Type.Array(SwapSchema),
    warnings: Type.Array(
      Type.Object(
        { kind: Type.Literal('leave'), agentId: Type.Integer(), from: Type.String(), to: Type.String(), leave: Period },
        { additionalProperties: false },
      ),
    ),
    gaps: Type.Array(Period),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);

export const LeaveSchema = Type.Object(
  {
    id: Type.Integer(),
    agentId: Type.Integer(),
    fromDate: Type.String(),
    toDate: Type.String(),
    note: OrNull.String(),
  },
  { additionalProperties: false },
);

export const TeamDutySchema = Type.Object(
  { id: Type.Integer(), name: Type.String(), calendarId: OrNull.Integer(), active: Type.Boolean() },
  { additionalProperties: false },
);
