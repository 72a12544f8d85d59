import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Satisfaction surveys (CSAT). `survey_defaults` is one row: the desk-wide settings that every agreement without
 * its own row, and every ticket without an agreement, follows — so a desk can switch surveys off or sample them in
 * one place — plus the installation's sampling secret (random per installation, so nobody outside can tell which
 * ticket ids are sampled, and fixed, so a retried resolve never re-rolls). `survey_settings` is an agreement's own
 * choice and overrides the defaults. `surveys` holds at most one survey per ticket (the unique ticket_id): it is
 * created pending on resolve, gets its token (kept only as a SHA-256 hash) when the job mails it, and keeps the
 * last answer — a changed mind overwrites score and answered_at.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('survey_defaults')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sample_percent', 'integer', (c) =>
      c.notNull().defaultTo(100).check(sql`sample_percent between 0 and 100`),
    )
    .addColumn('delay_minutes', 'integer', (c) => c.notNull().defaultTo(60).check(sql`delay_minutes between 0 and 43200`))
    .addColumn('sample_secret', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into survey_defaults (id, sample_secret, updated_at)
            values (1, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`.execute(db);
  await db.schema
    .createTable('survey_settings')
    .addColumn('agreement_id', 'integer', (c) => c.primaryKey().references('agreements.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sample_percent', 'integer', (c) =>
      c.notNull().defaultTo(100).check(sql`sample_percent between 0 and 100`),
    )
    .addColumn('delay_minutes', 'integer', (c) => c.notNull().defaultTo(60).check(sql`delay_minutes between 0 and 43200`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('surveys')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().unique().references('tickets.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('ru').check(sql`language in ('ru', 'en')`))
    .addColumn('send_after', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('score', 'integer', (c) => c.check(sql`score between 1 and 5`))
    .addColumn('comment', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The job's question: which pending surveys are due. Only unsent rows are in it, so it stays small.
  await sql`create index surveys_due on surveys (send_after) where sent_at is null`.execute(db);
  // Reports and averages read answers of a period.
  await sql`create index surveys_answered on surveys (answered_at) where answered_at is not null`.execute(db);
  // Deleting a contact cascades here; without an index each delete would scan every survey.
  await db.schema.createIndex('surveys_contact').on('surveys').column('contact_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('surveys').execute();
  await db.schema.dropTable('survey_settings').execute();
  await db.schema.dropTable('survey_defaults').execute();
}
