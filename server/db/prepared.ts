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
      namePrepared(query.sql);
    }
    if (parameters.length !== query.parameters.length) {
      throw new Error(`precompiled query expects ${query.parameters.length} parameters, got ${parameters.length}`);
    }
    return db.executeQuery<R>({ ...query, parameters });
  };
}

const preparedNames = new Map<string, string>();

/**
 * The texts of the precompiled queries, each with a statement name: PostgreSQL's connections keep these parsed
 * and planned (server/db/postgres.ts) instead of parsing and planning them on every run. Only these few, fixed
 * texts: every other statement stays unnamed, so a connection never accumulates plans.
 */
function namePrepared(text: string): void {
  if (!preparedNames.has(text)) preparedNames.set(text, `ondesk_${preparedNames.size + 1}`);
}

/** The statement name of a precompiled query's text, or undefined for any other text. */
export function preparedName(text: string): string | undefined {
  return preparedNames.get(text);
}
