import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';

const Interval = Type.Object({
  date: Type.String(),
  from: Type.String(),
  to: Type.String(),
  minutes: Type.Number(),
  note: Type.String(),
});

export const SlaPanelSchema = Type.Object(
  {
    agreementId: Type.Integer(),
    agreementNumber: Type.String(),
    timezone: Type.String(),
    state: Type.String(),
    reactionDue: OrNull.String(),
    resolutionDue: OrNull.String(),
    dueLocal: OrNull.String(),
    pending: Type.Union([Type.Literal('reaction'), Type.Literal('resolution'), Type.Null()]),
    remainingMinutes: OrNull.Integer(),
    pausedMinutes: Type.Integer(),
    paused: Type.Boolean(),
    warnAt: OrNull.String(),
    explanation: Type.Optional(
      Type.Object(
        {
          counted: Type.Array(Interval),
          skipped: Type.Array(Type.Object({ date: Type.String(), reason: Type.String() })),
          paused: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), minutes: Type.Number() })),
          warnings: Type.Array(Type.String()),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: false },
);
