import BetterSqlite3 from 'better-sqlite3';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import type { Database } from '../db/schema.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { migrations as buildMigrationSet } from '../../migrations/index.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/config.js';
import { databaseFile, openInstallation } from '../installation.js';
import { migrateToLatest } from '../db/migrator.js';
import { evaluatePreflight, formatChecks, probePreflight } from '../../installer/preflight.js';
import { createBackup, defaultBackupDir, stamp } from './backup.js';
import { runningServer } from './pid-file.js';
import { liveNodes, restoreBackup } from './restore.js';
import { appliedMigrations, integrityCheck, unknownMigrations } from './schema.js';
import { userInfo } from 'node:os';

export class UpgradeFailed extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface UpgradeOptions {
  dataDir: string;
  backupDir?: string;
  out?: (line: string) => void;
  /**
   * Test seam: the migrations to upgrade to (default: this build's). Tests add a failing one to prove the
   * rollback; no flag, setting or environment variable reaches it.
   */
  migrations?: Record<string, Migration>;
}

export interface UpgradeResult {
  applied: string[];
  backup: string | null;
  from: string | null;
  to: string | null;
}

/** Opens the upgraded installation as `serve` would and asks its health endpoint. */
async function healthCheck(dataDir: string): Promise<void> {
  if (loadConfig({ dataDir }).database !== 'postgres') {
    const sqlite = new BetterSqlite3(databaseFile(dataDir), { readonly: true });
    try {
      const check = integrityCheck(sqlite);
      if (check[0] !== 'ok') throw new Error(`integrity_check: ${check.slice(0, 3).join('; ')}`);
    } finally {
      sqlite.close();
    }
  }
  const inst = await openInstallation({ dataDir, migrate: false, overrides: { logLevel: 'warn' } });
  try {
    const app = await buildApp({ installation: inst });
    try {
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      if (res.statusCode !== 200) throw new Error(`GET /healthz answered ${res.statusCode}`);
    } finally {
      await app.close();
    }
  } finally {
    await inst.close();
  }
}

/**
 * Upgrades a stopped installation to this build's schema: preflight, a full backup (secrets included: it
 * may have to replace the installation), migrations, a health check. If a migration or the health check
 * fails, the backup is restored and the error says what failed and where the failed state was kept.
 */
export async function upgradeInstallation(o: UpgradeOptions): Promise<UpgradeResult> {
  const dataDir = resolve(o.dataDir);
  const out = o.out ?? (() => {});
  const target = o.migrations ?? buildMigrationSet;
  if (loadConfig({ dataDir }).database === 'postgres') return upgradeOnPostgres(dataDir, target, o, out);
  const dbFile = databaseFile(dataDir);
  if (!existsSync(dbFile))
    throw new UpgradeFailed(`no installation in ${dataDir} (no ondesk.db): use \`ondesk install\``, 2);
  refuseRunningServer(dataDir);
  await preflight(dataDir);

  const sqlite = new BetterSqlite3(dbFile, { readonly: true });
  const applied = appliedMigrations(sqlite);
  sqlite.close();
  const { pending, from } = pendingMigrations(applied, target);
  if (!pending.length) return upToDate(dataDir, from, out);

  const backup = await backupFirst(dataDir, o, out);
  let step = 'migrations';
  try {
    const inst = await openInstallation({ dataDir, migrate: false, overrides: { logLevel: 'warn' } });
    try {
      const result = await new Migrator({
        db: inst.database.db,
        provider: { getMigrations: async () => target },
      }).migrateToLatest();
      for (const r of result.results ?? []) if (r.status === 'Success') out(`applied ${r.migrationName}`);
      if (result.error) {
        const failedOne = result.results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
        throw new Error(
          `migration ${failedOne} failed: ${result.error instanceof Error ? result.error.message : String(result.error)}`,
        );
      }
    } finally {
      await inst.close();
    }
    step = 'health check';
    await healthCheck(dataDir);
  } catch (err) {
    return restoreAfterFailure({ step, reason: (err as Error).message, backup, from, dataDir, out });
  }
  return upgraded(target, pending, backup, from, out);
}

/**
 * `ondesk upgrade` of an installation on PostgreSQL, run on one node while every node is stopped: the same steps
 * as on SQLite (preflight of the data dir, a backup with pg_dump, the migrations, the health check), with what
 * PostgreSQL does differently. The migrations run in one transaction under the migrations' advisory lock, so one
 * that fails leaves the schema as it was and nothing needs restoring; a failed health check restores the backup.
 */
