import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendars')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull()) // the calendar document (JSON)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('production_calendar_years')
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('production_calendar_years_pk', ['country', 'year'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('production_calendar_years').ifExists().execute();
  await db.schema.dropTable('calendars').ifExists().execute();
}
