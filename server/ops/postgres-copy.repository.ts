import { sql, type Kysely } from 'kysely';
import { TableDigest, type TargetType } from './row-digest.js';

/**
 * The queries of `ondesk db migrate-to-postgres` on its target. The tables are named at run time (every table
 * the SQLite file has), so the handle is typed loosely: table name → row of unknown values.
 */
export type CopyTarget = Kysely<Record<string, Record<string, unknown>>>;

// The copy's own bookkeeping in the target: what it copies from, how far each table got, and the foreign keys it
// set aside. Each batch of rows commits together with its progress row, so a copy killed at any moment resumes
// at the first row it had not committed. The three tables are dropped in the transaction that finishes the copy.
export const PROGRESS = 'migration_copy_progress';
const SOURCE = 'migration_copy_source';
const CONSTRAINTS = 'migration_copy_constraints';

export interface Column {
  name: string;
  type: TargetType;
}

export interface TablePlan {
  name: string;
  columns: Column[];
  /** Primary-key columns in key order; empty for a table without one (paged by SQLite's rowid). */
  key: string[];
}

export interface CopySource {
  sqliteFile: string;
  installationId: string | null;
  schema: string;
}

export interface TableProgress {
  table: string;
  lastKey: unknown[] | null;
  copied: number;
  done: boolean;
}

export const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function ping(db: CopyTarget): Promise<void> {
  await db.selectNoFrom(sql<number>`1`.as('one')).execute();
}

/** The target holds an unfinished copy (its bookkeeping exists). */
export async function hasUnfinishedCopy(db: CopyTarget): Promise<boolean> {
  const { rows } = await sql<{ present: string | null }>`select to_regclass(${PROGRESS}) as present`.execute(db);
  return rows[0]?.present != null;
}

/** Tables of the target's schema that hold at least one row. */
export async function tablesWithRows(db: CopyTarget): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const holding: string[] = [];
  for (const { table_name: table } of rows) {
    const found = await sql<{ any: boolean }>`select exists (select 1 from ${sql.table(table)}) as any`.execute(db);
    if (found.rows[0]?.any) holding.push(table);
  }
  return holding;
}

/** Every table's columns as the target types them, in column order. */
export async function targetColumns(db: CopyTarget): Promise<Map<string, Column[]>> {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
  const out = new Map<string, Column[]>();
  for (const c of rows) {
    const list = out.get(c.table_name) ?? [];
    list.push({ name: c.column_name, type: c.data_type as TargetType });
    out.set(c.table_name, list);
  }
  return out;
}

/**
 * Readies a freshly migrated target in one transaction: the bookkeeping tables, the rows its migrations seeded
 * removed (the copy brings the desk's own), the foreign keys set aside (tables arrive one at a time, in any order,
 * and a table may name its own later rows) and the triggers stopped (the rows were counted and queued once
 * already, by the desk that wrote them). finishCopy puts both back; adding a foreign key checks every row.
 */
export async function prepareCopy(db: CopyTarget, source: CopySource, tables: string[], now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`create table ${sql.table(SOURCE)} (id bigint primary key, sqlite_file text not null,
      installation_id text, schema text not null, started_at text not null)`.execute(trx);
    await sql`create table ${sql.table(PROGRESS)} (table_name text primary key, last_key text,
      copied bigint not null default 0, done bigint not null default 0)`.execute(trx);
    await sql`create table ${sql.table(CONSTRAINTS)} (table_name text not null, constraint_name text not null,
      definition text not null, primary key (table_name, constraint_name))`.execute(trx);
    await trx
      .insertInto(SOURCE)
      .values({
        id: 1,
        sqlite_file: source.sqliteFile,
        installation_id: source.installationId,
        schema: source.schema,
        started_at: now,
      })
      .execute();
    await trx
      .insertInto(PROGRESS)
      .values(tables.map((table_name) => ({ table_name })))
      .execute();
    const { rows: fks } = await sql<{ table_name: string; constraint_name: string; definition: string }>`
      select cl.relname as table_name, c.conname as constraint_name, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c join pg_class cl on cl.oid = c.conrelid join pg_namespace n on n.oid = cl.relnamespace
      where c.contype = 'f' and n.nspname = current_schema()`.execute(trx);
    const copied = new Set(tables);
    const setAside = fks.filter((f) => copied.has(f.table_name));
    if (setAside.length) await trx.insertInto(CONSTRAINTS).values(setAside).execute();
    for (const f of setAside)
      await sql`alter table ${sql.table(f.table_name)} drop constraint ${sql.id(f.constraint_name)}`.execute(trx);
    await sql.raw(`truncate ${tables.map(quoteId).join(', ')}`).execute(trx);
    for (const table of tables) await sql`alter table ${sql.table(table)} disable trigger user`.execute(trx);
  });
}

