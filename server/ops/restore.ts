import BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type * as Tar from 'tar';

// The archiver loads when an archive is made or read, not with every command and the server.
const loadTar = (): Promise<typeof Tar> => import('tar');
import { databaseFile } from '../installation.js';
import { loadConfig } from '../config/config.js';
import { clusterTiming, listNodes } from '../cluster/index.js';
import { systemActor } from '../context.js';
import { openInstallation } from '../installation.js';
import {
  databaseUrlOf,
  DUMP_FILE,
  dumpMigrations,
  filesDirectory,
  placeFiles,
  restoreDatabase,
  verifyDump,
} from './postgres-backup.js';
import { BACKUP_FORMAT, listFiles, sha256File, stamp, type BackupManifest } from './backup.js';
import { runningServer } from './pid-file.js';
import { containsRedacted, REDACTED } from './redact.js';
import { appliedMigrations, buildMigrations, integrityCheck, unknownMigrations } from './schema.js';

export class RestoreRefused extends Error {}

const ENTRY_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);

/** Why an archive path is unsafe to unpack, or null: no absolute paths, no `..`, nothing outside the target. */
export function unsafeEntryPath(path: string): string | null {
  if (path === '' || path.includes('\0')) return 'an empty path';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('\\')) return 'an absolute path';
  if (path.includes('\\')) return 'a backslash in the path';
  if (path.split('/').includes('..')) return 'a ".." path';
  return null;
}

