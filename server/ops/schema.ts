import type BetterSqlite3 from 'better-sqlite3';
import { migrations } from '../../migrations/index.js';

/** Migrations applied to a database, oldest first (empty for a database never migrated). */
export function appliedMigrations(sqlite: BetterSqlite3.Database): string[] {
  try {
    return (sqlite.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>).map(
      (r) => r.name,
    );
  } catch {
    return [];
  }
}

export const buildMigrations = () => Object.keys(migrations);

/** Applied migrations this build does not know: the database was written by a newer Ondesk. */
export function unknownMigrations(applied: string[], known: string[] = buildMigrations()): string[] {
  const set = new Set(known);
  return applied.filter((m) => !set.has(m));
}

export function integrityCheck(sqlite: BetterSqlite3.Database): string[] {
  const rows = sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check);
}
