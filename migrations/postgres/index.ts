import type { Migration } from 'kysely';
import * as searchStems from './2026-12-04-028-search-stems.js';
import * as ticketNumbers from './2026-12-05-032-ticket-numbers.js';
import * as dashboardCounterShards from './2026-12-05-033-dashboard-counter-shards.js';
import * as searchKeys from './2026-12-06-036-search-keys.js';

/**
 * PostgreSQL's own versions of the migrations whose DDL cannot be shared (SQLite's FTS5 tables and triggers, and their keys;
 * what only several writers need: the ticket numbers' sequence, the dashboards' counters per connection), under the shared migration's name: the migrator runs this one instead on PostgreSQL (server/db/migrator.ts).
 * Every other migration is shared, translated by server/db/postgres-ddl.ts.
 */
export const postgresMigrations: Record<string, Migration> = {
  '2026-12-04-028-search-stems': searchStems,
  '2026-12-05-032-ticket-numbers': ticketNumbers,
  '2026-12-05-033-dashboard-counter-shards': dashboardCounterShards,
  '2026-12-06-036-search-keys': searchKeys,
};
