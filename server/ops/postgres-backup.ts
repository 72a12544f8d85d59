import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { findPgTool, runPgTool } from './pg-tools.js';

/** The database of a PostgreSQL backup inside the archive, beside manifest.json, ondesk.json and the files. */
export const DUMP_FILE = 'ondesk.dump';

/**
 * The directories of stored files an installation on PostgreSQL keeps in its files directory (setting filesDir,
 * the data dir unless set): attachments, raw mail, issued documents, report files. They go into the archive
 * beside the dump and come back beside it.
 */
export const FILE_DIRS = ['attachments', 'mail', 'documents', 'reports'] as const;

/** The files directory of an installation (setting filesDir, default the data dir). */
export function filesDirectory(config: Pick<Config, 'dataDir'> & { filesDir?: string }): string {
  return resolve(config.dataDir, config.filesDir ?? '.');
}

export function databaseUrlOf(config: Config): string {
  if (!config.databaseUrl)
    throw new Error('this installation runs on PostgreSQL and has no databaseUrl (ONDESK_DATABASE_URL) to back up');
  return config.databaseUrl;
}

/**
 * Dumps the database with `pg_dump --format=custom` (a consistent snapshot while the desk keeps writing) and
 * reads the dump back through `pg_restore --list`, which fails on a truncated or damaged file: the dump's
 * counterpart of SQLite's integrity_check. Returns the migrations the dump holds.
 */
export async function dumpDatabase(url: string, file: string): Promise<{ migrations: string[]; tables: number }> {
  const pgDump = findPgTool('pg_dump');
  await runPgTool(
    pgDump,
    ['--format=custom', '--no-owner', '--no-privileges', '--file', file, '--dbname', '{dbname}'],
    url,
  );
  const tables = await verifyDump(file, url);
  return { migrations: await dumpMigrations(file, url), tables };
}

/** The number of tables whose data the dump holds; throws when pg_restore cannot read it. */
export async function verifyDump(file: string, url: string): Promise<number> {
  const listing = await runPgTool(findPgTool('pg_restore'), ['--list', file], url).catch((err: Error) => {
    throw new Error(`the database dump cannot be read back: ${err.message}`);
  });
  return listing.split('\n').filter((line) => /^\d+;.* TABLE DATA /.test(line)).length;
}

/**
 * The migrations a dump holds, read from the dump itself (the rows of kysely_migration as pg_restore prints them),
 * so a restore knows the backup's schema before anything in the database changes.
 */
export async function dumpMigrations(file: string, url: string): Promise<string[]> {
  const text = await runPgTool(
    findPgTool('pg_restore'),
    ['--data-only', '--table=kysely_migration', '--file=-', file],
    url,
  );
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^COPY \S*kysely_migration /.test(l));
  if (start < 0) return [];
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '\\.') break;
    names.push(line.split('\t')[0]!);
  }
  return names.sort();
}

/**
 * Replaces the database's contents with the dump's, in one transaction: `pg_restore --clean --if-exists
 * --single-transaction`, so a failure part-way leaves the database as it was. What it replaces is dumped first to
 * `previous` (the SQLite restore moves the old file aside; this is the same promise).
 */
export async function restoreDatabase(o: { dump: string; url: string; previous: string }): Promise<void> {
  const pgRestore = findPgTool('pg_restore');
  mkdirSync(o.previous, { recursive: true, mode: 0o700 });
  await runPgTool(
    findPgTool('pg_dump'),
    ['--format=custom', '--no-owner', '--no-privileges', '--file', join(o.previous, DUMP_FILE), '--dbname', '{dbname}'],
    o.url,
  ).catch((err: Error) => {
    throw new Error(`the database to be replaced could not be saved first, nothing was restored: ${err.message}`);
  });
  await runPgTool(
    pgRestore,
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      '--dbname',
      '{dbname}',
      o.dump,
    ],
    o.url,
  );
}

/** Moves the staged file directories into the files directory; the ones they replace go to `previous`. */
export function placeFiles(staging: string, filesDir: string, previous: string): void {
  mkdirSync(filesDir, { recursive: true, mode: 0o750 });
  for (const dir of FILE_DIRS) {
    const staged = join(staging, dir);
    const live = join(filesDir, dir);
    if (existsSync(live)) {
      mkdirSync(previous, { recursive: true, mode: 0o700 });
      moveDir(live, join(previous, dir));
    }
    if (existsSync(staged)) moveDir(staged, live);
  }
}

/** A rename, or a copy and delete when the files directory is another filesystem (a share every node mounts). */
function moveDir(from: string, to: string) {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    cpSync(from, to, { recursive: true, preserveTimestamps: true });
    rmSync(from, { recursive: true, force: true });
  }
}
