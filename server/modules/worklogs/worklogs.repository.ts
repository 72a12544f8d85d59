import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Database, WorklogHistoryTable, WorklogTable } from '../../db/schema.js';
import { jsonNumberObject } from '../../db/dialect.js';
import { dummyKysely } from '../../db/dummy.js';
import { parameterRow, precompiled } from '../../db/prepared.js';

/** A ticket as work on it needs it: whose it is, its agreement, service and type. */
const workTicketQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('tickets')
    .leftJoin('agreements', 'agreements.id', 'tickets.agreement_id')
    .leftJoin('calendars', 'calendars.id', 'agreements.calendar_id')
    .leftJoin('services', 'services.id', 'tickets.service_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.subject',
      'tickets.type',
      'tickets.organization_id',
      'tickets.agreement_id',
      'tickets.service_id',
      'agreements.kind as agreement_kind',
      'calendars.document as calendar_document',
      'services.billable_default as service_billable',
    ])
    .where('tickets.id', '=', 0);

// Logging work is one of the busiest writes: its statements are compiled once (server/db/prepared.ts).
const ticketForWorkQuery = precompiled(() => workTicketQuery(dummyKysely).compile());

export async function ticketForWork(db: Kysely<Database>, id: number) {
  return (await ticketForWorkQuery(db, [id])).rows[0];
}
export type WorkTicket = NonNullable<Awaited<ReturnType<typeof ticketForWork>>>;

const worklogInsertColumns = [
  'ticket_id',
  'agent_id',
  'organization_id',
  'agreement_id',
  'service_id',
  'started_at',
  'ended_at',
  'work_date',
  'minutes',
  'billed_minutes',
  'activity_id',
  'comment',
  'billable',
  'client_visible',
  'package_minutes',
  'overage_minutes',
  'rate_kopecks',
  'rate_source',
  'multiplier_percent',
  'discount_bp',
  'amount_kopecks',
  'cost_kopecks',
  'created_at',
  'updated_at',
] as const;
/** A new worklog names every column above: the precompiled insert has no defaults to fall back on. */
export type WorklogInsert = {
  [K in (typeof worklogInsertColumns)[number]]-?: Exclude<Insertable<WorklogTable>[K], undefined>;
};
const insertWorklogQuery = precompiled(() =>
  dummyKysely.insertInto('worklogs').values(parameterRow(worklogInsertColumns)).returning('id').compile(),
);

export async function insertWorklog(db: Kysely<Database>, row: WorklogInsert) {
  return (
    await insertWorklogQuery(
      db,
      worklogInsertColumns.map((c) => row[c]),
    )
  ).rows[0]!;
}

export function updateWorklog(db: Kysely<Database>, id: number, patch: Updateable<WorklogTable>) {
  return db.updateTable('worklogs').set(patch).where('id', '=', id).execute();
}

export function deleteWorklog(db: Kysely<Database>, id: number) {
  return db.deleteFrom('worklogs').where('id', '=', id).execute();
}

const historyColumns = ['worklog_id', 'ticket_id', 'at', 'actor', 'action', 'before', 'after'] as const;
const insertHistoryQuery = precompiled(() =>
  dummyKysely.insertInto('worklog_history').values(parameterRow(historyColumns)).compile(),
);

export function insertHistory(db: Kysely<Database>, row: Required<Omit<Insertable<WorklogHistoryTable>, 'id'>>) {
  return insertHistoryQuery(
    db,
    historyColumns.map((c) => row[c]),
  );
}

export function historyOf(db: Kysely<Database>, worklogId: number) {
  return db
    .selectFrom('worklog_history')
    .selectAll()
    .where('worklog_id', '=', worklogId)
    .orderBy('id')
    .limit(500)
    .execute();
}

