import pg from 'pg';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type { Database } from './schema.js';
import type { DatabaseHandle } from './connection.js';
import { PooledWriter } from './pooled-writer.js';
import { PostgresQueryPlugin } from './postgres-sql.js';
import { StatementNames } from './statement-names.js';
import { connectOnOwnShard } from './counter-shards.js';

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
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: translatingPool(pool) }),
    plugins: [new PostgresQueryPlugin()],
  });
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
    // The pool's connections keep no cache worth giving back between bursts.
    releaseMemory: () => {},
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

/**
 * The pool as Kysely sees it, with each statement's text passed through `toPostgresText`, and the statements run
 * again and again as named statements each connection parses and plans once (see StatementNames). Queries Kysely builds
 * on this handle are PostgreSQL's already; the ones that reach it as finished SQL are not: the precompiled hot
 * queries (server/db/prepared.ts, compiled once with SQLite's compiler) and the batched inserts written as text
 * (server/db/commit-buffer.ts, webhook deliveries).
 */
function translatingPool(pool: pg.Pool): PostgresPool {
  const names = new StatementNames();
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await connectOnOwnShard(pool);
      return {
        query: ((text: unknown, parameters?: ReadonlyArray<unknown>) => {
          if (typeof text !== 'string') return client.query(text as never);
          const name = names.nameOf(text);
          const values = parameters as unknown[];
          return name
            ? client.query({ name, text: toPostgresText(text), values })
            : client.query(toPostgresText(text), values);
        }) as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}

const translated = new Map<string, string>();
/** Distinct statement texts remembered; beyond it, texts are translated each time (still correct). */
const TRANSLATED_KEPT = 2048;

/**
 * SQL written for SQLite, said PostgreSQL's way: `?` placeholders (outside quotes) become `$1`, `$2` …, and
 * `insert or ignore into …` becomes `insert into … on conflict do nothing`. Text without either is unchanged.
 */
export function toPostgresText(text: string): string {
  if (!text.includes('?') && !/^\s*insert\s+or\s+ignore\b/i.test(text)) return text;
  const known = translated.get(text);
  if (known !== undefined) return known;
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else out += ch === '?' ? `$${++n}` : ch;
  }
  if (/^\s*insert\s+or\s+ignore\s+into\b/i.test(out))
    out = `${out.replace(/^\s*insert\s+or\s+ignore\s+into\b/i, 'insert into')} on conflict do nothing`;
  if (translated.size < TRANSLATED_KEPT) translated.set(text, out);
  return out;
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
