import BetterSqlite3 from 'better-sqlite3';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { migrateAsOneNode } from '../cluster/index.js';
import { loadConfig } from '../config/config.js';
import { migrateToLatest } from '../db/migrator.js';
import { openPostgres, redactedUrl } from '../db/postgres.js';
import { databaseFile } from '../installation.js';
import { runningServer } from './pid-file.js';
import {
  commitBatch,
  copyProgress,
  copySource,
  finishCopy,
  hasUnfinishedCopy,
  ping,
  prepareCopy,
  quoteId as q,
  tablesWithRows,
  targetColumns,
  targetDigest,
  type CopyTarget,
  type TablePlan,
  type TableProgress,
} from './postgres-copy.repository.js';
import { TableDigest, toTargetValue, ValueRefused } from './row-digest.js';
import { appliedMigrations, buildMigrations, unknownMigrations } from './schema.js';

/** A copy that must not start: the message says why and what to do (exit code 2). */
export class CopyRefused extends Error {}

/**
 * SQLite tables that are not copied: the migrator's own (the target has them from its migrations), SQLite's
 * internal ones, and the search index. The index (FTS5 tables and their shadow tables) is SQLite's storage; on
 * the target the search queue is filled with every ticket, comment, client and contact, and the desk indexes
 * them in the background as after an upgrade that rebuilds the index.
 */
const NOT_COPIED: Array<[RegExp, string]> = [
  [/^kysely_migration(_lock)?$/, 'migration history: the target has its own from its migrations'],
  [/^sqlite_/, "SQLite's internal table"],
  [/^search_(index|codes)(_\w+)?$/, 'search index: rebuilt on the target by the desk'],
  [/^search_(queue|rebuild)$/, 'search queue: refilled with every ticket, comment, client and contact'],
];

/** Rows per batch unless --batch says otherwise: one transaction on the target each. */
export const DEFAULT_BATCH = 2000;

export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  match: boolean;
}

export interface CopyReport {
  tables: TableReport[];
  skipped: Array<{ table: string; reason: string }>;
  resumed: boolean;
  ok: boolean;
  switched: boolean;
  target: string;
}

export interface CopyOptions {
  dataDir: string;
  to: string;
  batch?: number;
  /** Set database: postgres and databaseUrl in ondesk.json once every table matches. */
  switchConfig?: boolean;
  /** A line of progress for the person at the terminal. */
  say?: (line: string) => void;
}

/**
 * `ondesk db migrate-to-postgres`: copies an installation's SQLite database into an empty PostgreSQL database,
 * table by table in primary-key order, verifies row counts and checksums of every table on both sides, and
 * resumes where it stopped when run again. The SQLite file is opened read-only and never changes.
 */
