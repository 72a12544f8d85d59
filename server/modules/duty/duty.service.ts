import ical from 'ical-generator';
import type { Ctx, TxCtx } from '../../context.js';
import { agentId as actorAgentId, inTransaction } from '../../context.js';
import { publish } from '../../events/event-bus.js';
import { AppError, badRequest, forbidden, notFound } from '../../shared/errors.js';
import { authorize, can } from '../auth/index.js';
import {
  compileCalendar,
  compiledCalendar,
  dayKind,
  isWorkingInstant,
  parseCalendarDocument,
  productionYears,
  type CompiledCalendar,
} from '../calendars/index.js';
import {
  compileSchedule,
  coverageGaps,
  HHMM,
  isKnownZone,
  leaveConflicts,
  onCallAt,
  shiftsBetween,
  YMD,
  type CompiledSchedule,
  type LeaveConflict,
  type OnCall,
  type Restriction,
  type Shift,
} from './on-call.js';
import { layerOfRow } from './duty.presenter.js';
import * as repo from './duty.repository.js';

const DAY = 86_400_000;
/** The longest period a timeline is computed for in one request. */
const MAX_RANGE_DAYS = 400;

export interface LayerSpec {
  members: number[];
  shiftMinutes: number;
  handoff: string;
  startsOn?: string;
  restrictions?: Restriction[];
  skipHolidays?: boolean;
}

export interface ScheduleSpec {
  teamId: number;
  timezone: string;
  name?: string;
  layers: LayerSpec[];
}

export interface ScheduleDetail {
  schedule: repo.ScheduleRow;
  teamName: string;
  layers: repo.LayerRow[];
  overrides: repo.OverrideRow[];
  swaps: repo.SwapRow[];
  /** Duty that falls on someone's leave in the next 14 days. */
  warnings: LeaveConflict[];
  /** Nobody on duty in the next 7 days, outside the team's business hours. */
  gaps: { from: string; to: string }[];
}

// --- Input checks: every message names the field and says what to do.

const field = (path: string, message: string, human: string) => badRequest(human, { errors: [{ path, message }] });

function parseInstant(raw: string, path: string): Date {
  // A '+' of an offset left unencoded in a query string arrives as a space.
  const value = raw.replace(' ', '+');
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(t))
    throw field(path, 'is not an ISO date-time', `${path} must be a date and time such as 2026-12-05T02:00:00Z`);
  return new Date(t);
}

function parsePeriod(from: string, to: string, base = 'body'): { from: Date; to: Date } {
  const a = parseInstant(from, `${base}.from`);
  const b = parseInstant(to, `${base}.to`);
  if (b <= a)
    throw field(`${base}.to`, 'is not after from', 'The period ends before it starts; put the end after the start');
  return { from: a, to: b };
}

function checkZone(zone: string) {
  if (!isKnownZone(zone))
    throw field(
      'body.timezone',
      'is not a known time zone',
      `"${zone}" is not a time zone; use an IANA name such as Europe/Moscow`,
    );
}

async function checkAgents(tx: Ctx, ids: readonly number[], path: string) {
  const unique = [...new Set(ids)];
  const known = new Set((await repo.agentsByIds(tx.db, unique)).map((a) => a.id));
  const unknown = unique.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw field(
      path,
      `agent ${unknown[0]} does not exist`,
      `Agent ${unknown.join(', ')} does not exist; duty goes to agents`,
    );
}

function layerRows(scheduleId: number, layers: LayerSpec[], today: string) {
  return layers.map((l, i) => {
    const path = `body.layers.${i}`;
    if (!HHMM.test(l.handoff))
      throw field(`${path}.handoff`, 'is not HH:MM', `The handoff of layer ${i + 1} must be a time such as 09:00`);
    const startsOn = l.startsOn ?? today;
    if (!YMD.test(startsOn) || Number.isNaN(Date.parse(startsOn)))
      throw field(`${path}.startsOn`, 'is not a date', `Layer ${i + 1} must start on a date such as 2026-12-07`);
    for (const [j, r] of (l.restrictions ?? []).entries()) {
      if (!HHMM.test(r.from) || !HHMM.test(r.to))
        throw field(
          `${path}.restrictions.${j}`,
          'times are not HH:MM',
          `Restriction ${j + 1} of layer ${i + 1} needs times such as 19:00 and 10:00`,
        );
      if (r.days.length === 0 || r.days.some((d) => d < 1 || d > 7))
        throw field(
          `${path}.restrictions.${j}.days`,
          'needs weekdays 1–7',
          `Restriction ${j + 1} of layer ${i + 1} needs weekdays 1 (Monday) to 7 (Sunday)`,
        );
    }
    return {
      schedule_id: scheduleId,
      position: i,
      members: JSON.stringify(l.members),
      shift_minutes: l.shiftMinutes,
      handoff: l.handoff,
      starts_on: startsOn,
      restrictions: JSON.stringify(
        (l.restrictions ?? []).map((r) => ({ days: [...new Set(r.days)].sort(), from: r.from, to: r.to })),
      ),
      skip_holidays: l.skipHolidays ? 1 : 0,
    };
  });
}

