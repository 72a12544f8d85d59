import { PostgresAdapter, type QueryExecutor } from 'kysely';

/** The databases Ondesk runs on: the embedded SQLite file (default) and a shared PostgreSQL (several nodes). */
export type Dialect = 'sqlite' | 'postgres';

/**
 * Which database a Kysely handle (or a transaction of it) talks to, for the few queries that must differ.
 * Read from the handle itself, so repositories need no extra parameter and a transaction answers like its db.
 */
export function dialectOf(db: { getExecutor(): QueryExecutor }): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
