import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';

const Kind = Type.Union([Type.Literal('support'), Type.Literal('development')]);

export const LineSchema = Type.Object({
  id: Type.Integer(),
  position: Type.Integer(),
  name: Type.String(),
  teamId: OrNull.Integer(),
  kind: Kind,
});

export const LineWithTeamSchema = Type.Object({ ...LineSchema.properties, teamName: OrNull.String() });

export const SaveLinesBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object(
        {
          name: Type.String({ maxLength: 100 }),
          teamId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
          kind: Kind,
        },
        { additionalProperties: false },
      ),
      { maxItems: 10, description: 'The lines in order: the first is L1' },
    ),
  },
  { additionalProperties: false },
);

/** The note's length is checked by the service (422 with a human message), not here. */
export const MoveBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 4000, description: 'The handoff note, at least 3 characters' })) },
  { additionalProperties: false },
);

export const ExternalIssueBody = Type.Object(
  {
    url: Type.Union([Type.String({ format: 'uri', maxLength: 2000 }), Type.Null()]),
    state: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);

const ReasonSchema = Type.Object({
  code: Type.Union([
    Type.Literal('warranty'),
    Type.Literal('after_warranty'),
    Type.Literal('service'),
    Type.Literal('organization'),
    Type.Literal('manual'),
  ]),
  until: Type.Optional(Type.String()),
  ended: Type.Optional(Type.String()),
  text: Type.String(),
});

export const TicketLineViewSchema = Type.Object({
  agreement: Type.Union([
    Type.Object({
      id: Type.Integer(),
      number: Type.String(),
      title: Type.String(),
      kind: Type.String(),
      tier: Type.String(),
      productName: OrNull.String(),
      productVersion: OrNull.String(),
      warrantyStart: OrNull.String(),
      warrantyMonths: OrNull.Integer(),
      reason: Type.Union([ReasonSchema, Type.Null()]),
    }),
    Type.Null(),
  ]),
  line: Type.Union([LineWithTeamSchema, Type.Null()]),
  next: Type.Union([LineWithTeamSchema, Type.Null()]),
  previous: Type.Union([LineWithTeamSchema, Type.Null()]),
  lines: Type.Array(LineWithTeamSchema),
  moves: Type.Array(
    Type.Object({
      at: Type.String(),
      direction: Type.Union([Type.Literal('escalated'), Type.Literal('de_escalated')]),
      from: OrNull.String(),
      to: OrNull.String(),
      note: OrNull.String(),
      actorName: OrNull.String(),
    }),
  ),
  externalIssue: Type.Union([
    Type.Object({ url: OrNull.String(), state: Type.String(), updatedAt: OrNull.String() }),
    Type.Null(),
  ]),
});