function todayIn(zone: string, now: Date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
}

// --- Calendars: the team's business hours and holidays.

/** A desk without any calendar: Monday to Friday 09:00–18:00 with the Russian production calendar. */
async function builtInCalendar(ctx: Ctx): Promise<CompiledCalendar> {
  const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]]));
  return compileCalendar(
    parseCalendarDocument({ timezone: 'Europe/Moscow', week, production: 'RU' }),
    await productionYears(ctx),
  );
}

/** The team's own calendar, else the desk's first calendar (the one an installation starts with). */
async function teamCalendar(ctx: Ctx, teamId: number | null): Promise<CompiledCalendar> {
  const team = teamId === null ? undefined : await repo.findTeamRecord(ctx.db, teamId);
  const row =
    (team?.calendar_id != null ? await repo.findCalendarRow(ctx.db, team.calendar_id) : undefined) ??
    (await repo.firstCalendarRow(ctx.db));
  return row ? compiledCalendar(ctx, row) : builtInCalendar(ctx);
}

export async function teamCalendarId(ctx: Ctx, teamId: number): Promise<number | null> {
  return (await repo.findTeamRecord(ctx.db, teamId))?.calendar_id ?? null;
}

/** False outside the working hours of the team's calendar (holidays and weekends included). */
export async function isTeamBusinessTime(ctx: Ctx, teamId: number, at: Date): Promise<boolean> {
  return isWorkingInstant(await teamCalendar(ctx, teamId), at.getTime());
}

// --- Compiling stored schedules

async function compileStored(
  ctx: Ctx,
  schedule: repo.ScheduleRow,
  layers: repo.LayerRow[],
  overrides: repo.OverrideRow[],
  swaps: repo.SwapRow[],
): Promise<CompiledSchedule> {
  let isHoliday: ((date: string) => boolean) | undefined;
  if (layers.some((l) => l.skip_holidays === 1)) {
    const calendar = await teamCalendar(ctx, schedule.team_id);
    const known = new Map<string, boolean>();
    isHoliday = (date) => {
      let h = known.get(date);
      if (h === undefined) known.set(date, (h = dayKind(calendar, date).holiday));
      return h;
    };
  }
  return compileSchedule({
    timezone: schedule.timezone,
    layers: layers.map(layerOfRow),
    overrides: overrides.map((o) => ({
      agentId: o.agent_id,
      replacesAgentId: o.replaces_agent_id,
      from: o.from_at,
      to: o.to_at,
    })),
    swaps: swaps
      .filter((s) => s.status === 'approved')
      .map((s) => ({ requesterId: s.requester_id, withAgentId: s.with_agent_id, from: s.from_at, to: s.to_at })),
    isHoliday,
  });
}

async function compiledById(ctx: Ctx, id: number): Promise<{ schedule: repo.ScheduleRow; compiled: CompiledSchedule }> {
  const schedule = await repo.findSchedule(ctx.db, id);
  if (!schedule) throw notFound(`Duty schedule ${id}`);
  const [layers, overrides, swaps] = await Promise.all([
    repo.listLayers(ctx.db, [id]),
    repo.listOverrides(ctx.db, [id]),
    repo.listSwaps(ctx.db, [id]),
  ]);
  return { schedule, compiled: await compileStored(ctx, schedule, layers, overrides, swaps) };
}

// --- Schedules

