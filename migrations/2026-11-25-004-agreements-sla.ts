import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/** The ticket row of the word index, as the foundation migration writes it. */
const TICKET_INDEX_INSERT = `insert into search_index(rowid, kind, ref_id, parent_id, title, body)
      values (new.id * 4 + 0, 'ticket', new.id, new.id, '#' || new.number || ' ' || new.subject, new.description);`;

/** 9999-12-31T00:00:00Z in epoch ms: sorts after every real deadline. */
const NO_DEADLINE = 253_402_214_400_000;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('services')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('category', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('agreements')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('warranty','commercial','prepaid_hours','free')`))
    .addColumn('tier', 'text', (c) => c.notNull().check(sql`tier in ('8x5','24x7','premium','custom')`))
    .addColumn('calendar_id', 'integer', (c) => c.notNull().references('calendars.id'))
    .addColumn('start_date', 'text', (c) => c.notNull()) // YYYY-MM-DD, first day covered
    .addColumn('end_date', 'text', (c) => c.notNull()) // YYYY-MM-DD, last day covered
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','planned','active','expired','terminated')`))
    .addColumn('manager_id', 'integer', (c) => c.references('agents.id').onDelete('set null'))
    .addColumn('recipient_contact_ids', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array
    .addColumn('notice_days', 'text', (c) => c.notNull().defaultTo('[30,14,7,1]')) // JSON array
    .addColumn('warning_percent', 'integer', (c) => c.notNull().defaultTo(80))
    .addColumn('hours_package', 'real')
    .addColumn('hour_rate', 'real')
    .addColumn('notes', 'text')
    .addColumn('renewed_from_id', 'integer', (c) => c.references('agreements.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agreements_organization').on('agreements').columns(['organization_id', 'status']).execute();
  await db.schema.createIndex('agreements_status_dates').on('agreements').columns(['status', 'start_date', 'end_date']).execute();

  await db.schema
    .createTable('agreement_services')
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('service_id', 'integer', (c) => c.notNull().references('services.id'))
    .addPrimaryKeyConstraint('agreement_services_pk', ['agreement_id', 'service_id'])
    .execute();
  await db.schema.createIndex('agreement_services_service').on('agreement_services').column('service_id').execute();

  // Targets in business minutes of the agreement's calendar; a row with a type wins over one without.
  await db.schema
    .createTable('sla_targets')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('priority', 'text', (c) => c.notNull().check(sql`priority in ('P1','P2','P3','P4')`))
    .addColumn('type', 'text', (c) => c.check(sql`type in ('incident','request','question','change')`))
    .addColumn('reaction_minutes', 'integer', (c) => c.notNull())
    .addColumn('resolution_minutes', 'integer')
    .execute();
  await sql`create unique index sla_targets_unique on sla_targets (agreement_id, priority, coalesce(type, ''))`.execute(db);

  await db.schema
    .createTable('agreement_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('agreement_history_agreement').on('agreement_history').columns(['agreement_id', 'id']).execute();

  // SLA fields of a ticket. Instants the sweep compares are epoch ms (integers compare fast in an index).
  for (const [column, type] of [
    ['service_id', 'integer'],
    ['agreement_id', 'integer'],
    ['reaction_minutes', 'integer'],
    ['resolution_minutes', 'integer'],
    ['reaction_due', 'integer'],
    ['resolution_due', 'integer'],
    ['manual_resolution_due', 'integer'],
    ['deadline_reason', 'text'],
    ['first_response_at', 'text'],
    ['sla_state', 'text'],
    ['paused_minutes', 'integer'],
    ['paused_since', 'integer'],
    ['reaction_breached_at', 'text'],
    ['resolution_breached_at', 'text'],
    ['sla_warned_at', 'text'],
    ['sla_next_check', 'integer'],
  ] as const) {
    await db.schema.alterTable('tickets').addColumn(column, type).execute();
  }
  // The queue's "nearest deadline first": the pending deadline in epoch ms, or the far future when none, so
  // a plain column orders and pages (no NULL or expression juggling in the cursor).
  await sql`alter table tickets add column sla_order integer not null default ${sql.lit(NO_DEADLINE)}`.execute(db);
  await db.schema.createIndex('tickets_sla_order').on('tickets').columns(['sla_order', 'id']).execute();
  // The sweep reads only tickets whose next SLA event is due: a range scan, however many tickets are open.
  await sql`create index tickets_sla_next_check on tickets (sla_next_check) where sla_next_check is not null`.execute(db);

  // Business-time pauses of a ticket (waiting for the client); `to_at` null while the pause lasts.
  await db.schema
    .createTable('ticket_pauses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('from_at', 'integer', (c) => c.notNull())
    .addColumn('to_at', 'integer')
    .execute();
  await db.schema.createIndex('ticket_pauses_ticket').on('ticket_pauses').columns(['ticket_id', 'from_at']).execute();

  // The word index re-indexed a ticket on every update; SLA state changes many rows a minute and touches no
  // indexed text, so the trigger now fires only when the indexed columns change.
  await sql`drop trigger if exists tickets_search_update`.execute(db);
  await sql.raw(`create trigger tickets_search_update after update of number, subject, description on tickets begin
      delete from search_index where rowid = old.id * 4 + 0; ${TICKET_INDEX_INSERT} end`).execute(db);

  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull()) // schedule | start | manual
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // running | ok | failed
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('job_runs_job').on('job_runs').columns(['job', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_runs').ifExists().execute();
  await sql`drop trigger if exists tickets_search_update`.execute(db);
  await sql.raw(`create trigger tickets_search_update after update on tickets begin
      delete from search_index where rowid = old.id * 4 + 0; ${TICKET_INDEX_INSERT} end`).execute(db);
  await db.schema.dropTable('ticket_pauses').ifExists().execute();
  await sql`drop index if exists tickets_sla_next_check`.execute(db);
  await sql`drop index if exists tickets_sla_order`.execute(db);
  await db.schema.alterTable('tickets').dropColumn('sla_order').execute();
  for (const column of [
    'service_id', 'agreement_id', 'reaction_minutes', 'resolution_minutes', 'reaction_due', 'resolution_due', 'manual_resolution_due', 'deadline_reason',
    'first_response_at', 'sla_state', 'paused_minutes', 'paused_since', 'reaction_breached_at', 'resolution_breached_at', 'sla_warned_at', 'sla_next_check',
  ]) {
    await db.schema.alterTable('tickets').dropColumn(column).execute();
  }
  for (const table of ['agreement_history', 'sla_targets', 'agreement_services', 'agreements', 'services']) await db.schema.dropTable(table).ifExists().execute();
}
