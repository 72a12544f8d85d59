import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Duty schedules (issue 18): who is on call when, per team.
 *
 * - `duty_schedules`: a team's schedule in one IANA zone (handoffs and restrictions are local times there).
 * - `duty_layers`: rotations stacked by `position` (the highest covering layer decides); `members` is a JSON
 *   array of agent ids in rotation order, `restrictions` a JSON array of weekly windows
 *   `{days:[1..7], from:'HH:MM', to:'HH:MM'}`; `skip_holidays` leaves the team calendar's holidays uncovered.
 * - `duty_overrides`: someone on duty for a period, instead of everyone (`replaces_agent_id` null) or of one agent.
 * - `duty_swaps`: an engineer asks a colleague to take their duty for a period; a manager approves or rejects.
 * - `agent_leaves`: leave (local dates, inclusive); duty during it is a warning, not a refusal.
 * - `teams.calendar_id`: the team's business hours (out of them, the engineer on duty acts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('teams')
    .addColumn('calendar_id', 'integer', (c) => c.references('calendars.id').onDelete('set null'))
    .execute();
  await db.schema
    .createTable('duty_schedules')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('team_id', 'integer', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('duty_schedules_team').on('duty_schedules').columns(['team_id', 'id']).execute();
  await db.schema
    .createTable('duty_layers')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('schedule_id', 'integer', (c) => c.notNull().references('duty_schedules.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('members', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('shift_minutes', 'integer', (c) => c.notNull().check(sql`shift_minutes > 0`))
    .addColumn('handoff', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('restrictions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('skip_holidays', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('duty_layers_schedule').on('duty_layers').columns(['schedule_id', 'position']).execute();
  await db.schema
    .createTable('duty_overrides')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('schedule_id', 'integer', (c) => c.notNull().references('duty_schedules.id').onDelete('cascade'))
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
    .addColumn('replaces_agent_id', 'integer', (c) => c.references('agents.id'))
    .addColumn('from_at', 'text', (c) => c.notNull())
    .addColumn('to_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('agents.id'))
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('duty_overrides_schedule').on('duty_overrides').columns(['schedule_id', 'to_at']).execute();
  await db.schema
    .createTable('duty_swaps')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('schedule_id', 'integer', (c) => c.notNull().references('duty_schedules.id').onDelete('cascade'))
    .addColumn('requester_id', 'integer', (c) => c.notNull().references('agents.id'))
    .addColumn('with_agent_id', 'integer', (c) => c.notNull().references('agents.id'))
    .addColumn('from_at', 'text', (c) => c.notNull())
    .addColumn('to_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('requested').check(sql`status in ('requested', 'approved', 'rejected')`),
    )
    .addColumn('decided_by', 'integer', (c) => c.references('agents.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('duty_swaps_schedule').on('duty_swaps').columns(['schedule_id', 'status']).execute();
  await db.schema
    .createTable('agent_leaves')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('agent_leaves_agent').on('agent_leaves').columns(['agent_id', 'from_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('agent_leaves').execute();
  await db.schema.dropTable('duty_swaps').execute();
  await db.schema.dropTable('duty_overrides').execute();
  await db.schema.dropTable('duty_layers').execute();
  await db.schema.dropTable('duty_schedules').execute();
  await db.schema.alterTable('teams').dropColumn('calendar_id').execute();
}