/** Reads the entry list and refuses the whole archive on the first link, device or escaping path. */
async function inspectArchive(file: string): Promise<string[]> {
  const problems: string[] = [];
  const entries: string[] = [];
  await (
    await loadTar()
  ).list({
    file,
    strict: true,
    onReadEntry: (entry) => {
      const raw = entry.path;
      const unsafe = unsafeEntryPath(raw) ?? (entry.header.path ? unsafeEntryPath(entry.header.path) : null);
      if (unsafe) problems.push(`${raw}: ${unsafe}`);
      else if (!ENTRY_TYPES.has(entry.type))
        problems.push(`${raw}: a ${entry.type} entry (only files and directories are restored)`);
      else if (entry.type !== 'Directory') entries.push(raw.replace(/^\.\//, ''));
      entry.resume();
    },
  });
  if (problems.length)
    throw new RestoreRefused(`the archive is refused, nothing was restored: ${problems.slice(0, 5).join('; ')}`);
  return entries;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the replaced data was moved (the admin deletes it once satisfied); null for a new installation. */
  previous: string | null;
  configRestored: boolean;
}

/**
 * Restores a backup into a stopped or new installation. Nothing in the data dir changes until the archive
 * has passed every check: safe entries, checksums of every file, a schema this build knows, and
 * integrity_check of the database. What it replaces is moved aside, not deleted.
 */
export async function restoreBackup(o: { file: string; dataDir: string; now?: Date }): Promise<RestoreResult> {
  const file = resolve(o.file);
  const dataDir = resolve(o.dataDir);
  if (!existsSync(file)) throw new RestoreRefused(`no backup at ${file}`);
  const config = loadConfig({ dataDir });
  const onPostgres = config.database === 'postgres';
  const live = runningServer(dataDir);
  if (live)
    throw new RestoreRefused(
      `the desk is running on this data dir (pid ${live.pid}): stop it first (systemctl stop ondesk), then restore`,
    );
  const entries = await inspectArchive(file);
  mkdirSync(dirname(dataDir), { recursive: true });
  // Staged next to the data dir: the final moves are renames on one filesystem.
  const staging = join(dirname(dataDir), `.ondesk-restore-${randomBytes(6).toString('hex')}`);
  mkdirSync(staging, { mode: 0o700 });
  try {
    await (
      await loadTar()
    ).extract({
      file,
      cwd: staging,
      strict: true,
      preservePaths: false,
      filter: (_p, e) => 'type' in e && ENTRY_TYPES.has(e.type as string),
    });
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(readFileSync(join(staging, 'manifest.json'), 'utf8')) as BackupManifest;
    } catch {
      throw new RestoreRefused('the archive has no readable manifest.json: not an Ondesk backup');
    }
    if (manifest.format !== BACKUP_FORMAT || !Array.isArray(manifest.files))
      throw new RestoreRefused('manifest.json is not an Ondesk backup manifest');
    const listed = new Map(manifest.files.map((f) => [f.path, f]));
    for (const f of manifest.files) {
      const unsafe = unsafeEntryPath(f.path);
      if (unsafe) throw new RestoreRefused(`the manifest names ${f.path}: ${unsafe}`);
      const path = join(staging, f.path);
      if (!existsSync(path)) throw new RestoreRefused(`the archive lacks ${f.path}, which its manifest lists`);
      if ((await sha256File(path)) !== f.sha256)
        throw new RestoreRefused(
          `checksum mismatch for ${f.path}: the archive was altered or damaged; nothing was restored`,
        );
    }
    const extra = listFiles(staging).filter((p) => p !== 'manifest.json' && !listed.has(p));
    if (extra.length)
      throw new RestoreRefused(
        `the archive holds files its manifest does not list (${extra.slice(0, 3).join(', ')}): it was altered; nothing was restored`,
      );
    const ofPostgres = manifest.database === 'postgres';
    if (ofPostgres !== onPostgres)
      throw new RestoreRefused(
        ofPostgres
          ? `the backup is of an installation on PostgreSQL and ${dataDir} runs on SQLite: set database: postgres and databaseUrl (ONDESK_DATABASE_URL) of the database to restore into, then restore`
          : `the backup is of an installation on SQLite and ${dataDir} runs on PostgreSQL: restore it into a data dir on SQLite, then move it with ondesk db migrate-to-postgres`,
      );
    if (ofPostgres) return await restoreOnPostgres({ staging, dataDir, manifest, listed, config, now: o.now });
    if (!entries.includes('ondesk.db') || !listed.has('ondesk.db'))
      throw new RestoreRefused('the archive holds no database (ondesk.db)');

    const db = new BetterSqlite3(join(staging, 'ondesk.db'), { readonly: true });
    try {
      const newer = unknownMigrations(appliedMigrations(db));
      if (newer.length) {
        throw new RestoreRefused(
          `the backup is from a newer schema (${newer.at(-1)}) than this build knows (${buildMigrations().at(-1)}): install the newer Ondesk first, then restore`,
        );
      }
      const check = integrityCheck(db);
      if (check[0] !== 'ok')
        throw new RestoreRefused(`the backup's database fails integrity_check: ${check.slice(0, 3).join('; ')}`);
    } finally {
      db.close();
    }

    mkdirSync(dataDir, { recursive: true, mode: 0o750 });
    const dbFile = databaseFile(dataDir);
    const configFile = join(dataDir, 'ondesk.json');
    const stagedConfig = join(staging, 'ondesk.json');
    const restoreConfig = existsSync(stagedConfig) && (manifest.includesSecrets || !existsSync(configFile));
    const replaced = [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, ...(restoreConfig ? [configFile] : [])].filter((p) =>
      existsSync(p),
    );
    const previous = join(dataDir, `pre-restore-${stamp(o.now ?? new Date())}`);
    if (replaced.length) {
      mkdirSync(previous, { recursive: true, mode: 0o700 });
      for (const p of replaced) renameSync(p, join(previous, p.slice(dataDir.length + 1)));
    }
    renameSync(join(staging, 'ondesk.db'), dbFile);
    // The stored files (attachments, raw mail, documents, reports): the former ones are moved aside beside the rest.
    placeFiles(staging, filesDirectory(config), previous);
    if (restoreConfig) {
      const config = JSON.parse(readFileSync(stagedConfig, 'utf8')) as Record<string, unknown>;
      // A redacted secret is no setting: it is dropped, and the admin enters it again (doctor says so).
      const usable = Object.fromEntries(Object.entries(config).filter(([, v]) => !containsRedacted(v)));
      writeFileSync(configFile, `${JSON.stringify(usable, null, 2)}\n`, { mode: 0o640 });
    }
    return { manifest, previous: existsSync(previous) ? previous : null, configRestored: restoreConfig };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export { REDACTED };

/**
 * The PostgreSQL half of a restore, once the archive passed the checks every restore makes: the dump is read back
 * (pg_restore --list) and its schema checked before the database changes; the database is then replaced in one
 * transaction (its former contents dumped to pre-restore-<time>/ first), the stored files moved in (the former
 * ones moved aside), and the config restored as on SQLite.
 */
async function restoreOnPostgres(o: {
  staging: string;
  dataDir: string;
  manifest: BackupManifest;
  listed: Map<string, unknown>;
  config: ReturnType<typeof loadConfig>;
  now?: Date;
}): Promise<RestoreResult> {
  if (!o.listed.has(DUMP_FILE)) throw new RestoreRefused(`the archive holds no database dump (${DUMP_FILE})`);
  const url = databaseUrlOf(o.config);
  const dump = join(o.staging, DUMP_FILE);
  await verifyDump(dump, url).catch((err: Error) => {
    throw new RestoreRefused(`${err.message}; nothing was restored`);
  });
  const newer = unknownMigrations(await dumpMigrations(dump, url));
  if (newer.length)
    throw new RestoreRefused(
      `the backup is from a newer schema (${newer.at(-1)}) than this build knows (${buildMigrations().at(-1)}): install the newer Ondesk first, then restore`,
    );
  const running = await liveNodes(o.dataDir);
  if (running.length)
    throw new RestoreRefused(
      `nodes still run on this database (${running.join(', ')}): stop every node first (systemctl stop ondesk on each), then restore`,
    );
  mkdirSync(o.dataDir, { recursive: true, mode: 0o750 });
  const previous = join(o.dataDir, `pre-restore-${stamp(o.now ?? new Date())}`);
  await restoreDatabase({ dump, url, previous });
  placeFiles(o.staging, filesDirectory(o.config), previous);
  const configFile = join(o.dataDir, 'ondesk.json');
  const stagedConfig = join(o.staging, 'ondesk.json');
  const restoreConfig = existsSync(stagedConfig) && (o.manifest.includesSecrets || !existsSync(configFile));
  if (restoreConfig) {
    if (existsSync(configFile)) renameSync(configFile, join(previous, 'ondesk.json'));
    const config = JSON.parse(readFileSync(stagedConfig, 'utf8')) as Record<string, unknown>;
    const usable = Object.fromEntries(Object.entries(config).filter(([, v]) => !containsRedacted(v)));
    writeFileSync(configFile, `${JSON.stringify(usable, null, 2)}\n`, { mode: 0o640 });
  }
  return { manifest: o.manifest, previous, configRestored: restoreConfig };
}

/**
 * The nodes that reported within the liveness window: the pid file speaks for this machine only, and the database
 * is shared. A database no node ever ran on (a new one, without the nodes table) has none.
 */
export async function liveNodes(dataDir: string): Promise<string[]> {
  const inst = await openInstallation({ dataDir, migrate: false });
  try {
    const nodes = await listNodes(inst.ctx(systemActor('cli:restore')), clusterTiming(inst.config).liveMs);
    return nodes.filter((n) => n.state === 'live').map((n) => `${n.nodeId} on ${n.hostname}`);
  } catch (err) {
    if ((err as { code?: unknown }).code === '42P01') return [];
    throw err;
  } finally {
    await inst.close();
  }
}
