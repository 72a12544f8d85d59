import type { Migration } from 'kysely';
import * as searchStems from './2026-12-04-028-search-stems.js';

/**
 * PostgreSQL's own versions of the migrations whose DDL cannot be shared (SQLite's FTS5 tables and triggers),
 * under the shared migration's name: the migrator runs this one instead on PostgreSQL (server/db/migrator.ts).
 * Every other migration is shared, translated by server/db/postgres-ddl.ts.
 */
export const postgresMigrations: Record<string, Migration> = {
  '2026-12-04-028-search-stems': searchStems,
};
