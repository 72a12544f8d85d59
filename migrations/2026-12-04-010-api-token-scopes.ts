import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * API tokens get a scope (`read`: GET/HEAD only, `write`: everything their agent may do) and an optional expiry.
 * Existing tokens keep working as before: they become `write` and never expire. Tokens of agents who are
 * inactive now are revoked, as deactivation does from now on, so reactivating such an agent does not bring
 * their old tokens back.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_tokens')
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo('write').check(sql`scope in ('read', 'write')`))
    .execute();
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
  await sql`update api_tokens set revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            where revoked_at is null and agent_id in (select id from agents where active = 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
  await db.schema.alterTable('api_tokens').dropColumn('scope').execute();
}
