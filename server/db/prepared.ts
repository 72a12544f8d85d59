import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from './schema.js';

/**
 * The SQLite connection under each transaction the write batcher has open. A compiled statement run in such a
 * transaction goes to SQLite directly: Kysely's executor (its connection mutex, plugin hooks and four awaits a
 * query) cost ticket creation about as much as two of its statements took in SQLite. Only transactions are
 * registered: a query on the outer handle must wait for the open transaction, or it would read its uncommitted
 * rows. A transaction leaves the map before its COMMIT or ROLLBACK runs.
 */
const directConnections = new WeakMap<object, BetterSqlite3.Database>();

/** Lets compiled statements in `trx` run on `sqlite` directly, until `stopDirect`. */
export function runDirectly(trx: object, sqlite: BetterSqlite3.Database): void {
  directConnections.set(trx, sqlite);
}

export function stopDirect(trx: object): void {
  directConnections.delete(trx);
}

/**
 * Runs compiled SQL through `db`: directly on SQLite inside a write batch (the same result Kysely's SQLite
 * driver gives), through Kysely everywhere else (the outer handle, PostgreSQL).
 */
export function executeCompiled<R>(
  db: Kysely<Database>,
  query: CompiledQuery<R>,
  parameters: readonly unknown[],
): Promise<QueryResult<R>> {
  const sqlite = directConnections.get(db);
  try {
    // Kysely throws at once (not a rejection) for a transaction that has ended: both fail the same way here.
    if (!sqlite) return db.executeQuery<R>({ ...query, parameters });
    const statement = sqlite.prepare(query.sql);
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
    const { changes, lastInsertRowid } = statement.run(parameters);
    return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * A Kysely query built and compiled once, then run with new parameter values. Building and compiling costs
 * more than SQLite takes to run a simple statement, so the busiest queries (ticket creation) are kept
 * compiled. `parameters` must list the values in the order the compiled SQL expects them.
 */
export function precompiled<R>(compile: () => CompiledQuery<R>) {
  let query: CompiledQuery<R> | null = null;
  return (db: Kysely<Database>, parameters: readonly unknown[]) => {
    if (!query) {
      query = compile();
      precompiledTexts.add(query.sql);
    }
    if (parameters.length !== query.parameters.length) {
      throw new Error(`precompiled query expects ${query.parameters.length} parameters, got ${parameters.length}`);
    }
    return executeCompiled(db, query, parameters);
  };
}

/**
 * The values of a precompiled insert: a null for each column, so each compiles to a parameter (filled in per
 * call, in this order). Every call must then give every column: a missing one would store null, not its default.
 */
export function parameterRow<C extends string>(columns: readonly C[]): Record<C, never> {
  // typed `never` so that it fits any table's insert; the nulls only stand in for the parameters
  return Object.fromEntries(columns.map((c) => [c, null])) as Record<C, never>;
}

/** The texts of the precompiled queries: PostgreSQL's connections keep these planned (server/db/statement-names.ts). */
const precompiledTexts = new Set<string>();

/** Whether `text` is the SQL of a precompiled query (one of a few fixed texts, run again and again). */
export function isPrecompiled(text: string): boolean {
  return precompiledTexts.has(text);
}