async function detail(ctx: Ctx, schedule: repo.ScheduleRow): Promise<ScheduleDetail> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - 30 * DAY).toISOString();
  const [layers, overrides, swaps, team] = await Promise.all([
    repo.listLayers(ctx.db, [schedule.id]),
    repo.listOverrides(ctx.db, [schedule.id], since),
    repo.listSwaps(ctx.db, [schedule.id], since),
    repo.findTeamRecord(ctx.db, schedule.team_id),
  ]);
  const compiled = await compileStored(ctx, schedule, layers, overrides, swaps);
  const shifts = shiftsBetween(compiled, now, new Date(now.getTime() + 14 * DAY));
  const agents = [...new Set(shifts.map((s) => s.agentId))];
  const leaves = await repo.listLeaves(ctx.db, agents, todayIn(schedule.timezone, now));
  const warnings = leaveConflicts(
    schedule.timezone,
    shifts,
    leaves.map((l) => ({ agentId: l.agent_id, fromDate: l.from_date, toDate: l.to_date })),
  );
  const gaps = await uncoveredOutsideHours(ctx, schedule.team_id, compiled, now, new Date(now.getTime() + 7 * DAY));
  return { schedule, teamName: team?.name ?? '', layers, overrides, swaps, warnings, gaps };
}

/** Gaps in duty that fall outside the team's business hours (in hours, the team itself is at work). */
async function uncoveredOutsideHours(ctx: Ctx, teamId: number, compiled: CompiledSchedule, from: Date, to: Date) {
  const calendar = await teamCalendar(ctx, teamId);
  const out: { from: string; to: string }[] = [];
  const STEP = 60_000;
  for (const gap of coverageGaps(compiled, from, to)) {
    // Walk the gap by the minute boundaries where working time starts or stops (gaps are few and short).
    let start: number | null = null;
    const a = Date.parse(gap.from);
    const b = Date.parse(gap.to);
    for (let t = a; t < b; t += STEP) {
      const working = isWorkingInstant(calendar, t);
      if (!working && start === null) start = t;
      if (working && start !== null) {
        out.push({ from: new Date(start).toISOString(), to: new Date(t).toISOString() });
        start = null;
      }
    }
    if (start !== null) out.push({ from: new Date(start).toISOString(), to: new Date(b).toISOString() });
  }
  return out;
}

export async function listSchedules(ctx: Ctx, query: { teamId?: number }): Promise<ScheduleDetail[]> {
  authorize(ctx.actor, 'duty.read');
  const rows = await repo.listSchedules(ctx.db, query.teamId);
  const out: ScheduleDetail[] = [];
  for (const row of rows) out.push(await detail(ctx, row));
  return out;
}

export async function getSchedule(ctx: Ctx, id: number): Promise<ScheduleDetail> {
  authorize(ctx.actor, 'duty.read');
  const row = await repo.findSchedule(ctx.db, id);
  if (!row) throw notFound(`Duty schedule ${id}`);
  return detail(ctx, row);
}

async function checkLayers(tx: TxCtx, layers: LayerSpec[]) {
  for (const [i, l] of layers.entries()) await checkAgents(tx, l.members, `body.layers.${i}.members`);
}

