import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { postgresMigrations } from '../../migrations/postgres/index.js';
import type { Database } from './schema.js';
import { dialectOf } from './dialect.js';
import { PostgresDdlPlugin } from './postgres-ddl.js';

/**
 * On PostgreSQL the shared migrations run through PostgresDdlPlugin (integer → bigint, identity ids …), and a
 * migration whose DDL must differ (FTS, triggers) is replaced by its file of the same name in
 * migrations/postgres/. Kysely runs them in one transaction under `pg_advisory_xact_lock`, so of several nodes
 * starting at once one migrates and the others wait, then find nothing left to do.
 */
export function createMigrator(db: Kysely<Database>, set: Record<string, Migration> = migrations): Migrator {
  if (dialectOf(db) === 'postgres') {
    const chosen = Object.fromEntries(
      Object.entries(set).map(([name, shared]) => [name, postgresMigrations[name] ?? shared]),
    );
    return new Migrator({
      db: db.withPlugin(new PostgresDdlPlugin()),
      provider: { getMigrations: async () => chosen },
    });
  }
  return new Migrator({
    db,
    provider: { getMigrations: async () => set },
  });
}

export const latestMigration = Object.keys(migrations).at(-1)!;

function check(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${reason}`);
  }
  return result;
}

/**
 * Applies every pending migration of `set` (this build's by default; `ondesk upgrade`'s tests pass another). On
 * PostgreSQL Kysely applies them in one transaction: a migration that fails leaves the schema as it was.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  set: Record<string, Migration> = migrations,
): Promise<MigrationResultSet> {
  if (dialectOf(db) !== 'postgres') return check(await createMigrator(db, set).migrateToLatest());
  await createNocaseCollation(db);
  const result = check(await createMigrator(db, set).migrateToLatest());
  await syncIdentities(db);
  return result;
}

/**
 * A table a migration rebuilt (copy, drop, rename) got its rows with their ids, which PostgreSQL's identity does
 * not count: each identity restarts after the largest id its table holds, as SQLite's autoincrement would.
 */
async function syncIdentities(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES'`.execute(db);
  for (const { table_name: table, column_name: column } of rows)
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce(max(${sql.ref(column)}), 0) + 1, false)
      from ${sql.table(table)}`.execute(db);
}

/**
 * SQLite's `collate nocase` (e-mail addresses, mail domains, client names: equal and unique whatever their
 * case) is a collation of the same name on PostgreSQL: ICU's comparison at strength 2 ignores case, not accents.
 * Made before the migrations, which name it, under the migrations' own lock so two nodes never race on it.
 */
async function createNocaseCollation(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('kysely_migration_lock'))`.execute(trx);
    await sql`create collation if not exists nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`.execute(
      trx,
    );
  });
}

export async function migrateDown(db: Kysely<Database>): Promise<MigrationResultSet> {
  return check(await createMigrator(db).migrateDown());
}

export async function migrationStatus(db: Kysely<Database>) {
  const all = await createMigrator(db).getMigrations();
  return all.map((m) => ({ name: m.name, executedAt: m.executedAt?.toISOString() ?? null }));
}
