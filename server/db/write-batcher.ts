import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type BetterSqlite3 from 'better-sqlite3';
import { runAfterCommitHooks } from './writer.js';
import { runDirectly, stopDirect } from './prepared.js';

/** One transaction of the batcher as its units see it (every unit of a batch shares it). */
export interface Commit {
  /**
   * Runs `fn` right after this transaction commits, before its callers are answered. Dropped when the
   * transaction rolls back: its units then run again in transactions of their own and register anew. Caches
   * use it to keep and forget only committed state. `fn` must not throw or wait: it runs inside the batcher.
   */
  afterCommit(fn: () => void): void;
  /**
   * Runs `fn` inside this transaction after its last unit, just before COMMIT: writes every unit of the
   * batch makes alike go out as one statement (domain events). If it throws, the batch fails like a unit.
   */
  beforeCommit(fn: (trx: Transaction<Database>) => Promise<void>): void;
}

type Work<T> = (trx: Transaction<Database>, commit: Commit) => Promise<T>;
interface Item {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** How many units of work share one SQLite transaction at most. */
const MAX_BATCH = 256;

/**
 * Group commit. Every write of the product goes through `run`: units of work that arrive while a batch is
 * being written share one SQLite transaction (a failing unit never takes the others down: see writeBatch).
 * After COMMIT, one fsync of the WAL makes the whole batch durable, and only then is each caller answered.
 * The fsync runs off the event loop while the next batch is already being built, so the disk's latency is
 * paid once per batch instead of once per request.
 *
 * Inside `work`, use only `trx`: the outer handle waits for this very transaction and would never return.
 * `work` may run twice (see writeBatch): it must do nothing but database work through `trx`, and leave
 * anything else that must see only committed state (a process-wide cache) to `commit.afterCommit`.
 */
export class WriteBatcher {
  private queue: Item[] = [];
  private draining = false;
  /** The batch being written, if any (its transaction is open or about to be). */
  private writing: Promise<Outcome[]> | null = null;
  /** Set while writes are held (`hold`): the next batch waits for it. */
  private held: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly durable: () => Promise<void>,
    /** The connection under `db`: compiled statements of a batch run on it directly (prepared.ts). */
    private readonly sqlite?: BetterSqlite3.Database,
  ) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Let requests that arrived in the same turn of the event loop join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves when every unit handed in so far is written and durable (for shutdown). */
  async idle(): Promise<void> {
    while (this.draining || this.queue.length > 0) await new Promise((r) => setImmediate(r));
    await this.durable();
  }

  /**
   * Holds writes: resolves once no batch is being written, and no batch starts until the returned function is
   * called; units handed in meanwhile wait and go out together afterwards. The checkpointer holds writes for a
   * few milliseconds so that the WAL can start again from its beginning (checkpointer-worker.ts).
   */
  async hold(): Promise<() => void> {
    while (this.held) await this.held;
    let resume!: () => void;
    this.held = new Promise<void>((resolve) => (resume = resolve));
    const held = this.held;
    await this.writing?.catch(() => {});
    return () => {
      if (this.held === held) this.held = null;
      resume();
    };
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        while (this.held) await this.held;
        const batch = this.queue.splice(0, MAX_BATCH);
        this.writing = this.writeBatch(batch);
        let outcomes: Outcome[];
        try {
          outcomes = await this.writing;
        } finally {
          this.writing = null;
        }
        // Answer after the fsync; meanwhile the loop goes on with the next batch.
        this.durable().then(
          () => outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.error))),
          (err) => batch.forEach((item) => item.reject(err)),
        );
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * Writes a batch in one transaction. Units run one after another without savepoints (a savepoint per
   * unit would make SQLite's full-text index flush after every unit). If any unit fails, the transaction
   * is rolled back and every unit of the batch runs again in its own transaction, so one bad request never
   * takes the others down and each gets its own answer.
   */
  private async writeBatch(batch: Item[]): Promise<Outcome[]> {
    if (batch.length > 1) {
      const together = await this.transaction(batch);
      if (together.every((o) => o.ok)) return together;
    }
    const alone: Outcome[] = [];
    for (const item of batch) alone.push(...(await this.transaction([item])));
    return alone;
  }

  /** One transaction for `items`; all succeed, or the first failure is reported for all of them. */
  private async transaction(items: Item[]): Promise<Outcome[]> {
    let trx;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (error) {
      return items.map(() => ({ ok: false as const, error }));
    }
    const after: (() => void)[] = [];
    const before: ((trx: Transaction<Database>) => Promise<void>)[] = [];
    const commit: Commit = { afterCommit: (fn) => void after.push(fn), beforeCommit: (fn) => void before.push(fn) };
    if (this.sqlite) runDirectly(trx, this.sqlite);
    try {
      const values: unknown[] = [];
      for (const item of items) values.push(await item.work(trx, commit));
      for (const fn of before) await fn(trx);
      stopDirect(trx);
      await trx.commit().execute();
      runAfterCommitHooks(after);
      return values.map((value) => ({ ok: true as const, value }));
    } catch (error) {
      stopDirect(trx);
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      return items.map(() => ({ ok: false as const, error }));
    }
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