export async function createSchedule(ctx: Ctx, input: ScheduleSpec): Promise<ScheduleDetail> {
  authorize(ctx.actor, 'duty.manage');
  checkZone(input.timezone);
  const now = ctx.clock.now();
  const created = await inTransaction(ctx, async (tx) => {
    const team = await repo.findTeamRecord(tx.db, input.teamId);
    if (!team)
      throw field('body.teamId', 'does not exist', `Team ${input.teamId} does not exist; create the team first`);
    await checkLayers(tx, input.layers);
    const schedule = await repo.insertSchedule(tx.db, {
      team_id: team.id,
      name: input.name?.trim() || team.name,
      timezone: input.timezone,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await repo.replaceLayers(tx.db, schedule.id, layerRows(schedule.id, input.layers, todayIn(input.timezone, now)));
    return schedule;
  });
  return detail(ctx, created);
}

export async function updateSchedule(
  ctx: Ctx,
  id: number,
  input: { name?: string; timezone?: string; layers?: LayerSpec[] },
): Promise<ScheduleDetail> {
  authorize(ctx.actor, 'duty.manage');
  if (input.timezone !== undefined) checkZone(input.timezone);
  const now = ctx.clock.now();
  const updated = await inTransaction(ctx, async (tx) => {
    const current = await repo.findSchedule(tx.db, id);
    if (!current) throw notFound(`Duty schedule ${id}`);
    if (input.name !== undefined && !input.name.trim()) throw field('body.name', 'is empty', 'A schedule needs a name');
    if (input.layers) {
      await checkLayers(tx, input.layers);
      await repo.replaceLayers(
        tx.db,
        id,
        layerRows(id, input.layers, todayIn(input.timezone ?? current.timezone, now)),
      );
    }
    return (await repo.updateSchedule(tx.db, id, {
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.timezone !== undefined && { timezone: input.timezone }),
      updated_at: now.toISOString(),
    }))!;
  });
  return detail(ctx, updated);
}

export async function deleteSchedule(ctx: Ctx, id: number): Promise<void> {
  authorize(ctx.actor, 'duty.manage');
  await inTransaction(ctx, async (tx) => {
    const deleted = await repo.deleteSchedule(tx.db, id);
    if (Number(deleted.numDeletedRows) === 0) throw notFound(`Duty schedule ${id}`);
  });
}

// --- Overrides and swaps

export async function addOverride(
  ctx: Ctx,
  scheduleId: number,
  input: { agentId: number; from: string; to: string; replaces?: number | null; reason?: string | null },
): Promise<repo.OverrideRow> {
  authorize(ctx.actor, 'duty.manage');
  const period = parsePeriod(input.from, input.to);
  return inTransaction(ctx, async (tx) => {
    if (!(await repo.findSchedule(tx.db, scheduleId))) throw notFound(`Duty schedule ${scheduleId}`);
    await checkAgents(tx, [input.agentId], 'body.agentId');
    if (input.replaces != null) {
      await checkAgents(tx, [input.replaces], 'body.replaces');
      if (input.replaces === input.agentId)
        throw field('body.replaces', 'is the same agent', 'An engineer cannot replace themselves; choose someone else');
    }
    const row = await repo.insertOverride(tx.db, {
      schedule_id: scheduleId,
      agent_id: input.agentId,
      replaces_agent_id: input.replaces ?? null,
      from_at: period.from.toISOString(),
      to_at: period.to.toISOString(),
      created_by: actorAgentId(ctx.actor),
      reason: input.reason?.trim() || null,
    });
    await publish(tx, 'duty.override_created', {
      scheduleId,
      overrideId: row.id,
      agentId: row.agent_id,
      replacesAgentId: row.replaces_agent_id,
      from: row.from_at,
      to: row.to_at,
    });
    return row;
  });
}

export async function deleteOverride(ctx: Ctx, scheduleId: number, overrideId: number): Promise<void> {
  authorize(ctx.actor, 'duty.manage');
  await inTransaction(ctx, async (tx) => {
    const deleted = await repo.deleteOverride(tx.db, scheduleId, overrideId);
    if (Number(deleted.numDeletedRows) === 0) throw notFound(`Override ${overrideId}`);
  });
}

/**
 * An engineer asks a colleague to take their duty for a period; a manager decides. A manager may arrange a
 * swap for others (`requesterId`), which is approved at once.
 */
export async function requestSwap(
  ctx: Ctx,
  scheduleId: number,
  input: { withAgentId: number; from: string; to: string; requesterId?: number },
): Promise<repo.SwapRow> {
  authorize(ctx.actor, 'duty.request');
  const self = actorAgentId(ctx.actor);
  const manager = can(ctx.actor, 'duty.manage');
  const requesterId = input.requesterId ?? self;
  if (requesterId === null)
    throw field('body.requesterId', 'is required', 'Name the engineer whose duty is swapped (requesterId)');
  if (requesterId !== self && !manager) throw forbidden('Only a manager arranges a swap for someone else');
  if (requesterId === input.withAgentId)
    throw field(
      'body.withAgentId',
      'is the requester',
      'A swap needs a colleague; choose someone other than the requester',
    );
  const period = parsePeriod(input.from, input.to);
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, async (tx) => {
    if (!(await repo.findSchedule(tx.db, scheduleId))) throw notFound(`Duty schedule ${scheduleId}`);
    await checkAgents(tx, [requesterId, input.withAgentId], 'body.withAgentId');
    const arranged = manager && requesterId !== self;
    const swap = await repo.insertSwap(tx.db, {
      schedule_id: scheduleId,
      requester_id: requesterId,
      with_agent_id: input.withAgentId,
      from_at: period.from.toISOString(),
      to_at: period.to.toISOString(),
      status: arranged ? 'approved' : 'requested',
      decided_by: arranged ? self : null,
      created_at: now,
    });
    if (arranged)
      await publish(tx, 'duty.swap_decided', { scheduleId, swapId: swap.id, status: 'approved', decidedBy: self });
    return swap;
  });
}

