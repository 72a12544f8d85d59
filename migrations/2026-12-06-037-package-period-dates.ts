import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * An agreement's package periods in date order, read from an index rather than sorted.
 *
 * Every logged piece of work on a package asks for the agreement's latest period (is the current one open, has
 * the last one ended?) and, when its own period has closed, for the first one still open. Both sorted the
 * agreement's periods in a temporary b-tree: 55 µs a worklog with a single period, growing with each month the
 * agreement runs. With this index both read one entry.
 *
 * The table is analyzed again at once: a desk whose statistics were gathered before this index existed describes
 * only the primary key (one row per agreement and period), and SQLite would keep choosing it and sorting.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index package_periods_agreement_start on package_periods (agreement_id, start_date)`.execute(db);
  await sql`analyze package_periods`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists package_periods_agreement_start`.execute(db);
}
