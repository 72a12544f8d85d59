import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * The client portal: contacts sign in by a single-use link or a password of their own, and see what their
 * organization's portal settings allow.
 *
 * - `contacts.portal_role` / `portal_enabled`: what a contact sees (requester: own tickets; supervisor and
 *   billing: the organization's under the `chosen` visibility) and whether they may sign in at all.
 * - `contact_credentials`: the password, apart from the contact row, so nothing that reads contacts carries it.
 * - `contact_sessions`: like agents' `sessions`, keyed by the SHA-256 of the cookie value.
 * - `portal_login_links`: single-use links, stored hashed, with their expiry and when they were used.
 * - `portal_link_requests`: one row per link request by e-mail (hashed), known or not, for the 5-an-hour limit.
 * - `organization_portal_settings`: one row per organization that changed a default (own / 14 days / enabled).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('contacts')
    .addColumn('portal_role', 'text', (c) =>
      c.notNull().defaultTo('requester').check(sql`portal_role in ('requester', 'supervisor', 'billing')`),
    )
    .execute();
  await db.schema
    .alterTable('contacts')
    .addColumn('portal_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // A requester's "own tickets" are read by contact (sign-in by address uses the existing contacts_email).
  await sql`create index tickets_contact on tickets (contact_id, id) where contact_id is not null`.execute(db);

  await db.schema
    .createTable('contact_credentials')
    .addColumn('contact_id', 'integer', (c) => c.primaryKey().references('contacts.id').onDelete('cascade'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('contact_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('contact_sessions_contact').on('contact_sessions').column('contact_id').execute();
  await db.schema
    .createTable('portal_login_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('portal_login_links_expiry').on('portal_login_links').column('expires_at').execute();
  await db.schema
    .createTable('portal_link_requests')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('portal_link_requests_email')
    .on('portal_link_requests')
    .columns(['email_hash', 'at'])
    .execute();
  await db.schema
    .createTable('organization_portal_settings')
    .addColumn('organization_id', 'integer', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
    .addColumn('visibility', 'text', (c) =>
      c.notNull().defaultTo('own').check(sql`visibility in ('own', 'organization', 'chosen')`),
    )
    .addColumn('reopen_days', 'integer', (c) => c.notNull().defaultTo(14).check(sql`reopen_days between 0 and 365`))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organization_portal_settings').execute();
  await db.schema.dropTable('portal_link_requests').execute();
  await db.schema.dropTable('portal_login_links').execute();
  await db.schema.dropTable('contact_sessions').execute();
  await db.schema.dropTable('contact_credentials').execute();
  await sql`drop index if exists tickets_contact`.execute(db);
  await db.schema.alterTable('contacts').dropColumn('portal_enabled').execute();
  await db.schema.alterTable('contacts').dropColumn('portal_role').execute();
}