export async function decideSwap(
  ctx: Ctx,
  scheduleId: number,
  swapId: number,
  decision: 'approved' | 'rejected',
): Promise<repo.SwapRow> {
  authorize(ctx.actor, 'duty.manage');
  return inTransaction(ctx, async (tx) => {
    const swap = await repo.findSwap(tx.db, scheduleId, swapId);
    if (!swap) throw notFound(`Swap ${swapId}`);
    if (swap.status !== 'requested')
      throw new AppError(409, 'conflict', `This swap was already ${swap.status}; ask for a new one to change it`);
    const decided = (await repo.decideSwap(tx.db, swapId, decision, actorAgentId(ctx.actor)))!;
    await publish(tx, 'duty.swap_decided', {
      scheduleId,
      swapId,
      status: decision,
      decidedBy: actorAgentId(ctx.actor),
    });
    return decided;
  });
}

// --- Who is on duty

export async function onCall(ctx: Ctx, scheduleId: number, at: Date): Promise<OnCall | null> {
  authorize(ctx.actor, 'duty.read');
  const { compiled } = await compiledById(ctx, scheduleId);
  return onCallAt(compiled, at);
}

export async function scheduleShifts(ctx: Ctx, scheduleId: number, from: string, to: string): Promise<Shift[]> {
  authorize(ctx.actor, 'duty.read');
  const period = parsePeriod(from, to, 'query');
  if (period.to.getTime() - period.from.getTime() > MAX_RANGE_DAYS * DAY)
    throw field('query.to', 'is too far', `Ask for at most ${MAX_RANGE_DAYS} days of shifts at a time`);
  const { compiled } = await compiledById(ctx, scheduleId);
  return shiftsBetween(compiled, period.from, period.to);
}

/** The engineer on call in the team's first schedule at `at`; null without a schedule or when nobody covers it. */
export async function dutyAgentOfTeam(ctx: Ctx, teamId: number, at: Date): Promise<number | null> {
  const first = await repo.firstScheduleOfTeam(ctx.db, teamId);
  if (!first) return null;
  // Only what can matter at `at`: routing asks this for every ticket out of hours.
  const iso = at.toISOString();
  const [layers, overrides, swaps] = await Promise.all([
    repo.listLayers(ctx.db, [first.id]),
    repo.overridesAt(ctx.db, first.id, iso),
    repo.approvedSwapsAt(ctx.db, first.id, iso),
  ]);
  return onCallAt(await compileStored(ctx, first, layers, overrides, swaps), at)?.agentId ?? null;
}

/** A shift of one agent, with the schedule it belongs to and that schedule's zone (night hours are local). */
export type AgentShift = Shift & { scheduleId: number; scheduleName: string; timezone: string };

/** Every shift of the agent across all schedules in [from, to) (pay report, personal calendar). */
export async function dutyShiftsOfAgent(ctx: Ctx, agentId: number, from: Date, to: Date): Promise<AgentShift[]> {
  const out: AgentShift[] = [];
  for (const s of await repo.listSchedules(ctx.db)) {
    const { compiled } = await compiledById(ctx, s.id);
    for (const x of shiftsBetween(compiled, from, to))
      if (x.agentId === agentId) out.push({ ...x, scheduleId: s.id, scheduleName: s.name, timezone: s.timezone });
  }
  return out.sort((a, b) => a.from.localeCompare(b.from));
}

