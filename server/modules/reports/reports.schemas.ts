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

export const AgentsQuery = Type.Object({ ...period }, { additionalProperties: false });
export type AgentsQuery = Static<typeof AgentsQuery>;

export const ClientsQuery = Type.Object(
  { ...period, organizationId: Type.Optional(id) },
  { additionalProperties: false },
);
export type ClientsQuery = Static<typeof ClientsQuery>;

export const ClientPackQuery = Type.Object(
  { ...period, agreementId: Type.Integer({ minimum: 1, description: 'The agreement the pack is for' }) },
  { additionalProperties: false },
);
export type ClientPackQuery = Static<typeof ClientPackQuery>;

const AgentRowSchema = Type.Object({
  agentId: Type.Integer(),
  agentName: Type.String(),
  ticketsHandled: Type.Integer(),
  firstResponses: Type.Integer(),
  resolutions: Type.Integer(),
  reopened: Type.Integer(),
  reopenRate: fraction,
  billableMinutes: Type.Integer(),
  nonBillableMinutes: Type.Integer(),
  satisfactionAverage: Type.Union([Type.Number(), Type.Null()]),
  satisfactionAnswers: Type.Integer(),
});

export const AgentsReportSchema = Type.Object({
  rows: Type.Array(AgentRowSchema),
  total: AgentRowSchema,
  definitions: Type.Array(Type.String()),
});

export const ClientsReportSchema = Type.Object({
  rows: Type.Array(
    Type.Object({
      organizationId: Type.Integer(),
      organizationName: Type.String(),
      created: Type.Integer(),
      resolved: Type.Integer(),
      reactionCompliance: fraction,
      resolutionCompliance: fraction,
      breaches: Type.Integer(),
      packageGrantedMinutes: nullableInt,
      packageUsedMinutes: nullableInt,
      expiringServices: Type.Integer(),
      satisfactionAverage: Type.Union([Type.Number(), Type.Null()]),
      satisfactionAnswers: Type.Integer(),
    }),
  ),
  expiring: Type.Array(
    Type.Object({
      organizationId: Type.Integer(),
      organizationName: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      expiresOn: Type.String({ format: 'date' }),
    }),
  ),
  definitions: Type.Array(Type.String()),
});

const Cell = Type.Union([Type.String(), Type.Number(), Type.Null()]);
const TableSchema = Type.Object({
  columns: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      align: Type.Optional(Type.Union([Type.Literal('left'), Type.Literal('right')])),
      format: Type.Optional(Type.Union(['text', 'int', 'percent', 'minutes', 'money'].map((f) => Type.Literal(f)))),
    }),
  ),
  rows: Type.Array(Type.Record(Type.String(), Cell)),
  totals: Type.Optional(Type.Record(Type.String(), Cell)),
});

/** A report as people read it (ReportDocument): what the client pack answers with. */
export const ReportDocumentSchema = Type.Object({
  title: Type.String(),
  subtitle: Type.Optional(Type.String()),
  periodLabel: Type.String(),
  generatedAt: Type.String({ format: 'date-time' }),
  language: Type.Union([Type.Literal('ru'), Type.Literal('en')]),
  sections: Type.Array(
    Type.Object({
      heading: Type.String(),
      definitions: Type.Optional(Type.Array(Type.String())),
      table: Type.Optional(TableSchema),
      chart: Type.Optional(
        Type.Object({
          kind: Type.Union(['bar', 'line', 'pie', 'stacked-bar'].map((k) => Type.Literal(k))),
          title: Type.Optional(Type.String()),
          categories: Type.Array(Type.String()),
          series: Type.Array(Type.Object({ name: Type.String(), values: Type.Array(Type.Number()) })),
          unit: Type.Optional(Type.Union(['count', 'percent', 'minutes', 'hours'].map((u) => Type.Literal(u)))),
        }),
      ),
    }),
  ),
});
