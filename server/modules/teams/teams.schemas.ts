import { Type } from '@sinclair/typebox';

const MemberIds = Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 });

export const CreateTeamBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    memberIds: Type.Optional(MemberIds),
  },
  { additionalProperties: false },
);

export const UpdateTeamBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
    memberIds: Type.Optional(MemberIds),
    /** The team's business hours; null: the desk's default calendar. */
    calendarId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
