import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Domain events: every change that other parts of the desk react to is appended here in the transaction of
 * the change, in commit order (the id). In-transaction subscribers run as it is appended; after-commit
 * processors (webhooks, reports, other nodes) read the table by their own cursor, so a crash never loses or
 * reorders an event. Rows are pruned by age once every processor has read past them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('domain_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('event_cursors')
    .addColumn('processor', 'text', (c) => c.primaryKey())
    .addColumn('last_event_id', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_cursors').execute();
  await db.schema.dropTable('domain_events').execute();
}