export async function copySource(db: CopyTarget): Promise<CopySource | null> {
  const row = await db.selectFrom(SOURCE).selectAll().executeTakeFirst();
  if (!row) return null;
  return {
    sqliteFile: row.sqlite_file as string,
    installationId: (row.installation_id as string | null) ?? null,
    schema: row.schema as string,
  };
}

export async function copyProgress(db: CopyTarget): Promise<TableProgress[]> {
  const rows = await db.selectFrom(PROGRESS).selectAll().orderBy('table_name').execute();
  return rows.map((r) => ({
    table: r.table_name as string,
    lastKey: r.last_key == null ? null : (JSON.parse(r.last_key as string) as unknown[]),
    copied: Number(r.copied),
    done: Number(r.done) === 1,
  }));
}

/** PostgreSQL binds at most 65,535 parameters to one statement. */
const MAX_PARAMETERS = 60_000;

/** One batch of a table's rows and the progress after it, committed together. */
export async function commitBatch(
  db: CopyTarget,
  table: string,
  rows: Array<Record<string, unknown>>,
  after: TableProgress,
) {
  const columns = Object.keys(rows[0] ?? {}).length;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns)));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += perStatement)
      await trx
        .insertInto(table)
        .values(rows.slice(i, i + perStatement))
        .execute();
    await trx
      .updateTable(PROGRESS)
      .set({
        last_key: after.lastKey === null ? null : JSON.stringify(after.lastKey),
        copied: after.copied,
        done: after.done ? 1 : 0,
      })
      .where('table_name', '=', table)
      .execute();
  });
}

const FETCH = 2000;

/**
 * Row count and checksum of a table on the target, its rows in the order `orderBy` names (text by its bytes, as
 * the "C" collation sorts; nulls first, as SQLite sorts them), read through a cursor so a large table is never
 * held in memory at once.
 */
export async function targetDigest(db: CopyTarget, plan: TablePlan, orderBy: string[]): Promise<TableDigest> {
  const textual = new Set(
    plan.columns.filter((c) => c.type === 'text' || c.type === 'character varying').map((c) => c.name),
  );
  const order = orderBy.map((k) => `${quoteId(k)}${textual.has(k) ? ' collate "C"' : ''} nulls first`).join(', ');
  const digest = new TableDigest();
  await db.transaction().execute(async (trx) => {
    await sql
      .raw(
        `declare ondesk_copy_check no scroll cursor for select ${plan.columns.map((c) => quoteId(c.name)).join(', ')} from ${quoteId(plan.name)} order by ${order}`,
      )
      .execute(trx);
    for (;;) {
      const { rows } = await sql.raw<Record<string, unknown>>(`fetch ${FETCH} from ondesk_copy_check`).execute(trx);
      for (const row of rows) digest.add(plan.columns.map((c) => row[c.name]));
      if (rows.length < FETCH) break;
    }
  });
  return digest;
}

/**
 * Ends the copy in one transaction: the foreign keys back (each checks every row), the triggers running again,
 * every identity past the ids copied (PostgreSQL's identity does not count ids given explicitly), the search
 * queue filled with everything to index, and the bookkeeping gone. Killed before it commits, a re-run does it again.
 */
export async function finishCopy(db: CopyTarget, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const tables = (await trx.selectFrom(PROGRESS).select('table_name').execute()).map((r) => r.table_name as string);
    const fks = await trx
      .selectFrom(CONSTRAINTS)
      .selectAll()
      .orderBy('table_name')
      .orderBy('constraint_name')
      .execute();
    for (const f of fks)
      await sql
        .raw(
          `alter table ${quoteId(f.table_name as string)} add constraint ${quoteId(f.constraint_name as string)} ${f.definition as string}`,
        )
        .execute(trx);
    for (const table of tables) await sql`alter table ${sql.table(table)} enable trigger user`.execute(trx);
    const { rows: identities } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and is_identity = 'YES'`.execute(trx);
    for (const { table_name: table, column_name: column } of identities)
      await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce(max(${sql.ref(column)}), 0) + 1, false)
        from ${sql.table(table)}`.execute(trx);
    // The search keys were copied; new rows' keys follow them (migrations/postgres/2026-12-06-036-search-keys.ts).
    await sql`select setval('search_key_positions', coalesce((select max(key) / 4 from search_keys), 0) + 1, false)`.execute(
      trx,
    );
    // As migration 028 does on SQLite: every document is queued, and the desk indexes the queue in the background.
    await sql`delete from search_queue`.execute(trx);
    await sql`delete from search_rebuild`.execute(trx);
    await sql`insert into search_queue (doc)
      select id * 4 from tickets union all select id * 4 + 1 from comments
      union all select id * 4 + 2 from organizations union all select id * 4 + 3 from contacts`.execute(trx);
    await sql`insert into search_rebuild (id, total, started_at)
      select 1, count(*), ${now} from search_queue having count(*) > 0`.execute(trx);
    for (const table of [PROGRESS, CONSTRAINTS, SOURCE]) await sql`drop table ${sql.table(table)}`.execute(trx);
  });
}
