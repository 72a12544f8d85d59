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
    query ??= compile();
    if (parameters.length !== query.parameters.length) {
      throw new Error(`precompiled query expects ${query.parameters.length} parameters, got ${parameters.length}`);
    }
    return db.executeQuery<R>({ ...query, parameters });
  };
}
