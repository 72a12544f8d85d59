import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { Commit } from './write-batcher.js';
import type { Writer, WriteWork } from './writer.js';

/** PostgreSQL's answers that mean "try the same transaction again": serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
/**
 * Unique keys the application allocates as "the largest so far + 1" (ticket numbers, document ids), written for
 * SQLite's single writer. On PostgreSQL two transactions may take the same one; the second's insert fails when the
 * first commits, and the unit runs again and takes the next. A unique violation of any other key is an answer.
 */
const ALLOCATED_KEYS = new Set(['tickets_number_key', 'documents_pkey']);
/** How many times a unit runs at most when PostgreSQL keeps choosing it as the victim. */
const MAX_ATTEMPTS = 4;
const ALLOCATION_ATTEMPTS = 16;

/**
 * The writer of a PostgreSQL installation: each unit of work runs in an ordinary transaction of its own on a
 * pooled connection, so units on different connections write in parallel (PostgreSQL's row locks order them,
 * not a single writer). The `Commit` contract is the group commit's (see write-batcher.ts): `beforeCommit` hooks
 * run inside the transaction after the unit, `afterCommit` hooks right after COMMIT and never after a rollback.
 * A COMMIT that returned is durable (synchronous_commit on), so the caller is answered at once.
 *
 * A deadlock, a serialization failure or a clash on an allocated number (ALLOCATED_KEYS) runs the unit again in
 * a new transaction: units are written to be repeatable (the batcher also runs a unit again after a batch rolls
 * back).
 */
export class PooledWriter implements Writer {
  private inFlight = new Set<Promise<unknown>>();

  constructor(private readonly db: Kysely<Database>) {}

  run<T>(work: WriteWork<T>): Promise<T> {
    const done = this.attempt(work, 1);
    this.inFlight.add(done);
    const forget = () => void this.inFlight.delete(done);
    done.then(forget, forget);
    return done;
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async attempt<T>(work: WriteWork<T>, attempt: number): Promise<T> {
    try {
      return await this.transaction(work);
    } catch (error) {
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      if (attempt < MAX_ATTEMPTS && typeof code === 'string' && RETRYABLE.has(code))
        return this.attempt(work, attempt + 1);
      if (
        attempt < ALLOCATION_ATTEMPTS &&
        code === '23505' &&
        typeof constraint === 'string' &&
        ALLOCATED_KEYS.has(constraint)
      )
        return this.attempt(work, attempt + 1);
      throw error;
    }
  }

  private async transaction<T>(work: WriteWork<T>): Promise<T> {
    const trx = await this.db.startTransaction().execute();
    const after: (() => void)[] = [];
    const before: ((trx: Transaction<Database>) => Promise<void>)[] = [];
    const commit: Commit = { afterCommit: (fn) => void after.push(fn), beforeCommit: (fn) => void before.push(fn) };
    let value: T;
    try {
      value = await work(trx, commit);
      for (const fn of before) await fn(trx);
      await trx.commit().execute();
    } catch (error) {
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      throw error;
    }
    runAll(after);
    return value;
  }
}

/** The transaction is committed whatever a hook does: one that throws must not turn it into a failure. */
function runAll(hooks: (() => void)[]): void {
  for (const hook of hooks) {
    try {
      hook();
    } catch (err) {
      process.emitWarning(err as Error, 'AfterCommitHookError');
    }
  }
}