export async function migrateToPostgres(o: CopyOptions): Promise<CopyReport> {
  const say = o.say ?? (() => {});
  const dataDir = resolve(o.dataDir);
  const batch = o.batch ?? DEFAULT_BATCH;
  if (!Number.isInteger(batch) || batch < 1 || batch > 100_000)
    throw new CopyRefused(`--batch must be a whole number from 1 to 100000, not ${o.batch}`);
  if (!/^postgres(ql)?:\/\//.test(o.to))
    throw new CopyRefused('--to must be a PostgreSQL URL: postgres://user:password@host:5432/ondesk');
  const config = loadConfig({ dataDir, env: {} });
  if (config.database === 'postgres')
    throw new CopyRefused(`the installation in ${dataDir} already runs on PostgreSQL: there is no SQLite file to copy`);
  const file = databaseFile(dataDir);
  if (!existsSync(file)) throw new CopyRefused(`no SQLite database in ${dataDir} (${file}): nothing to copy`);
  const live = runningServer(dataDir);
  if (live)
    throw new CopyRefused(
      `the desk is running on this data dir (pid ${live.pid}): stop it first (systemctl stop ondesk), so the copy is of one moment`,
    );

  const source = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const target = openPostgres({ url: o.to, poolSize: 2 });
  try {
    checkSourceSchema(source);
    const db = target.db as unknown as CopyTarget;
    await ping(db).catch((err: Error) => {
      throw new CopyRefused(`cannot connect to ${redactedUrl(o.to)}: ${err.message}`);
    });
    const resumed = await hasUnfinishedCopy(db);
    let plans: TablePlan[];
    const skipped: CopyReport['skipped'] = [];
    if (resumed) {
      await checkSameSource(db, source, file);
      plans = await planTables(db, source, skipped);
      const progress = await copyProgress(db);
      say(
        `resuming the copy into ${redactedUrl(o.to)}: ${progress.filter((p) => p.done).length} of ${progress.length} tables done`,
      );
    } else {
      await refuseNonEmpty(db, o.to);
      say(`migrating ${redactedUrl(o.to)} to the latest schema`);
      await migrateAsOneNode(target.db, () => migrateToLatest(target.db));
      plans = await planTables(db, source, skipped);
      await prepareCopy(
        db,
        { sqliteFile: file, installationId: installationId(source), schema: buildMigrations().at(-1)! },
        plans.map((p) => p.name),
        new Date().toISOString(),
      );
    }

    const progress = new Map((await copyProgress(db)).map((p) => [p.table, p]));
    for (const plan of plans) {
      const from = progress.get(plan.name);
      if (!from)
        throw new CopyRefused(
          `the unfinished copy in the target does not list table ${plan.name}: drop and recreate the target`,
        );
      await copyTable(db, source, plan, from, batch, say);
    }

    say('verifying row counts and checksums');
    const tables: TableReport[] = [];
    for (const plan of plans) tables.push(await compareTable(db, source, plan));
    const ok = tables.every((t) => t.match);
    if (ok) await finishCopy(db, new Date().toISOString());
    let switched = false;
    if (ok && o.switchConfig) {
      switchConfig(dataDir, o.to);
      switched = true;
    }
    return { tables, skipped, resumed, ok, switched, target: redactedUrl(o.to) };
  } finally {
    source.close();
    await target.close();
  }
}

function checkSourceSchema(source: BetterSqlite3.Database) {
  const applied = appliedMigrations(source);
  const newer = unknownMigrations(applied);
  if (newer.length)
    throw new CopyRefused(
      `the SQLite database is from a newer Ondesk (${newer.at(-1)}): copy it with that version's ondesk`,
    );
  const pending = buildMigrations().filter((m) => !applied.includes(m));
  if (pending.length)
    throw new CopyRefused(
      `the SQLite database lacks ${pending.length} migration(s) of this build (first: ${pending[0]}): run \`ondesk migrate\` on it first, then copy`,
    );
}

/** Refuses a target that already holds anything: the copy would mix two desks or overwrite one. */
async function refuseNonEmpty(db: CopyTarget, url: string) {
  const holding = await tablesWithRows(db);
  if (holding.length)
    throw new CopyRefused(
      `the target ${redactedUrl(url)} already holds data (${holding.length} table(s) with rows: ${holding.slice(0, 5).join(', ')}${holding.length > 5 ? ', …' : ''}): ` +
        'migrate-to-postgres copies into an empty database only; create one (createdb -O ondesk ondesk) and run it again',
    );
}

/** Which tables are copied, with their columns as the target types them and their primary key. */
async function planTables(
  db: CopyTarget,
  source: BetterSqlite3.Database,
  skipped: CopyReport['skipped'],
): Promise<TablePlan[]> {
  const columnsOf = await targetColumns(db);
  const sourceTables = (
    source.prepare(`select name from sqlite_master where type = 'table' order by name`).all() as Array<{
      name: string;
    }>
  ).map((r) => r.name);
  const plans: TablePlan[] = [];
  for (const name of sourceTables) {
    const rule = NOT_COPIED.find(([re]) => re.test(name));
    if (rule) {
      skipped.push({ table: name, reason: rule[1] });
      continue;
    }
    const onTarget = columnsOf.get(name);
    if (!onTarget)
      throw new CopyRefused(
        `table ${name} of the SQLite database has no counterpart on PostgreSQL: nothing was copied`,
      );
    const info = source.prepare(`select name, pk from pragma_table_info(?)`).all(name) as Array<{
      name: string;
      pk: number;
    }>;
    const missing = info.filter((c) => !onTarget.some((t) => t.name === c.name)).map((c) => c.name);
    if (missing.length)
      throw new CopyRefused(`columns ${missing.join(', ')} of ${name} have no counterpart on PostgreSQL`);
    const known = new Set(info.map((c) => c.name));
    plans.push({
      name,
      // Columns the target has and SQLite lacks keep their defaults; none exist while both run the same migrations.
      columns: onTarget.filter((c) => known.has(c.name)),
      key: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
    });
  }
  return plans;
}

function installationId(source: BetterSqlite3.Database): string | null {
  try {
    const row = source.prepare(`select value from settings where key = 'installation_id'`).get() as
      { value: string } | undefined;
    return row?.value ?? null;
  } catch {
    return null;
  }
}

/** A resumed copy must continue from the same SQLite database it began with. */
async function checkSameSource(db: CopyTarget, source: BetterSqlite3.Database, file: string) {
  const began = await copySource(db);
  if (!began)
    throw new CopyRefused('the target holds an unfinished copy with no record of its source: drop and recreate it');
  if (began.installationId !== installationId(source))
    throw new CopyRefused(
      `the target holds an unfinished copy of another installation (${began.sqliteFile}): finish that one, or drop and recreate the target database`,
    );
  if (began.schema !== buildMigrations().at(-1))
    throw new CopyRefused(
      `the unfinished copy in the target was begun at schema ${began.schema}, this build is at ${buildMigrations().at(-1)}: drop and recreate the target database`,
    );
  if (began.sqliteFile !== file)
    process.emitWarning(`the copy began from ${began.sqliteFile} and continues from ${file} (same installation id)`);
}

/** Copies the rows of one table after the last committed batch, a batch per transaction. */
async function copyTable(
  db: CopyTarget,
  source: BetterSqlite3.Database,
  plan: TablePlan,
  progress: TableProgress,
  batch: number,
  say: (line: string) => void,
) {
  if (progress.done) return;
  const keyColumns = plan.key.length ? plan.key : ['rowid'];
  const select = `select ${keyColumns.map((k) => `${q(k)} as ${q(`__key_${k}`)}`).join(', ')}, ${plan.columns
    .map((c) => q(c.name))
    .join(', ')} from ${q(plan.name)}`;
  const order = `order by ${keyColumns.map(q).join(', ')} limit ?`;
  const first = source.prepare(`${select} ${order}`);
  const after = source.prepare(
    `${select} where (${keyColumns.map(q).join(', ')}) > (${keyColumns.map(() => '?').join(', ')}) ${order}`,
  );
  let { lastKey, copied } = progress;
  const total = (source.prepare(`select count(*) as n from ${q(plan.name)}`).get() as { n: number }).n;
  let saidAt = 0;
  for (;;) {
    const rows = (lastKey ? after.all(...lastKey, batch) : first.all(batch)) as Array<Record<string, unknown>>;
    const nextKey = rows.length ? keyColumns.map((k) => rows.at(-1)![`__key_${k}`]) : lastKey;
    const finished = rows.length < batch;
    await commitBatch(
      db,
      plan.name,
      rows.map((row) => targetRow(plan, row)),
      { table: plan.name, lastKey: nextKey, copied: copied + rows.length, done: finished },
    );
    copied += rows.length;
    lastKey = nextKey;
    // A line every few seconds for a large table, and one when each table is done.
    if (finished || Date.now() - saidAt > 3000) {
      saidAt = Date.now();
      say(`${plan.name}: ${copied.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows copied`);
    }
    if (finished) return;
  }
}

function targetRow(plan: TablePlan, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of plan.columns) {
    try {
      out[c.name] = toTargetValue(row[c.name], c.type);
    } catch (err) {
      if (!(err instanceof ValueRefused)) throw err;
      const key = (plan.key.length ? plan.key : ['rowid']).map((k) => `${k} ${String(row[`__key_${k}`])}`).join(', ');
      throw new CopyRefused(
        `${plan.name}.${c.name} of the row with ${key}: ${err.message}; correct the row in SQLite and run the copy again (it resumes)`,
      );
    }
  }
  return out;
}

