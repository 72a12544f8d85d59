import type { Ctx } from '../../context.js';
import type { TicketStatus } from '../../db/schema.js';
import { badRequest, forbidden } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  compileCalendar,
  parseCalendarDocument,
} from '../calendars/index.js';
import { productionYears } from '../calendars/index.js';
import * as repo from './board.repository.js';
import { assembleColumns, plannedMinutes, weekOf } from './board-logic.js';

const activeStatuses: TicketStatus[] = ['new', 'open', 'in_progress', 'waiting_for_client', 'on_approval'];
/** Cards per (column, status) cell; the counts stay exact beyond it. */
export const CARDS_PER_CELL = 50;

function agentsOnly(ctx: Ctx) {
  authorize(ctx.actor, 'ticket.read');
  if (ctx.actor.kind !== 'agent' && ctx.actor.kind !== 'system') throw forbidden('The board is for agents');
}

export async function board(
  ctx: Ctx,
  groupBy: 'assignee' | 'team',
  filter: Omit<repo.BoardFilter, 'status'> & { status?: TicketStatus[] },
) {
  agentsOnly(ctx);
  const f: repo.BoardFilter = { ...filter, status: filter.status?.length ? filter.status : activeStatuses };
  const [counts, keys] = await Promise.all([
    repo.cellCounts(ctx.db, groupBy, f),
    groupBy === 'assignee' ? repo.activeAgents(ctx.db) : repo.teams(ctx.db),
  ]);
  // Everyone who can take work gets a column (a card can be dropped on an idle engineer), and so does "nobody".
  let columns = [
    { id: null, name: null },
    ...keys.map((k) => ({ id: k.id as number | null, name: k.name as string | null })),
  ];
  if (f.assigneeId !== undefined && groupBy === 'assignee') columns = columns.filter((c) => c.id === f.assigneeId);
  if (f.teamId !== undefined && groupBy === 'team') columns = columns.filter((c) => c.id === f.teamId);
  const shown = new Set(columns.map((c) => c.id));
  const cards = (
    await Promise.all(
      counts
        .filter((c) => c.n > 0 && shown.has(c.key))
        .map((c) => repo.cellCards(ctx.db, groupBy, f, { key: c.key, status: c.status }, CARDS_PER_CELL)),
    )
  ).flat();
  const keyOf = (c: { assignee_id: number | null; team_id: number | null }) =>
    groupBy === 'assignee' ? c.assignee_id : c.team_id;
  return {
    groupBy,
    statuses: f.status,
    columns: assembleColumns(
      columns,
      f.status,
      counts.map((c) => ({ key: c.key, status: c.status, n: c.n })),
      cards.map((c) => ({
        key: keyOf(c),
        id: c.id,
        number: c.number,
        subject: c.subject,
        status: c.status,
        priority: c.priority,
        slaState: c.sla_state ?? 'none',
        organizationName: c.organization_name,
      })),
    ).map((col) => ({
      ...col,
      cells: col.cells.map((cell) => ({ ...cell, cards: cell.cards.map(({ key: _key, ...card }) => card) })),
    })),
  };
}

/**
 * Who carries what. Available minutes are the engineer's working time in the period on their own clock
 * (Monday to Friday 09:00–18:00 with the Russian production calendar, as for salaries); "due soon" is a pending
 * deadline within 24 hours of that working time; planned minutes: see `plannedMinutes`.
 */
export async function workload(ctx: Ctx, q: { from?: string; to?: string }) {
  agentsOnly(ctx);
  authorize(ctx.actor, 'agent.read');
  const now = ctx.clock.now();
  const week = weekOf(now);
  const from = q.from ? Date.parse(q.from) : week.from.getTime();
  const to = q.to ? Date.parse(q.to) : week.to.getTime();
  if (Number.isNaN(from) || Number.isNaN(to))
    throw badRequest('from and to are ISO instants, e.g. 2026-12-07T00:00:00Z');
  if (to <= from) throw badRequest('to must be after from');
  if (to - from > 92 * 86_400_000) throw badRequest('The period is at most 92 days');
  const since = new Date(now.getTime() - 90 * 86_400_000).toISOString();
  const [agents, load, logged, effort, production] = await Promise.all([
    repo.activeAgents(ctx.db),
    repo.assigneeLoad(ctx.db, activeStatuses),
    repo.loggedMinutes(ctx.db, activeStatuses),
    repo.averageEffort(ctx.db, since),
    productionYears(ctx),
  ]);
  const loggedBy = new Map(logged.map((l) => [l.ticket_id, Number(l.minutes)]));
  const average = new Map(effort.map((e) => [e.priority as string, Number(e.minutes)]));
  const byAgent = new Map<number, typeof load>();
  for (const t of load) {
    const list = byAgent.get(t.assignee_id!);
    if (list) list.push(t);
    else byAgent.set(t.assignee_id!, [t]);
  }
  const calendars = new Map<string, ReturnType<typeof compileCalendar>>();
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    items: agents.map((a) => {
      const zone = a.timezone ?? 'Europe/Moscow';
      let cal = calendars.get(zone);
      if (!cal) {
        cal = compileCalendar(
          parseCalendarDocument({
            timezone: zone,
            week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
            production: 'RU',
          }),
          production,
        );
        calendars.set(zone, cal);
      }
      const soon = addBusinessMinutes(cal, now.getTime(), 24 * 60);
      const mine = byAgent.get(a.id) ?? [];
      return {
        agentId: a.id,
        name: a.name,
        open: mine.length,
        dueSoon: mine.filter((t) => t.sla_state !== 'breached' && t.sla_order >= now.getTime() && t.sla_order <= soon)
          .length,
        breached: mine.filter((t) => t.sla_state === 'breached').length,
        plannedMinutes: plannedMinutes(mine, average, loggedBy),
        availableMinutes: businessMinutesBetween(cal, from, to),
      };
    }),
  };
}