const worklogView = (db: Kysely<Database>) =>
  db
    .selectFrom('worklogs')
    .innerJoin('tickets', 'tickets.id', 'worklogs.ticket_id')
    .innerJoin('agents', 'agents.id', 'worklogs.agent_id')
    .leftJoin('worklog_activities', 'worklog_activities.id', 'worklogs.activity_id')
    .selectAll('worklogs')
    .select([
      'tickets.number as ticket_number',
      'tickets.subject as ticket_subject',
      'agents.name as agent_name',
      'worklog_activities.name_ru as activity_ru',
      'worklog_activities.name_en as activity_en',
    ]);

const findWorklogQuery = precompiled(() => worklogView(dummyKysely).where('worklogs.id', '=', 0).compile());

export async function findWorklog(db: Kysely<Database>, id: number) {
  return (await findWorklogQuery(db, [id])).rows[0];
}
export type WorklogRow = NonNullable<Awaited<ReturnType<typeof findWorklog>>>;

export interface WorklogFilter {
  ticketId?: number;
  agentId?: number;
  organizationId?: number;
  agreementId?: number;
  from?: string;
  to?: string;
  /** A client contact sees only the work of their own organization that is marked visible to the client. */
  clientOf?: number;
}

function filtered(db: Kysely<Database>, f: WorklogFilter) {
  let q = worklogView(db);
  if (f.clientOf !== undefined)
    q = q.where('worklogs.organization_id', '=', f.clientOf).where('worklogs.client_visible', '=', 1);
  if (f.ticketId !== undefined) q = q.where('worklogs.ticket_id', '=', f.ticketId);
  if (f.agentId !== undefined) q = q.where('worklogs.agent_id', '=', f.agentId);
  if (f.organizationId !== undefined) q = q.where('worklogs.organization_id', '=', f.organizationId);
  if (f.agreementId !== undefined) q = q.where('worklogs.agreement_id', '=', f.agreementId);
  if (f.from !== undefined) q = q.where('worklogs.work_date', '>=', f.from);
  if (f.to !== undefined) q = q.where('worklogs.work_date', '<=', f.to);
  return q;
}

