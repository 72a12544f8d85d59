import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.js';
import type { DatabaseHandle } from './connection.js';
import { PooledWriter } from './pooled-writer.js';

/**
 * node-postgres hands int8 (count(*), sum() of integers, bigint ids) and numeric back as strings, since they may
 * not fit a double. Ids, counts and money in kopecks stay far below 2^53, and the repositories were written for
 * SQLite, which returns numbers: so they are parsed as numbers, and a value that would lose precision fails
 * loudly instead of being rounded.
 */
let parsersSet = false;
function setTypeParsers() {
  if (parsersSet) return;
  parsersSet = true;
  const exactNumber = (text: string) => {
    const value = Number(text);
    if (!Number.isSafeInteger(value) && /^-?\d+$/.test(text))
      throw new RangeError(`integer ${text} from PostgreSQL does not fit a JavaScript number`);
    return value;
  };
  pg.types.setTypeParser(pg.types.builtins.INT8, exactNumber);
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (text: string) => Number(text));
}

/**
 * Opens a PostgreSQL database: a pool of `poolSize` connections shared by reads and writes. Each write is an
 * ordinary transaction (PooledWriter); PostgreSQL's commit is durable when it returns, so `durable()` has
 * nothing to wait for.
 */
export function openPostgres(options: { url: string; poolSize: number }): DatabaseHandle {
  setTypeParsers();
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    // Every instant is a UTC ISO string computed in JS; the session zone must not shift anything the database makes.
    options: '-c TimeZone=UTC',
    application_name: 'ondesk',
  });
  // A connection the server drops while idle in the pool must not crash the process: the pool replaces it.
  pool.on('error', (err) => process.emitWarning(err, 'PostgresPoolError'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const writes = new PooledWriter(db);
  let closing: Promise<void> | null = null;
  return {
    dialect: 'postgres',
    db,
    get sqlite(): never {
      throw new Error('this installation runs on PostgreSQL: it has no SQLite handle');
    },
    file: redactedUrl(options.url),
    durable: () => Promise.resolve(),
    writes,
    close() {
      closing ??= (async () => {
        await writes.idle();
        await db.destroy();
      })();
      return closing;
    },
  };
}

/** The URL without its password, for logs and `doctor`. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
