import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * The integration API: API tokens get a list of scopes (`read`, `tickets:write`, `admin`, … — a JSON array) and
 * an optional rate limit of their own; POSTs carrying an `Idempotency-Key` keep their first answer for 24 hours.
 *
 * Existing tokens keep what they could do: a `read` token becomes `["read"]`, a `write` token `["read","write"]`
 * (`write` still stands for every change its agent may make). The old `scope` column stays, kept in step, so a
 * server of the previous release reading this database still refuses what it refused before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table api_tokens add column scopes text not null default '["read","write"]'`.execute(db);
  await sql`update api_tokens set scopes = case scope when 'read' then '["read"]' else '["read","write"]' end`.execute(
    db,
  );
  // Requests a minute this token may make; null: the installation's default (apiRateLimitPerMinute, 600).
  await sql`alter table api_tokens add column rate_limit_per_minute integer check (rate_limit_per_minute > 0)`.execute(
    db,
  );

  // One row per (caller, key): `status` is null while the first request still runs (a duplicate meanwhile is
  // refused with 409); afterwards it holds the answer a retry gets again. `request_hash` tells a retry of the
  // same request from another request under the same key (422).
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('content_type', 'text')
    .addColumn('body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expires').on('idempotency_keys').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.alterTable('api_tokens').dropColumn('rate_limit_per_minute').execute();
  await db.schema.alterTable('api_tokens').dropColumn('scopes').execute();
}
