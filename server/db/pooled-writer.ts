import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { Commit } from './write-batcher.js';
import { runAfterCommitHooks, type Writer, type WriteWork } from './writer.js';

/** PostgreSQL's answers that mean "try the same transaction again": serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
/**
 * Unique keys the application allocates as "the largest so far + 1" (document ids), written for SQLite's single
 * writer (ticket numbers have a sequence on PostgreSQL, migration 032). On PostgreSQL two transactions may take the same one; the second's insert fails when the
 * first commits, and the unit runs again and takes the next. A unique violation of any other key is an answer.
 */
const ALLOCATED_KEYS = new Set(['documents_pkey']);
/** How many times a unit runs at most when PostgreSQL keeps choosing it as the victim. */
const MAX_ATTEMPTS = 16;
/**
 * A unit that failed this many times runs alone (see underWritersLock), so a unit that keeps meeting others on the
 * same rows cannot run out of attempts and answer with a 500.
 */
const EXCLUSIVE_AFTER = 2;
/** The advisory lock key of the writers' lock (any fixed number no other lock of Ondesk uses). */
const WRITERS_LOCK = 7_291_402_119;

/**
 * The writer of a PostgreSQL installation: each unit of work runs in a transaction of its own on a pooled
 * connection, so units on different connections write in parallel. The services were written against SQLite's
 * single writer, where a unit that reads, decides and writes can never interleave with another ("release this
 * held message once", "the next number"). REPEATABLE READ keeps that promise for what the services do: a unit
 * reads one snapshot, and a unit that changes a row another unit changed since its snapshot fails with a
 * serialization failure and runs again, then sees the change; numbers and claims that several units could take
 * at once are unique keys (a clash runs the unit again, ALLOCATED_KEYS) or rows claimed with `FOR UPDATE SKIP
 * LOCKED`; counters every unit bumps are kept per connection (the dashboards' daily counts, migration 033), so
 * units never wait on each other for them. SERIALIZABLE was tried first: its predicate locks made every pair
 * of ticket creations that read the end of an append-only table (domain events, the search queue) a conflict,
 * and two nodes creating tickets ran the same creations again and again (p95 of 320 ms at 250/s).
 *
 * The `Commit` contract is the group commit's (see write-batcher.ts): `beforeCommit` hooks run inside the
 * transaction after the unit, `afterCommit` hooks right after COMMIT and never after a rollback. A COMMIT that
 * returned is durable (synchronous_commit on), so the caller is answered at once.
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
      return await this.underWritersLock(attempt > EXCLUSIVE_AFTER, work);
    } catch (error) {
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      const again =
        (typeof code === 'string' && RETRYABLE.has(code)) ||
        (code === '23505' && typeof constraint === 'string' && ALLOCATED_KEYS.has(constraint));
      if (!again || attempt >= MAX_ATTEMPTS) throw error;
      // A short random pause, growing with each attempt, so the units that clashed do not clash again in step.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));
      return this.attempt(work, attempt + 1);
    }
  }

  /**
   * The unit on a connection of its own under the writers' lock: shared (units run side by side; taken as the
   * transaction's first statement and released by its end, no round trip of its own) or, for a unit that kept
   * failing, exclusive — it waits for the units under way, the units arriving wait for it, and it runs with
   * nothing to clash with. The exclusive lock is taken before BEGIN: the transaction's snapshot must be taken
   * after the units it waited for committed.
   */
  private underWritersLock<T>(alone: boolean, work: WriteWork<T>): Promise<T> {
    return this.db.connection().execute(async (conn) => {
      if (!alone)
        return this.transaction(conn, work, sql`select pg_advisory_xact_lock_shared(${WRITERS_LOCK}::bigint)`);
      await sql`select pg_advisory_lock(${WRITERS_LOCK}::bigint)`.execute(conn);
      try {
        return await this.transaction(conn, work);
      } finally {
        await sql`select pg_advisory_unlock(${WRITERS_LOCK}::bigint)`.execute(conn);
      }
    });
  }

  private async transaction<T>(db: Kysely<Database>, work: WriteWork<T>, first?: RawBuilder<unknown>): Promise<T> {
    const trx = await db.startTransaction().setIsolationLevel('repeatable read').execute();
    const after: (() => void)[] = [];
    const before: ((trx: Transaction<Database>) => Promise<void>)[] = [];
    const commit: Commit = { afterCommit: (fn) => void after.push(fn), beforeCommit: (fn) => void before.push(fn) };
    let value: T;
    try {
      if (first) await first.execute(trx);
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
    runAfterCommitHooks(after);
    return value;
  }
}
