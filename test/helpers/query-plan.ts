import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../server/db/dialect.js';

/**
 * The plan the database picks for `query` (plain SQL, literals only), as one text: SQLite's `explain query plan`
 * details, or PostgreSQL's `explain` lines. On PostgreSQL sequential scans are priced out inside the transaction
 * (`set local`), because a test's few rows make a seq scan the cheapest plan there; what the test then learns is
 * that the planner can serve the query from the index it names, the same thing SQLite's plan shows.
 */
export async function queryPlan<DB>(db: Kysely<DB>, query: string): Promise<string> {
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await sql<{ detail: string }>`explain query plan ${sql.raw(query)}`.execute(db);
    return rows.map((r) => r.detail).join('\n');
  }
  return db.transaction().execute(async (tx) => {
    await sql`set local enable_seqscan = off`.execute(tx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(query)}`.execute(tx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}
