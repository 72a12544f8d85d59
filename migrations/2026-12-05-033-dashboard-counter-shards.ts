import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * The dashboards' daily counts (migration 014) on several writers. SQLite's single writer bumps one row per day,
 * metric and team, and this migration changes nothing in its file. On PostgreSQL every ticket creation bumped
 * the same row ("created today, this team"), so concurrent creations waited on each other and ran again; its
 * version of this migration (migrations/postgres/) keeps a row per connection instead.
 */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
