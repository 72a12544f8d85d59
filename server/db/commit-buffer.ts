import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { Commit } from './write-batcher.js';
import { executeCompiled } from './prepared.js';

/**
 * Rows that the units of one group commit append alike (domain events, SLA history lines), kept with the
 * transaction and written together just before its COMMIT, in the order they were added. One statement per
 * row cost ticket creation a tenth of its speed, and a sweep of 200,000 breaches a quarter of its time. A
 * transaction that rolls back takes its rows with it (its units run again and add them anew).
 */
export class CommitBuffer<R> {
  private readonly pending = new WeakMap<Commit, R[]>();

  constructor(private readonly write: (trx: Transaction<Database>, rows: readonly R[]) => Promise<void>) {}

  add(commit: Commit, row: R): void {
    let rows = this.pending.get(commit);
    if (!rows) {
      const batch: R[] = (rows = []);
      this.pending.set(commit, batch);
      commit.beforeCommit((trx) => this.write(trx, batch));
    }
    rows.push(row);
  }
}

/** SQLite takes at most 32,766 parameters a statement. */
const MAX_PARAMETERS = 32_000;
const statements = new Map<string, string>();

/**
 * Inserts many rows with one statement per 32,000 values. The statement text is built once per table, columns
 * and row count: building it with Kysely's query builder cost more than SQLite took to run it.
 */
export async function insertRows(
  db: Kysely<Database>,
  table: keyof Database,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    const key = `${table}|${columns.join(',')}|${part.length}`;
    let text = statements.get(key);
    if (!text) {
      const row = `(${columns.map(() => '?').join(', ')})`;
      text = `insert into ${table} (${columns.join(', ')}) values ${Array(part.length).fill(row).join(', ')}`;
      if (statements.size < 1024) statements.set(key, text);
    }
    const parameters = part.flat();
    await executeCompiled(db, CompiledQuery.raw(text, parameters), parameters);
  }
}
