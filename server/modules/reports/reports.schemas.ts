import { Type, type Static } from '@sinclair/typebox';
import { SLA_GROUPINGS } from './sla-report.js';
import { TICKET_GROUPINGS } from './tickets-report.js';

const date = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const period = {
  from: date('First day of the period, included (YYYY-MM-DD)'),
  to: date('Last day of the period, included (YYYY-MM-DD)'),
  language: Type.Optional(
    Type.Union([Type.Literal('ru'), Type.Literal('en')], {
      description: 'Language of labels and files; the reader’s own by default',
    }),
  ),
};
const id = Type.Integer({ minimum: 1 });

export const SlaQuery = Type.Object(
  {
    ...period,
    organizationId: Type.Optional(id),
    agreementId: Type.Optional(id),
    groupBy: Type.Union(
      SLA_GROUPINGS.map((g) => Type.Literal(g)),
      { default: 'priority' },
    ),
  },
  { additionalProperties: false },
);
export type SlaQuery = Static<typeof SlaQuery>;

export const TicketsQuery = Type.Object(
  {
    ...period,
    organizationId: Type.Optional(id),
    groupBy: Type.Union(
      TICKET_GROUPINGS.map((g) => Type.Literal(g)),
      { default: 'status' },
    ),
  },
  { additionalProperties: false },
);
export type TicketsQuery = Static<typeof TicketsQuery>;

const nullableInt = Type.Union([Type.Integer(), Type.Null()]);
const fraction = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const Priority = Type.Union(['P1', 'P2', 'P3', 'P4'].map((p) => Type.Literal(p)));

const SlaRowSchema = Type.Object({
  priority: Type.Union([Priority, Type.Null()]),
  agreementId: nullableInt,
  agreementNumber: Type.Union([Type.String(), Type.Null()]),
  tickets: Type.Integer(),
  reactionMet: Type.Integer(),
  reactionBreached: Type.Integer(),
  reactionCompliance: fraction,
  resolutionMet: Type.Integer(),
  resolutionBreached: Type.Integer(),
  resolutionCompliance: fraction,
  reactionMedianMinutes: nullableInt,
  reactionP90Minutes: nullableInt,
  resolutionMedianMinutes: nullableInt,
  resolutionP90Minutes: nullableInt,
  pausedMinutes: Type.Integer(),
});

export const SlaReportSchema = Type.Object({
  rows: Type.Array(SlaRowSchema),
  total: SlaRowSchema,
  breaches: Type.Array(
    Type.Object({
      ticketId: Type.Integer(),
      number: Type.Integer(),
      subject: Type.String(),
      organizationName: Type.String(),
      agreementNumber: Type.String(),
      priority: Priority,
      kind: Type.Union([Type.Literal('reaction'), Type.Literal('resolution')]),
      dueAt: Type.String({ format: 'date-time' }),
      doneAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      zone: Type.String({ description: 'The agreement calendar’s time zone' }),
    }),
  ),
  definitions: Type.Array(Type.String(), { description: 'What the figures mean, in the language asked for' }),
});

const counts = {
  created: Type.Integer(),
  resolved: Type.Integer(),
  backlog: Type.Integer(),
  backlogUnder1Day: Type.Integer(),
  backlog1To3Days: Type.Integer(),
  backlog3To7Days: Type.Integer(),
  backlog7To30Days: Type.Integer(),
  backlogOver30Days: Type.Integer(),
};

export const TicketsReportSchema = Type.Object({
  rows: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), ...counts })),
  totals: Type.Object(counts),
  backlogAge: Type.Array(Type.Object({ bucket: Type.String(), label: Type.String(), tickets: Type.Integer() })),
  definitions: Type.Array(Type.String()),
});
