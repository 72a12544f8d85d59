import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Reports mailed on a schedule: a subscription names a report, its filters, its period and when it goes out
 * (the Nth working day after the period, at a local time in a calendar), its formats, recipients and language.
 * Each (subscription, period) is delivered once — the unique key makes it so across restarts and manual runs —
 * and every delivery keeps its files (content-addressed, under <data dir>/reports): the client's archive.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_subscriptions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('organization_id', 'integer', (c) => c.references('organizations.id').onDelete('cascade'))
    .addColumn('agreement_id', 'integer', (c) => c.references('agreements.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period in ('week', 'month', 'quarter')`))
    .addColumn('working_day', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('send_time', 'text', (c) => c.notNull().defaultTo('09:00'))
    .addColumn('calendar_id', 'integer', (c) => c.references('calendars.id'))
    .addColumn('formats', 'text', (c) => c.notNull().defaultTo('["pdf","xlsx"]'))
    .addColumn('recipients', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('ru').check(sql`language in ('ru', 'en')`))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_period_key', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('agents.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('report_deliveries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('subscription_id', 'integer', (c) => c.notNull().references('report_subscriptions.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.references('organizations.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('files', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('manual', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_deliveries_once')
    .on('report_deliveries')
    .columns(['subscription_id', 'period_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('report_deliveries_organization')
    .on('report_deliveries')
    .columns(['organization_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_deliveries').execute();
  await db.schema.dropTable('report_subscriptions').execute();
}