async function upgradeOnPostgres(
  dataDir: string,
  target: Record<string, Migration>,
  o: UpgradeOptions,
  out: (line: string) => void,
): Promise<UpgradeResult> {
  refuseRunningServer(dataDir);
  const running = await liveNodes(dataDir);
  if (running.length)
    throw new UpgradeFailed(
      `nodes still run on this database (${running.join(', ')}): stop every node first (systemctl stop ondesk on each), then upgrade from one of them`,
      2,
    );
  await preflight(dataDir);

  const inst = await openInstallation({ dataDir, migrate: false, overrides: { logLevel: 'warn' } });
  let applied: string[];
  try {
    applied = (await appliedPostgresMigrations(inst.database.db)) ?? [];
  } finally {
    await inst.close();
  }
  if (!applied.length)
    throw new UpgradeFailed(
      `no installation in the database of ${dataDir} (no migrations applied): use \`ondesk install\``,
      2,
    );
  const { pending, from } = pendingMigrations(applied, target);
  if (!pending.length) return upToDate(dataDir, from, out);

  const backup = await backupFirst(dataDir, o, out);
  const migrating = await openInstallation({ dataDir, migrate: false, overrides: { logLevel: 'warn' } });
  try {
    const result = await migrateToLatest(migrating.database.db, target);
    for (const r of result.results ?? []) if (r.status === 'Success') out(`applied ${r.migrationName}`);
  } catch (err) {
    throw new UpgradeFailed(
      `upgrade failed in migrations: ${(err as Error).message}. PostgreSQL rolled the migrations back together: the database is still on schema ${from}, and ${backup} holds it as it was. Send \`ondesk support-bundle\` to the vendor.`,
    );
  } finally {
    await migrating.close();
  }
  try {
    await healthCheck(dataDir);
  } catch (err) {
    return restoreAfterFailure({ step: 'health check', reason: (err as Error).message, backup, from, dataDir, out });
  }
  return upgraded(target, pending, backup, from, out);
}

function refuseRunningServer(dataDir: string): void {
  const live = runningServer(dataDir);
  if (live)
    throw new UpgradeFailed(
      `the desk is running on this data dir (pid ${live.pid}): stop it first (systemctl stop ondesk); the upgrade starts it on the new schema only after you start it again`,
      2,
    );
}

/** The installer's checks of the data dir (free space for the backup, permissions); a failure changes nothing. */
async function preflight(dataDir: string): Promise<void> {
  const plan = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    targets: [dataDir],
    systemd: false,
    underRoot: false,
    serviceUser: userInfo().username,
  };
  const failed = evaluatePreflight(await probePreflight(plan), plan).filter(
    (c) => c.status === 'fail' && c.name !== 'port' && c.name !== 'systemd',
  );
  if (failed.length) throw new UpgradeFailed(`preflight failed; nothing was changed:\n${formatChecks(failed)}`, 2);
}

/** The migrations of `target` not applied yet; a database ahead of the build is refused (no downgrades). */
function pendingMigrations(applied: string[], target: Record<string, Migration>) {
  const newer = unknownMigrations(applied, Object.keys(target));
  if (newer.length)
    throw new UpgradeFailed(
      `refusing a downgrade: the database has schema ${newer.at(-1)}, newer than this build's ${Object.keys(target).at(-1)}; install the newer Ondesk again or restore an older backup`,
      2,
    );
  return { pending: Object.keys(target).filter((m) => !applied.includes(m)), from: applied.at(-1) ?? null };
}

async function upToDate(dataDir: string, from: string | null, out: (line: string) => void): Promise<UpgradeResult> {
  await healthCheck(dataDir);
  out(`already up to date (schema ${from}); health check ok`);
  return { applied: [], backup: null, from, to: from };
}

/** A full backup, secrets included (it may have to replace the installation); returns its file. */
async function backupFirst(dataDir: string, o: UpgradeOptions, out: (line: string) => void): Promise<string> {
  const backupDir = resolve(dataDir, o.backupDir ?? defaultBackupDir(dataDir));
  out(`backing up before the upgrade…`);
  const backup = await createBackup({
    dataDir,
    out: join(backupDir, `pre-upgrade-${stamp(new Date())}.tar.gz`),
    includeSecrets: true,
  });
  out(`backup: ${backup.file}`);
  return backup.file;
}

function upgraded(
  target: Record<string, Migration>,
  pending: string[],
  backup: string,
  from: string | null,
  out: (line: string) => void,
): UpgradeResult {
  const to = Object.keys(target).at(-1) ?? null;
  out(`upgraded ${from} → ${to}; health check ok`);
  return { applied: pending, backup, from, to };
}

/** Puts the backup back after a failed step; the error says what failed and where the failed state was kept. */
async function restoreAfterFailure(f: {
  step: string;
  reason: string;
  backup: string;
  from: string | null;
  dataDir: string;
  out: (line: string) => void;
}): Promise<never> {
  f.out(`${f.step} failed: ${f.reason}; restoring the backup…`);
  let previous: string | null;
  try {
    previous = (await restoreBackup({ file: f.backup, dataDir: f.dataDir })).previous;
  } catch (restoreErr) {
    throw new UpgradeFailed(
      `upgrade failed in ${f.step}: ${f.reason}; restoring ${f.backup} failed too: ${(restoreErr as Error).message}. Restore it by hand: ondesk restore ${f.backup} --data-dir ${f.dataDir}`,
    );
  }
  throw new UpgradeFailed(
    `upgrade failed in ${f.step}: ${f.reason}. The installation was restored from ${f.backup} (schema ${f.from}); the failed state is kept in ${previous}. Send \`ondesk support-bundle\` to the vendor.`,
  );
}

/** The migrations applied to a PostgreSQL database, in order; null when it holds no Ondesk schema at all. */
async function appliedPostgresMigrations(db: Kysely<Database>): Promise<string[] | null> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    return rows.map((r) => r.name);
  } catch (err) {
    if ((err as { code?: unknown }).code === '42P01') return null;
    throw err;
  }
}