/** Newest work first: by work date, then id. */
export function listWorklogs(
  db: Kysely<Database>,
  f: WorklogFilter,
  page: { limit: number; after?: { date: string; id: number } },
) {
  let q = filtered(db, f);
  if (page.after) {
    const { date, id } = page.after;
    q = q.where((eb) =>
      eb.or([
        eb('worklogs.work_date', '<', date),
        eb.and([eb('worklogs.work_date', '=', date), eb('worklogs.id', '<', id)]),
      ]),
    );
  }
  return q
    .orderBy('worklogs.work_date', 'desc')
    .orderBy('worklogs.id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

export async function totals(db: Kysely<Database>, f: WorklogFilter) {
  const row = await filtered(db, f)
    .clearSelect()
    .select([
      sql<number>`coalesce(sum(worklogs.minutes), 0)`.as('minutes'),
      sql<number>`coalesce(sum(case when worklogs.billable = 1 then worklogs.billed_minutes else 0 end), 0)`.as(
        'billed',
      ),
      sql<number>`coalesce(sum(worklogs.amount_kopecks), 0)`.as('amount'),
      sql<number>`count(*)`.as('count'),
    ])
    .executeTakeFirstOrThrow();
  return {
    minutes: Number(row.minutes),
    billedMinutes: Number(row.billed),
    amountKopecks: Number(row.amount),
    count: Number(row.count),
  };
}

/** The report's rows in ticket order (the Sotbit way: per ticket, with engineer and comment). */
export function reportRows(db: Kysely<Database>, f: WorklogFilter, limit: number) {
  return filtered(db, f)
    .orderBy('ticket_number')
    .orderBy('worklogs.work_date')
    .orderBy('worklogs.id')
    .limit(limit)
    .execute();
}

export function markExported(db: Kysely<Database>, ids: readonly number[], at: string) {
  return db
    .updateTable('worklogs')
    .set({ exported_at: at })
    .where('id', 'in', ids)
    .where('exported_at', 'is', null)
    .execute();
}

// Timers: one per agent, kept on the server.
export function findTimer(db: Kysely<Database>, agentId: number) {
  return db
    .selectFrom('timers')
    .innerJoin('tickets', 'tickets.id', 'timers.ticket_id')
    .select([
      'timers.agent_id',
      'timers.ticket_id',
      'timers.started_at',
      'tickets.number as ticket_number',
      'tickets.subject as ticket_subject',
    ])
    .where('timers.agent_id', '=', agentId)
    .executeTakeFirst();
}

export function insertTimer(db: Kysely<Database>, row: { agent_id: number; ticket_id: number; started_at: string }) {
  return db.insertInto('timers').values(row).execute();
}

export function deleteTimer(db: Kysely<Database>, agentId: number) {
  return db.deleteFrom('timers').where('agent_id', '=', agentId).execute();
}

// Activities.
export function listActivities(db: Kysely<Database>) {
  return db.selectFrom('worklog_activities').selectAll().orderBy('position').orderBy('id').execute();
}

export function findActivity(db: Kysely<Database>, id: number) {
  return db.selectFrom('worklog_activities').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertActivity(db: Kysely<Database>, row: { name_ru: string; name_en: string; position: number }) {
  return db.insertInto('worklog_activities').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateActivity(
  db: Kysely<Database>,
  id: number,
  patch: { name_ru?: string; name_en?: string; active?: number },
) {
  return db.updateTable('worklog_activities').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

// Settings of time tracking, one JSON value.
export async function readSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export function writeSetting(db: Kysely<Database>, key: string, value: string) {
  return db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function activeAgent(db: Kysely<Database>, id: number) {
  return db.selectFrom('agents').select(['id', 'name']).where('id', '=', id).where('active', '=', 1).executeTakeFirst();
}

/** Work of a period per engineer: worked, billable and billed minutes and the amount. */
export function workByAgent(db: Kysely<Database>, f: WorklogFilter) {
  return filtered(db, f)
    .clearSelect()
    .select([
      'agents.name as agent_name',
      sql<number>`sum(worklogs.minutes)`.as('minutes'),
      sql<number>`sum(case when worklogs.billable = 1 then worklogs.minutes else 0 end)`.as('billable'),
      sql<number>`sum(case when worklogs.billable = 1 then worklogs.billed_minutes else 0 end)`.as('billed'),
      sql<number>`sum(worklogs.amount_kopecks)`.as('amount'),
    ])
    .groupBy(['worklogs.agent_id', 'agents.name'])
    .orderBy('agents.name')
    .execute();
}

/**
 * Acts (documents module): the work an act covers names it, which locks it; a storno of the act frees it.
 * Each change is in the worklog's history. Only work not covered by another act is taken.
 */
export async function setActOf(
  db: Kysely<Database>,
  ids: readonly number[],
  actId: number | null,
  history: { at: string; actor: string },
) {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await db
      .insertInto('worklog_history')
      .columns(['worklog_id', 'ticket_id', 'at', 'actor', 'action', 'before', 'after'])
      .expression(
        db
          .selectFrom('worklogs')
          .select((eb) => [
            'id',
            'ticket_id',
            eb.val(history.at).as('at'),
            eb.val(history.actor).as('actor'),
            eb.val(actId === null ? 'act_cancelled' : 'act').as('action'),
            jsonNumberObject(db, 'actId', 'act_id').as('before'),
            eb.val(JSON.stringify({ actId })).as('after'),
          ])
          .where('id', 'in', chunk),
      )
      .execute();
    await db.updateTable('worklogs').set({ act_id: actId }).where('id', 'in', chunk).execute();
  }
}

export function worklogIdsOfAct(db: Kysely<Database>, actId: number) {
  return db
    .selectFrom('worklogs')
    .select('id')
    .where('act_id', '=', actId)
    .execute()
    .then((rows) => rows.map((r) => r.id));
}
