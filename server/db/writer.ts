import type { Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { Commit } from './write-batcher.js';

/** One unit of writes: database work through `trx` only (it may run twice; see write-batcher.ts). */
export type WriteWork<T> = (trx: Transaction<Database>, commit: Commit) => Promise<T>;

/**
 * The one way the product writes, whatever the database: SQLite's group commit (WriteBatcher) or
 * PostgreSQL's pool of ordinary transactions (PooledWriter). Both keep the `Commit` contract.
 */
export interface Writer {
  run<T>(work: WriteWork<T>): Promise<T>;
  /** Resolves when every unit handed in so far is written and durable (for shutdown). */
  idle(): Promise<void>;
}

/** The transaction is committed whatever a hook does: one that throws must not turn it into a failure. */
export function runAfterCommitHooks(hooks: (() => void)[]): void {
  for (const hook of hooks) {
    try {
      hook();
    } catch (err) {
      process.emitWarning(err as Error, 'AfterCommitHookError');
    }
  }
}
