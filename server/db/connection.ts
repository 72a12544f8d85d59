import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from './schema.js';
import { WalFlusher } from './durability.js';
import { WriteBatcher } from './write-batcher.js';
import { startCheckpointer, type CheckpointerOptions } from './checkpointer.js';
import type { Dialect } from './dialect.js';
import type { Writer } from './writer.js';

export interface DatabaseHandle {
  /** Which database this is: the embedded SQLite file (default) or a shared PostgreSQL (several nodes). */
  dialect: Dialect;
  db: Kysely<Database>;
  /** The SQLite connection itself (pragmas, backups); reading it on PostgreSQL throws, so check `dialect` first. */
  sqlite: BetterSqlite3.Database;
  /** Resolves once every write committed before the call is on stable storage. */
  durable(): Promise<void>;
  /** The one way to write: group commit on SQLite (write-batcher.ts), pooled transactions on PostgreSQL. */
  writes: Writer;
  close(): Promise<void>;
  /**
   * Gives back the memory a burst left in the database's caches (SQLite's page cache refills from the OS page
   * cache as queries need it); called by the memory reducer when the desk is quiet. Nothing to do on PostgreSQL.
   */
  releaseMemory(): void;
  /** The SQLite file, or the PostgreSQL URL without its password. */
  file: string;
}

/**
 * Opens the embedded database with the pragmas the product relies on.
 *
 * Durability: WAL with synchronous=NORMAL never corrupts the database, but a commit is only in the OS page
 * cache until the WAL is fsynced. We keep the promise "an acknowledged write survives power loss" with group
 * commit: every mutating request awaits `durable()`, which fsyncs the WAL file off the event loop and
 * answers all requests that committed before that fsync began. One fsync thus covers many requests, and the
 * event loop never blocks on the disk. Checkpoints under NORMAL sync the WAL before copying and the
 * database file after, so data that moved out of the WAL is durable as well.
 */
export function openDatabase(file: string, opts: { checkpointer?: CheckpointerOptions } = {}): DatabaseHandle {
  if (file !== ':memory:') createPrivately(file);
  const sqlite = new BetterSqlite3(file);
  // A CLI command (backup, migrate) or another process opening the same file may hold a lock briefly: wait, don't
  // fail. Set first: switching a new file to WAL needs its lock too.
  sqlite.pragma('busy_timeout = 5000');
  // WAL: readers never block the single writer, and commits append instead of rewriting pages. Several processes
  // opening a new file at once (nodes starting together) may find the switch under way in another: SQLite answers
  // BUSY at once there, without waiting, so the switch is tried again for as long as busy_timeout would wait.
  switchToWal(sqlite);
  // A -wal/-shm left by an older version (or another tool) under a loose umask.
  if (file !== ':memory:') for (const f of [`${file}-wal`, `${file}-shm`]) ownerOnly(f);
  // NORMAL + the explicit WAL fsync in WalFlusher = durable acknowledged writes (see above).
  sqlite.pragma('synchronous = NORMAL');
  // Referential integrity is enforced by the database, not hoped for by the code.
  sqlite.pragma('foreign_keys = ON');
  // Keep temporary b-trees (sorts, FTS merges) in memory: the data dir may be on a slow disk.
  sqlite.pragma('temp_store = MEMORY');
  // 32 MB page cache: the pages every write and queue page touch (index interiors and their rightmost leaves)
  // fit even at a million tickets; colder pages come from the OS page cache at a few microseconds each. Memory
  // is what the appliance promises (150 MB idle, 200 MB after load), and 64 MB of it went to this cache alone.
  sqlite.pragma('cache_size = -32768');
  // No memory-mapped reads: mapped pages of a multi-gigabyte file count in the process's resident memory.
  sqlite.pragma('mmap_size = 0');
  // Bounded WAL growth after checkpoints (bytes).
  sqlite.pragma('journal_size_limit = 67108864');
  // Checkpoints run in a background thread (checkpointer.ts), not inside a request's COMMIT where their
  // fsyncs would stall every other request; it also has the WAL start again from its beginning. The automatic
  // one stays as a safety net far above it.
  sqlite.pragma('wal_autocheckpoint = 16384');

  // Fresh planner statistics (ANALYZE where stale): without them SQLite may sort a whole table for a
  // queue page instead of walking an index. SQLite's own advice for long-lived connections.
  sqlite.pragma('optimize = 0x10002');

  const cached = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) });
  const flusher = new WalFlusher(file === ':memory:' ? null : `${file}-wal`);
  const durable = () => flusher.flush();
  const writes = new WriteBatcher(db, durable, cached);
  const checkpointer = file === ':memory:' ? null : startCheckpointer(file, () => writes.hold(), opts.checkpointer);
  let closing: Promise<void> | null = null;
  return {
    dialect: 'sqlite',
    db,
    sqlite,
    file,
    durable,
    writes,
    // Frees the page cache (up to 32 MB after a burst); its pages come back from the OS page cache when read.
    releaseMemory: () => void sqlite.pragma('shrink_memory'),
    close() {
      closing ??= (async () => {
        await writes.idle();
        await checkpointer?.stop();
        // SQLite's advice for connections that end: refresh the planner statistics this connection made
        // stale (a bulk import, a large backlog indexed), so the next start does not pay for it.
        try {
          sqlite.pragma('optimize = 0x10002');
        } catch {
          // a read-only or broken file: the statistics stay as they are
        }
        flusher.close();
        await db.destroy();
      })();
      return closing;
    },
  };
}

/**
 * The database holds every ticket and password hash: only the desk's user may read it, whatever the umask.
 * SQLite would create the file 0644 & ~umask; created here 0600 first, SQLite then gives the -wal and -shm it
 * creates the database file's own permissions (unix VFS: it fchmods new ones to the database's mode), so
 * they are 0600 too. A file from an older version with wider modes is narrowed.
 */
function createPrivately(file: string) {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  ownerOnly(file);
}

/** Takes group and other bits off a file the desk owns; another owner's file (EPERM) is left as it is. */
function ownerOnly(file: string) {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch (err) {
    if (!['ENOENT', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
}

/** Prepared statements kept; each holds its compiled program (a few to tens of KB for a queue query). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query anew; SQLite's prepare costs as much as running a simple statement. Queries
 * compile to a small set of SQL strings, so their prepared statements are kept and reused: the most recently
 * used ones, so a burst of rare queries (filter combinations of the queue, a report) cannot push out the busy ones.
 */
function withStatementCache(sqlite: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement) {
      // Map keeps insertion order: moved to the end, the first key is always the least recently used.
      cache.delete(sql);
    } else {
      statement = sqlite.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function switchToWal(sqlite: BetterSqlite3.Database): void {
  const until = Date.now() + 5_000;
  for (;;) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > until) throw err;
      // A synchronous pause (the file is being opened, nothing else runs yet): 20 ms without spinning the CPU.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}
