import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Web forms a client embeds in its own site. A form is found by its random key (the only thing the embedding
 * page knows); it belongs to an organization or, without one, to the desk (senders routed by their e-mail
 * domain as mail is). Origins, fields and rate limits are JSON documents the form service validates.
 *
 * `web_form_spent_proofs` remembers every accepted proof-of-work until its challenge expires, so a solved
 * challenge is accepted once: the primary key refuses the second use inside the filing transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('web_forms')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'integer', (c) => c.references('organizations.id').onDelete('cascade'))
    .addColumn('origins', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('service_id', 'integer', (c) => c.references('services.id').onDelete('set null'))
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('P3').check(sql`priority in ('P1', 'P2', 'P3', 'P4')`))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('ru').check(sql`language in ('ru', 'en')`))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('hold_unknown_domains', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attachments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('limits', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('web_forms_organization').on('web_forms').column('organization_id').execute();
  await db.schema
    .createTable('web_form_spent_proofs')
    .addColumn('signature', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'integer', (c) => c.notNull())
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema.createIndex('web_form_spent_proofs_expiry').on('web_form_spent_proofs').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('web_form_spent_proofs').execute();
  await db.schema.dropTable('web_forms').execute();
}
