import type { Ctx } from '../../context.js';
import type { TicketStatus } from '../../db/schema.js';
import { briefCache } from '../../shared/brief-cache.js';
import { forbidden, notFound } from '../../shared/errors.js';
import { authorize, can } from '../auth/index.js';
import { workSummary } from '../worklogs/index.js';
import { endOfDeskDay, lastDays, monthRanges, deskDay, type DayRange } from './dashboard-calendar.js';
import { slaComplianceOf, trendOf, type SlaCompliance, type TrendPoint } from './dashboard-figures.js';
import * as repo from './dashboards.repository.js';

export const TREND_DAYS = 30;
export const TOP_CLIENTS = 10;

export interface DeskDashboard {
  today: string;
  teamId: number | null;
  open: { total: number; byStatus: { status: TicketStatus; count: number }[] };
  dueToday: number;
  breached: number;
  byTeam: { teamId: number | null; name: string | null; count: number }[];
  trend: TrendPoint[];
}

export interface ManagerDashboard {
  thisMonth: DayRange & SlaCompliance;
  lastMonth: DayRange & SlaCompliance;
  topBreachedClients: { organizationId: number; name: string; breaches: number }[];
  workload: { agentId: number; name: string; openAssigned: number; minutesThisMonth: number | null }[];
}

/**
 * A dashboard is looked at by many agents at once and refreshed often; a few seconds of staleness is
 * invisible there, and the counts below stay fast without it (the bench measures them uncached).
 */
const cache = briefCache('dashboards', 5_000, 200);

export async function deskDashboard(
  ctx: Ctx,
  q: { teamId?: number },
  opts: { cached?: boolean } = {},
): Promise<DeskDashboard> {
  authorize(ctx.actor, 'ticket.read');
  const load = () => loadDesk(ctx, q.teamId);
  return opts.cached === false ? load() : cache.get(ctx, `desk:${q.teamId ?? ''}`, load);
}

async function loadDesk(ctx: Ctx, teamId: number | undefined): Promise<DeskDashboard> {
  const now = ctx.clock.now().getTime();
  if (teamId !== undefined && !(await repo.teamName(ctx.db, teamId))) throw notFound(`Team ${teamId}`);
  const days = lastDays(now, TREND_DAYS);
  const [statuses, dueToday, breached, teams, counts] = await Promise.all([
    repo.openByStatus(ctx.db, teamId),
    repo.pendingDueBefore(ctx.db, endOfDeskDay(now), teamId),
    repo.openBreached(ctx.db, teamId),
    teamId === undefined ? repo.openByTeam(ctx.db) : Promise.resolve(null),
    repo.dailyCounts(ctx.db, { from: days[0]!, to: days.at(-1)!, metrics: ['created', 'resolved'], teamId }),
  ]);
  const byStatus = repo.OPEN_STATUSES.map((status) => ({
    status,
    count: Number(statuses.find((s) => s.status === status)?.n ?? 0),
  }));
  const total = byStatus.reduce((sum, s) => sum + s.count, 0);
  let byTeam: DeskDashboard['byTeam'];
  if (teams) {
    byTeam = teams
      .map((t) => ({ teamId: t.team_id, name: t.name, count: Number(t.n) }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    const noTeam = total - byTeam.reduce((sum, t) => sum + t.count, 0);
    if (noTeam > 0) byTeam.push({ teamId: null, name: null, count: noTeam });
  } else {
    const team = await repo.teamName(ctx.db, teamId!);
    byTeam = [{ teamId: teamId!, name: team?.name ?? null, count: total }];
  }
  return {
    today: deskDay(now),
    teamId: teamId ?? null,
    open: { total, byStatus },
    dueToday,
    breached,
    byTeam,
    trend: trendOf(
      days,
      counts.map((c) => ({ ...c, n: Number(c.n) })),
    ),
  };
}

const SLA_METRICS = ['reaction_met', 'reaction_breached', 'resolution_met', 'resolution_breached'] as const;

export async function managerDashboard(ctx: Ctx, opts: { cached?: boolean } = {}): Promise<ManagerDashboard> {
  if (!can(ctx.actor, 'report.read') && !can(ctx.actor, 'time.report'))
    throw forbidden('The manager dashboard is for those who may read reports or time');
  const withHours = can(ctx.actor, 'time.report');
  const load = () => loadManager(ctx, withHours);
  return opts.cached === false ? load() : cache.get(ctx, `manager:${withHours}`, load);
}

async function loadManager(ctx: Ctx, withHours: boolean): Promise<ManagerDashboard> {
  const { thisMonth, lastMonth } = monthRanges(ctx.clock.now().getTime());
  const month = async (range: DayRange) => ({
    ...range,
    ...slaComplianceOf(
      (await repo.dailyCounts(ctx.db, { ...range, metrics: SLA_METRICS })).map((c) => ({ ...c, n: Number(c.n) })),
    ),
  });
  const agents = await repo.activeAgents(ctx.db);
  const [current, previous, clients, open, hours] = await Promise.all([
    month(thisMonth),
    month(lastMonth),
    repo.topBreachedClients(ctx.db, { ...thisMonth, limit: TOP_CLIENTS }),
    repo.openAssigned(
      ctx.db,
      agents.map((a) => a.id),
    ),
    withHours ? workSummary(ctx, thisMonth) : Promise.resolve(null),
  ]);
  const workload = agents
    .filter((a) => a.role !== 'accountant')
    .map((a) => ({
      agentId: a.id,
      name: a.name,
      openAssigned: Number(open.find((o) => o.assignee_id === a.id)?.n ?? 0),
      // Hours come by agent name: the worklog summary is keyed by the name it prints.
      minutesThisMonth: hours ? (hours.find((h) => h.agentName === a.name)?.minutes ?? 0) : null,
    }))
    .sort((a, b) => b.openAssigned - a.openAssigned || a.name.localeCompare(b.name));
  return {
    thisMonth: current,
    lastMonth: previous,
    topBreachedClients: clients.map((c) => ({ organizationId: c.id, name: c.name, breaches: Number(c.n) })),
    workload,
  };
}
