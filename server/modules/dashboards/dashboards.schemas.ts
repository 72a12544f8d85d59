import { Type } from '@sinclair/typebox';

const Count = Type.Integer({ minimum: 0 });
const Day = Type.String({ format: 'date', description: 'A Moscow calendar day' });
const Status = Type.Union(
  ['new', 'open', 'in_progress', 'waiting_for_client', 'on_approval'].map((s) => Type.Literal(s)),
);

export const DeskQuery = Type.Object(
  { teamId: Type.Optional(Type.Integer({ minimum: 1, description: 'Only this team’s tickets' })) },
  { additionalProperties: false },
);

export const DeskDashboardSchema = Type.Object(
  {
    today: Day,
    teamId: Type.Union([Type.Integer(), Type.Null()]),
    open: Type.Object({
      total: Count,
      byStatus: Type.Array(Type.Object({ status: Status, count: Count })),
    }),
    dueToday: Type.Integer({
      minimum: 0,
      description:
        'Open tickets whose pending reaction or resolution deadline is before the end of today (Moscow), overdue included',
    }),
    breached: Type.Integer({ minimum: 0, description: 'Open tickets with a recorded reaction or resolution breach' }),
    byTeam: Type.Array(
      Type.Object({
        teamId: Type.Union([Type.Integer(), Type.Null()]),
        name: Type.Union([Type.String(), Type.Null()]),
        count: Count,
      }),
    ),
    trend: Type.Array(Type.Object({ day: Day, created: Count, resolved: Count }), {
      description: 'The last 30 days: tickets created, and tickets whose last resolution fell on the day',
    }),
  },
  { additionalProperties: false },
);

const Compliance = Type.Object({
  met: Count,
  breached: Count,
  compliance: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
});

const Month = Type.Object({ from: Day, to: Day, reaction: Compliance, resolution: Compliance });

export const ManagerDashboardSchema = Type.Object(
  {
    thisMonth: Month,
    lastMonth: Month,
    topBreachedClients: Type.Array(
      Type.Object({ organizationId: Type.Integer(), name: Type.String(), breaches: Count }),
    ),
    workload: Type.Array(
      Type.Object({
        agentId: Type.Integer(),
        name: Type.String(),
        openAssigned: Count,
        minutesThisMonth: Type.Union([Count, Type.Null()], { description: 'Null when the reader may not see time' }),
      }),
    ),
  },
  { additionalProperties: false },
);
