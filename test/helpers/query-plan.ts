import { CompiledQuery, sql, type Kysely } from 'kysely';
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

/** The statements `run` sends through `db`, compiled as the database receives them (placeholders and values). */
export async function statementsOf<DB>(db: Kysely<DB>, run: (db: Kysely<DB>) => Promise<unknown>) {
  const seen: CompiledQuery[] = [];
  await run(
    db.withPlugin({
      transformQuery: (args) => {
        seen.push(db.getExecutor().compileQuery(args.node, args.queryId));
        return args.node;
      },
      transformResult: async (args) => args.result,
    }),
  );
  return seen;
}

/** The plan of a compiled statement with its own values, told as `queryPlan` tells it. */
export async function statementPlan<DB>(db: Kysely<DB>, query: CompiledQuery): Promise<string> {
  const explain = (prefix: string) => CompiledQuery.raw(`${prefix} ${query.sql}`, [...query.parameters]);
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await db.executeQuery<{ detail: string }>(explain('explain query plan'));
    return rows.map((r) => r.detail).join('\n');
  }
  return db.transaction().execute(async (tx) => {
    await sql`set local enable_seqscan = off`.execute(tx);
    const { rows } = await tx.executeQuery<{ 'QUERY PLAN': string }>(explain('explain'));
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}