/** The agent's personal duty calendar: 30 days back, 90 ahead (whoever may read the schedules may read it). */
export async function agentDutyIcs(ctx: Ctx, agentId: number): Promise<string> {
  authorize(ctx.actor, 'duty.read');
  const [agent] = await repo.agentsByIds(ctx.db, [agentId]);
  if (!agent) throw notFound(`Agent ${agentId}`);
  const now = ctx.clock.now();
  const shifts = await dutyShiftsOfAgent(
    ctx,
    agentId,
    new Date(now.getTime() - 30 * DAY),
    new Date(now.getTime() + 90 * DAY),
  );
  const ru = agent.language !== 'en';
  const cal = ical({ name: ru ? `Дежурства: ${agent.name}` : `Duty: ${agent.name}`, prodId: '//Ondesk//Duty//EN' });
  for (const s of shifts)
    cal.createEvent({
      id: `duty-${agentId}-${s.layerId ?? 'o'}-${s.from}@ondesk`,
      start: new Date(s.from),
      end: new Date(s.to),
      stamp: now,
      summary: ru ? `Дежурство — ${s.scheduleName}` : `On call — ${s.scheduleName}`,
      description:
        s.source === 'rotation' ? null : ru ? (s.source === 'override' ? 'Замена' : 'Обмен сменами') : s.source,
    });
  return cal.toString();
}

// --- Leave

function checkLeaveOwner(ctx: Ctx, agentId: number) {
  authorize(ctx.actor, 'duty.request');
  if (actorAgentId(ctx.actor) !== agentId && !can(ctx.actor, 'duty.manage'))
    throw forbidden("Only a manager records someone else's leave");
}

/** Leave notes are personal: an agent reads their own, managers everyone's (schedules show only the conflicts). */
export async function listAgentLeaves(ctx: Ctx, agentId: number): Promise<repo.LeaveRow[]> {
  authorize(ctx.actor, 'duty.read');
  if (ctx.actor.kind === 'agent' && ctx.actor.id !== agentId && !can(ctx.actor, 'duty.manage'))
    throw forbidden("Only a manager reads someone else's leave");
  const [agent] = await repo.agentsByIds(ctx.db, [agentId]);
  if (!agent) throw notFound(`Agent ${agentId}`);
  return repo.listLeaves(ctx.db, [agentId]);
}

export async function addLeave(
  ctx: Ctx,
  agentId: number,
  input: { fromDate: string; toDate: string; note?: string | null },
): Promise<repo.LeaveRow> {
  checkLeaveOwner(ctx, agentId);
  for (const key of ['fromDate', 'toDate'] as const)
    if (!YMD.test(input[key]) || Number.isNaN(Date.parse(input[key])))
      throw field(`body.${key}`, 'is not a date', `${key} must be a date such as 2026-12-28`);
  if (input.toDate < input.fromDate)
    throw field(
      'body.toDate',
      'is before fromDate',
      'The leave ends before it starts; put the last day after the first',
    );
  return inTransaction(ctx, async (tx) => {
    const [agent] = await repo.agentsByIds(tx.db, [agentId]);
    if (!agent) throw notFound(`Agent ${agentId}`);
    return repo.insertLeave(tx.db, {
      agent_id: agentId,
      from_date: input.fromDate,
      to_date: input.toDate,
      note: input.note?.trim() || null,
    });
  });
}

export async function deleteLeave(ctx: Ctx, agentId: number, leaveId: number): Promise<void> {
  checkLeaveOwner(ctx, agentId);
  await inTransaction(ctx, async (tx) => {
    const deleted = await repo.deleteLeave(tx.db, agentId, leaveId);
    if (Number(deleted.numDeletedRows) === 0) throw notFound(`Leave ${leaveId}`);
  });
}

/** Teams with their calendar, for the duty page's team picker. */
export async function dutyTeams(ctx: Ctx) {
  authorize(ctx.actor, 'duty.read');
  return repo.listTeamRecords(ctx.db);
}

/** Every schedule's duty gaps in [from, to) outside its team's business hours (the coverage job). */
export async function gapsOfSchedules(ctx: Ctx, from: Date, to: Date) {
  const out: { schedule: repo.ScheduleRow; teamName: string; gaps: { from: string; to: string }[] }[] = [];
  for (const schedule of await repo.listSchedules(ctx.db)) {
    const { compiled } = await compiledById(ctx, schedule.id);
    const team = await repo.findTeamRecord(ctx.db, schedule.team_id);
    if (team?.active === 0) continue;
    const gaps = await uncoveredOutsideHours(ctx, schedule.team_id, compiled, from, to);
    out.push({ schedule, teamName: team?.name ?? '', gaps });
  }
  return out;
}

export const managersOfTeam = (ctx: Ctx, teamId: number) => repo.managersOfTeam(ctx.db, teamId);
