import BetterSqlite3 from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  linkSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type * as Tar from 'tar';

// The archiver loads when an archive is made or read, not with every command and the server.
const loadTar = (): Promise<typeof Tar> => import('tar');
import { loadConfig } from '../config/config.js';
import type { Ctx } from '../context.js';
import { databaseFile } from '../installation.js';
import { databaseUrlOf, DUMP_FILE, dumpDatabase, filesDirectory, FILE_DIRS } from './postgres-backup.js';
import { appliedMigrations, integrityCheck } from './schema.js';
import { redactSecrets } from './redact.js';
import { snapshotDatabase } from './snapshot.js';
import { productVersion } from '../../installer/product.js';

export const BACKUP_FORMAT = 'ondesk-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  productVersion: string;
  schema: { migrations: string[]; latest: string | null };
  includesSecrets: boolean;
  /** The database the archive holds: ondesk.db of SQLite, or ondesk.dump of pg_dump (absent in older archives: SQLite). */
  database?: 'sqlite' | 'postgres';
  files: Array<{ path: string; size: number; sha256: string }>;
}

export type Progress = (phase: string, done: number, total: number) => void;

export interface BackupOptions {
  dataDir: string;
  out?: string;
  includeSecrets?: boolean;
  onProgress?: Progress;
  now?: Date;
}

export const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

export function sha256File(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => hash.update(c))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}

/** Every regular file under `dir`, as paths relative to `base` with forward slashes (tar's form). */
export function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full, base));
    else if (e.isFile()) out.push(relative(base, full).split('\\').join('/'));
  }
  return out.sort();
}

/** Attachments never change once written (named by content hash): a hard link is a free, exact copy. */
function linkOrCopy(from: string, to: string) {
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

export const defaultBackupDir = (dataDir: string) => join(dataDir, 'backups');

/**
 * An online backup: a consistent database snapshot (taken while the server writes), the attachments and
 * the config (secrets redacted unless asked), with a manifest of schema and checksums, as one .tar.gz.
 * The archive appears under its name only when complete (written as .partial, then renamed).
 */
export async function createBackup(
  o: BackupOptions,
): Promise<{ file: string; manifest: BackupManifest; bytes: number }> {
  const dataDir = resolve(o.dataDir);
  const config = loadConfig({ dataDir });
  const onPostgres = config.database === 'postgres';
  const source = databaseFile(dataDir);
  if (!onPostgres && !existsSync(source)) throw new Error(`no database in ${dataDir}: nothing to back up`);
  const now = o.now ?? new Date();
  const out = resolve(o.out ?? join(defaultBackupDir(dataDir), `ondesk-${stamp(now)}.tar.gz`));
  mkdirSync(dirname(out), { recursive: true, mode: 0o750 });
  const staging = join(dirname(out), `.ondesk-backup-${randomBytes(6).toString('hex')}`);
  mkdirSync(staging, { mode: 0o700 });
  try {
    let migrations: string[];
    if (onPostgres) {
      // pg_dump's snapshot is consistent while the desk (every node of it) keeps writing.
      o.onProgress?.('database', 0, 1);
      ({ migrations } = await dumpDatabase(databaseUrlOf(config), join(staging, DUMP_FILE)));
      o.onProgress?.('database', 1, 1);
    } else {
      await snapshotDatabase(
        source,
        join(staging, 'ondesk.db'),
        o.onProgress && ((d, t) => o.onProgress!('database', d, t)),
      );
      const snap = new BetterSqlite3(join(staging, 'ondesk.db'), { readonly: true });
      try {
        const problems = integrityCheck(snap);
        if (problems[0] !== 'ok')
          throw new Error(`the snapshot fails integrity_check: ${problems.slice(0, 3).join('; ')}`);
        migrations = appliedMigrations(snap);
      } finally {
        snap.close();
      }
    }
    const configFile = join(dataDir, 'ondesk.json');
    if (existsSync(configFile)) {
      const config = JSON.parse(readFileSync(configFile, 'utf8')) as unknown;
      writeFileSync(
        join(staging, 'ondesk.json'),
        `${JSON.stringify(o.includeSecrets ? config : redactSecrets(config), null, 2)}\n`,
        { mode: 0o600 },
      );
    }
    // Every stored file (attachments, raw mail, issued documents, mailed reports) lives in the files directory
    // (setting filesDir: the data dir by default, a directory every node mounts on PostgreSQL).
    const filesDir = filesDirectory(config);
    const stored = FILE_DIRS.flatMap((dir) => listFiles(join(filesDir, dir)).map((f) => `${dir}/${f}`));
    stored.forEach((f, i) => {
      linkOrCopy(join(filesDir, f), join(staging, f));
      o.onProgress?.('attachments', i + 1, stored.length);
    });
    const files = listFiles(staging);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: now.toISOString(),
      productVersion: productVersion(),
      schema: { migrations, latest: migrations.at(-1) ?? null },
      includesSecrets: o.includeSecrets === true,
      database: onPostgres ? 'postgres' : 'sqlite',
      files: [],
    };
    for (const [i, f] of files.entries()) {
      manifest.files.push({
        path: f,
        size: statSync(join(staging, f)).size,
        sha256: await sha256File(join(staging, f)),
      });
      o.onProgress?.('checksums', i + 1, files.length);
    }
    writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const partial = `${out}.partial`;
    // The manifest goes first: a reader learns what to expect before any data.
    await (
      await loadTar()
    ).create(
      { gzip: true, file: partial, cwd: staging, portable: true, mode: 0o600 } as Tar.TarOptionsWithAliasesAsyncFile,
      ['manifest.json', ...files],
    );
    chmodSync(partial, 0o600);
    renameSync(partial, out);
    o.onProgress?.('archive', 1, 1);
    return { file: out, manifest, bytes: statSync(out).size };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(`${out}.partial`, { force: true });
  }
}

const NIGHTLY = /^ondesk-\d{8}T\d{6}Z\.tar\.gz$/;

/** Keeps the newest `keep` nightly archives in `dir`; archives named otherwise (pre-upgrade, manual) stay. */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!existsSync(dir)) return [];
  const nightly = readdirSync(dir)
    .filter((f) => NIGHTLY.test(f))
    .sort();
  const removed = nightly.slice(0, Math.max(0, nightly.length - keep));
  for (const f of removed) rmSync(join(dir, f));
  return removed;
}

export const DEFAULT_BACKUP_KEEP = 7;

/** The nightly `backup` job: settings backupDir (default <data dir>/backups) and backupKeep (default 7). */
export async function nightlyBackup(ctx: Ctx): Promise<{ file: string; bytes: number; removed: string[] }> {
  const config = loadConfig({ dataDir: ctx.dataDir });
  const dir = resolve(ctx.dataDir, config.backupDir ?? defaultBackupDir(ctx.dataDir));
  const { file, bytes } = await createBackup({
    dataDir: ctx.dataDir,
    out: join(dir, `ondesk-${stamp(ctx.clock.now())}.tar.gz`),
    now: ctx.clock.now(),
  });
  const removed = pruneBackups(dir, config.backupKeep ?? DEFAULT_BACKUP_KEEP);
  return { file: basename(file), bytes, removed };
}
