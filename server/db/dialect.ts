import { PostgresAdapter, sql, type Expression, type QueryExecutor, type RawBuilder } from 'kysely';

/** The databases Ondesk runs on: the embedded SQLite file (default) and a shared PostgreSQL (several nodes). */
export type Dialect = 'sqlite' | 'postgres';

/**
 * Which database a Kysely handle (or a transaction of it) talks to, for the few queries that must differ.
 * Read from the handle itself, so repositories need no extra parameter and a transaction answers like its db.
 */
export function dialectOf(db: Handle): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

type Handle = { getExecutor(): QueryExecutor };

/** `column` holds a JSON array of strings (tags); true when `value` is one of them. */
export function jsonArrayHas(db: Handle, column: string, value: string): RawBuilder<boolean> {
  return dialectOf(db) === 'postgres'
    ? sql<boolean>`(${sql.ref(column)})::jsonb @> jsonb_build_array(${value}::text)`
    : sql<boolean>`exists (select 1 from json_each(${sql.ref(column)}) where json_each.value = ${value})`;
}

/** The text of a top-level `key` of the JSON object in `column` (null when absent). */
export function jsonText(db: Handle, column: string, key: string): RawBuilder<string | null> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`not a plain JSON key: ${key}`);
  return dialectOf(db) === 'postgres'
    ? sql<string | null>`((${sql.ref(column)})::jsonb ->> ${sql.lit(key)})`
    : sql<string | null>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${key}`)})`;
}

/**
 * The order rows of an append-only table without an id were written in, as a last tie-break: SQLite's rowid;
 * on PostgreSQL the row's physical place (ctid), which follows insertion order for rows never updated.
 */
export function insertionOrder(db: Handle): RawBuilder<unknown> {
  return dialectOf(db) === 'postgres' ? sql`ctid` : sql`rowid`;
}

const codeOf = (err: unknown) => (err as { code?: unknown } | null)?.code;

/**
 * A database refused a write for a constraint: SQLite's SQLITE_CONSTRAINT_* codes, PostgreSQL's SQLSTATE class 23.
 * On PostgreSQL such an error also ends the transaction: turn it into an answer, never carry on in it.
 */
export function isConstraintViolation(err: unknown): boolean {
  const code = codeOf(err);
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || /^23\d{3}$/.test(code));
}

/** A unique index or primary key refused a row. */
export function isUniqueViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** A foreign key refused a row (it names a row that does not exist, or a row others still name was deleted). */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

/** The smaller / larger of two values: SQLite's scalar min(a, b) / max(a, b), PostgreSQL's least / greatest. */
export function smallerOf<T>(db: Handle, a: Expression<T>, b: Expression<T>): RawBuilder<T> {
  return dialectOf(db) === 'postgres' ? sql<T>`least(${a}, ${b})` : sql<T>`min(${a}, ${b})`;
}

export function largerOf<T>(db: Handle, a: Expression<T>, b: Expression<T>): RawBuilder<T> {
  return dialectOf(db) === 'postgres' ? sql<T>`greatest(${a}, ${b})` : sql<T>`max(${a}, ${b})`;
}

/**
 * `{"key":<column>}` for a numeric column (null stays null), as the same text on both: SQLite's json_object
 * writes no spaces, PostgreSQL's json_build_object does.
 */
export function jsonNumberObject(db: Handle, key: string, column: string): RawBuilder<string> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`not a plain JSON key: ${key}`);
  return dialectOf(db) === 'postgres'
    ? sql<string>`(${sql.lit(`{"${key}":`)} || coalesce((${sql.ref(column)})::text, 'null') || '}')`
    : sql<string>`json_object(${sql.lit(key)}, ${sql.ref(column)})`;
}

/** Whether the table exists (yet): SQLite's catalogue is sqlite_master, PostgreSQL's the information schema. */
export async function tableExists(db: Handle, table: string): Promise<boolean> {
  const { rows } =
    dialectOf(db) === 'postgres'
      ? await sql<{ n: number }>`select count(*) as n from information_schema.tables
          where table_schema = current_schema() and table_name = ${table}`.execute(db)
      : await sql<{
          n: number;
        }>`select count(*) as n from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}
