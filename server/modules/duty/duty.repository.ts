import type { Insertable, Kysely, Updateable } from 'kysely';
import type {
  AgentLeaveTable,
  Database,
  DutyLayerTable,
  DutyOverrideTable,
  DutyScheduleTable,
  DutySwapTable,
} from '../../db/schema.js';

export function insertSchedule(db: Kysely<Database>, row: Insertable<DutyScheduleTable>) {
  return db.insertInto('duty_schedules').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findSchedule(db: Kysely<Database>, id: number) {
  return db.selectFrom('duty_schedules').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listSchedules(db: Kysely<Database>, teamId?: number) {
  let q = db.selectFrom('duty_schedules').selectAll();
  if (teamId !== undefined) q = q.where('team_id', '=', teamId);
  return q.orderBy('team_id').orderBy('id').execute();
}

/** The team's first schedule: the one routing asks (a team has one in practice). */
export function firstScheduleOfTeam(db: Kysely<Database>, teamId: number) {
  return db
    .selectFrom('duty_schedules')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Overrides in force at an instant, oldest first. */
export function overridesAt(db: Kysely<Database>, scheduleId: number, at: string) {
  return db
    .selectFrom('duty_overrides')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .where('to_at', '>', at)
    .where('from_at', '<=', at)
    .orderBy('id')
    .execute();
}

/** Approved swaps in force at an instant. */
export function approvedSwapsAt(db: Kysely<Database>, scheduleId: number, at: string) {
  return db
    .selectFrom('duty_swaps')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .where('status', '=', 'approved')
    .where('to_at', '>', at)
    .where('from_at', '<=', at)
    .orderBy('id')
    .execute();
}

export function updateSchedule(db: Kysely<Database>, id: number, patch: Updateable<DutyScheduleTable>) {
  return db.updateTable('duty_schedules').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteSchedule(db: Kysely<Database>, id: number) {
  return db.deleteFrom('duty_schedules').where('id', '=', id).executeTakeFirst();
}

export function listLayers(db: Kysely<Database>, scheduleIds: readonly number[]) {
  if (scheduleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('duty_layers')
    .selectAll()
    .where('schedule_id', 'in', scheduleIds)
    .orderBy('schedule_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** Replaces a schedule's layers (their ids change: overrides and swaps do not refer to layers). */
export async function replaceLayers(db: Kysely<Database>, scheduleId: number, rows: Insertable<DutyLayerTable>[]) {
  await db.deleteFrom('duty_layers').where('schedule_id', '=', scheduleId).execute();
  if (rows.length > 0) await db.insertInto('duty_layers').values(rows).execute();
}

export function insertOverride(db: Kysely<Database>, row: Insertable<DutyOverrideTable>) {
  return db.insertInto('duty_overrides').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Overrides of the schedules that end after `from` (all when omitted), oldest first: a later one wins. */
export function listOverrides(db: Kysely<Database>, scheduleIds: readonly number[], from?: string) {
  if (scheduleIds.length === 0) return Promise.resolve([]);
  let q = db.selectFrom('duty_overrides').selectAll().where('schedule_id', 'in', scheduleIds);
  if (from !== undefined) q = q.where('to_at', '>', from);
  return q.orderBy('id').execute();
}

export function deleteOverride(db: Kysely<Database>, scheduleId: number, id: number) {
  return db.deleteFrom('duty_overrides').where('schedule_id', '=', scheduleId).where('id', '=', id).executeTakeFirst();
}

export function insertSwap(db: Kysely<Database>, row: Insertable<DutySwapTable>) {
  return db.insertInto('duty_swaps').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findSwap(db: Kysely<Database>, scheduleId: number, id: number) {
  return db
    .selectFrom('duty_swaps')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function listSwaps(db: Kysely<Database>, scheduleIds: readonly number[], from?: string) {
  if (scheduleIds.length === 0) return Promise.resolve([]);
  let q = db.selectFrom('duty_swaps').selectAll().where('schedule_id', 'in', scheduleIds);
  if (from !== undefined) q = q.where('to_at', '>', from);
  return q.orderBy('id').execute();
}

export function decideSwap(
  db: Kysely<Database>,
  id: number,
  status: 'approved' | 'rejected',
  decidedBy: number | null,
) {
  return db
    .updateTable('duty_swaps')
    .set({ status, decided_by: decidedBy })
    .where('id', '=', id)
    .where('status', '=', 'requested')
    .returningAll()
    .executeTakeFirst();
}

export function insertLeave(db: Kysely<Database>, row: Insertable<AgentLeaveTable>) {
  return db.insertInto('agent_leaves').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Leaves of the agents (all when omitted) that end on or after `fromDate`. */
export function listLeaves(db: Kysely<Database>, agentIds?: readonly number[], fromDate?: string) {
  if (agentIds && agentIds.length === 0) return Promise.resolve([]);
  let q = db.selectFrom('agent_leaves').selectAll();
  if (agentIds) q = q.where('agent_id', 'in', agentIds);
  if (fromDate !== undefined) q = q.where('to_date', '>=', fromDate);
  return q.orderBy('from_date').orderBy('id').execute();
}

export function deleteLeave(db: Kysely<Database>, agentId: number, id: number) {
  return db.deleteFrom('agent_leaves').where('agent_id', '=', agentId).where('id', '=', id).executeTakeFirst();
}

export function findTeamRecord(db: Kysely<Database>, teamId: number) {
  return db
    .selectFrom('teams')
    .select(['id', 'name', 'calendar_id', 'active'])
    .where('id', '=', teamId)
    .executeTakeFirst();
}

export function listTeamRecords(db: Kysely<Database>) {
  return db.selectFrom('teams').select(['id', 'name', 'calendar_id', 'active']).orderBy('name').execute();
}

export function findCalendarRow(db: Kysely<Database>, id: number) {
  return db.selectFrom('calendars').select(['id', 'name', 'document']).where('id', '=', id).executeTakeFirst();
}

/** The desk's first calendar: the default for a team that has none of its own. */
export function firstCalendarRow(db: Kysely<Database>) {
  return db.selectFrom('calendars').select(['id', 'name', 'document']).orderBy('id').limit(1).executeTakeFirst();
}

export function agentsByIds(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('agents')
    .select(['id', 'name', 'email', 'role', 'active', 'language'])
    .where('id', 'in', ids)
    .execute();
}

/** The team's managers (members with the manager or admin role), else every active manager. */
export async function managersOfTeam(db: Kysely<Database>, teamId: number) {
  const members = await db
    .selectFrom('team_members')
    .innerJoin('agents', 'agents.id', 'team_members.agent_id')
    .select(['agents.id', 'agents.name', 'agents.email', 'agents.language'])
    .where('team_members.team_id', '=', teamId)
    .where('agents.role', 'in', ['manager', 'admin'])
    .where('agents.active', '=', 1)
    .orderBy('agents.id')
    .execute();
  if (members.length > 0) return members;
  return db
    .selectFrom('agents')
    .select(['id', 'name', 'email', 'language'])
    .where('role', '=', 'manager')
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
}

export function teamMemberIds(db: Kysely<Database>, teamId: number) {
  return db.selectFrom('team_members').select('agent_id').where('team_id', '=', teamId).execute();
}

export type ScheduleRow = NonNullable<Awaited<ReturnType<typeof findSchedule>>>;
export type LayerRow = Awaited<ReturnType<typeof listLayers>>[number];
export type OverrideRow = Awaited<ReturnType<typeof listOverrides>>[number];
export type SwapRow = Awaited<ReturnType<typeof listSwaps>>[number];
export type LeaveRow = Awaited<ReturnType<typeof listLeaves>>[number];
