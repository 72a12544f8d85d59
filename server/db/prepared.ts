import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';

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
    return db.executeQuery<R>({ ...query, parameters });
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