/**
 * Row count and checksum of one table on both sides, its rows in primary-key order (every column when it has
 * none). Text keys sort by their bytes on both: SQLite's binary collation, PostgreSQL's "C"; nulls first as in
 * SQLite. The source's values are taken as the target stores them (toTargetValue), so the two checksums are equal
 * exactly when every row arrived whole.
 */
async function compareTable(db: CopyTarget, source: BetterSqlite3.Database, plan: TablePlan): Promise<TableReport> {
  const orderBy = plan.key.length ? plan.key : plan.columns.map((c) => c.name);
  const sourceDigest = new TableDigest();
  const statement = source.prepare(
    `select ${plan.columns.map((c) => q(c.name)).join(', ')} from ${q(plan.name)}
     order by ${orderBy.map((k) => `${q(k)} collate binary`).join(', ')}`,
  );
  for (const row of statement.iterate() as Iterable<Record<string, unknown>>)
    sourceDigest.add(plan.columns.map((c) => toTargetValue(row[c.name], c.type)));
  const onTarget = await targetDigest(db, plan, orderBy);
  const report = {
    table: plan.name,
    sourceRows: sourceDigest.rows,
    targetRows: onTarget.rows,
    sourceChecksum: sourceDigest.hex(),
    targetChecksum: onTarget.hex(),
  };
  return {
    ...report,
    match: report.sourceRows === report.targetRows && report.sourceChecksum === report.targetChecksum,
  };
}

/** Points the installation at PostgreSQL; the SQLite file stays where it is (the way back, until deleted). */
function switchConfig(dataDir: string, url: string) {
  const file = join(dataDir, 'ondesk.json');
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const mode = existsSync(file) ? statSync(file).mode & 0o777 : 0o640;
  writeFileSync(file, `${JSON.stringify({ ...current, database: 'postgres', databaseUrl: url }, null, 2)}\n`, {
    mode,
  });
}
