import BetterSqlite3 from 'better-sqlite3';
import { existsSync, readdirSync, statSync, statfsSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { loadConfig, type Config } from '../config/config.js';
import { sql } from 'kysely';
import { clusterTiming, filesDirProblem, filesDirViews } from '../cluster/index.js';
import { redactedUrl } from '../db/postgres.js';
import { databaseFile, openInstallation, type Installation } from '../installation.js';
import { jobs } from '../jobs/registry.js';
import { lastRun } from '../jobs/jobs.service.js';
import { licenseState } from '../modules/licensing/index.js';
import { buildTrust, buildTrustLine, STAGING_FIX } from '../../licenses/build-trust.js';
import { defaultBackupDir } from './backup.js';
import { runningServer } from './pid-file.js';
import { appliedMigrations, buildMigrations, integrityCheck, unknownMigrations } from './schema.js';

export type Verdict = 'OK' | 'WARN' | 'FAIL';
export interface DoctorCheck {
  name: string;
  status: Verdict;
  message: string;
  /** What to do about a WARN or FAIL. */
  fix?: string;
}

const GB = 1024 ** 3;
const WAL_WARN_BYTES = 256 * 1024 * 1024;

function smtpTarget(url: string): { host: string; port: number } | null {
  try {
    const u = new URL(url);
    return { host: u.hostname, port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 587)) };
  } catch {
    return null;
  }
}

function reachable(host: string, port: number, timeoutMs = 5000): Promise<string | null> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (err: string | null) => {
      socket.destroy();
      done(err);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer in ${timeoutMs / 1000} s`));
    socket.once('connect', () => finish(null));
    socket.once('error', (e) => finish(e.message));
  });
}

/** The SQLite file: integrity, schema, WAL size. */
function sqliteFileChecks(dbFile: string, add: (c: DoctorCheck) => void): void {
  const sqlite = new BetterSqlite3(dbFile, { readonly: true });
  try {
    const integrity = integrityCheck(sqlite);
    add(
      integrity[0] === 'ok'
        ? { name: 'database', status: 'OK', message: 'integrity_check ok' }
        : {
            name: 'database',
            status: 'FAIL',
            message: `integrity_check: ${integrity.slice(0, 3).join('; ')}`,
            fix: 'stop the desk and restore the latest backup (`ondesk restore`)',
          },
    );
    const applied = appliedMigrations(sqlite);
    const newer = unknownMigrations(applied);
    const pending = buildMigrations().filter((m) => !applied.includes(m));
    if (newer.length)
      add({
        name: 'schema',
        status: 'FAIL',
        message: `schema ${newer.at(-1)} is newer than this build`,
        fix: 'run the newer Ondesk that wrote it',
      });
    else if (pending.length)
      add({
        name: 'schema',
        status: 'WARN',
        message: `${pending.length} migration(s) pending (at ${applied.at(-1) ?? 'none'})`,
        fix: 'stop the desk and run `ondesk upgrade`',
      });
    else add({ name: 'schema', status: 'OK', message: `schema ${applied.at(-1)}` });
  } finally {
    sqlite.close();
  }
  const wal = existsSync(`${dbFile}-wal`) ? statSync(`${dbFile}-wal`).size : 0;
  add(
    wal > WAL_WARN_BYTES
      ? {
          name: 'wal',
          status: 'WARN',
          message: `WAL is ${(wal / 1024 ** 2).toFixed(0)} MB`,
          fix: 'checkpoints are not keeping up: a long-running reader holds them; restart the desk',
        }
      : { name: 'wal', status: 'OK', message: `WAL ${(wal / 1024 ** 2).toFixed(1)} MB` },
  );
}

/** PostgreSQL: the database answers, and which server it is (the URL is shown without its password). */
async function postgresCheck(config: Config, dataDir: string): Promise<DoctorCheck> {
  const where = redactedUrl(config.databaseUrl ?? '');
  const inst = await openInstallation({ dataDir, migrate: false, overrides: { logLevel: 'silent' } }).catch(
    (err: Error) => err,
  );
  if (inst instanceof Error)
    return {
      name: 'database',
      status: 'FAIL',
      message: `PostgreSQL at ${where}: ${inst.message.replaceAll(config.databaseUrl ?? '\u0000', where)}`,
      fix: 'check databaseUrl (ONDESK_DATABASE_URL) and that this server may reach the database',
    };
  try {
    const row = await sql<{ version: string }>`show server_version`.execute(inst.database.db);
    return { name: 'database', status: 'OK', message: `PostgreSQL ${row.rows[0]?.version ?? '?'} at ${where}` };
  } catch (err) {
    return { name: 'database', status: 'FAIL', message: `PostgreSQL at ${where}: ${(err as Error).message}` };
  } finally {
    await inst.close();
  }
}

/**
 * Several nodes on PostgreSQL: every live node's mark must be in this node's files directory with the token that node
 * stored in the database (cluster/shared-files.ts); a node whose mark is not is named.
 */
async function filesDirCheck(inst: Installation): Promise<DoctorCheck> {
  const ctx = inst.ctx();
  const views = await filesDirViews(ctx, clusterTiming(inst.config).liveMs);
  const problems = views.map((v) => filesDirProblem(v, ctx.filesDir)).filter((p): p is string => p !== null);
  if (views.length === 0)
    return {
      name: 'files',
      status: 'WARN',
      message: `${ctx.filesDir}: no live node to compare with`,
      fix: 'start the nodes (`ondesk serve`) and run doctor again: each node marks the directory at start',
    };
  return problems.length
    ? {
        name: 'files',
        status: 'WARN',
        message: problems.join('; '),
        fix: `mount the same directory on every node and point filesDir (ONDESK_FILES_DIR) at it, then restart the nodes named`,
      }
    : {
        name: 'files',
        status: 'OK',
        message: `${ctx.filesDir} is shared by every live node (${views.map((v) => v.nodeId).join(', ')})`,
      };
}

/** Every check of an installation; the CLI prints them and exits non-zero when one FAILs. */
export async function runDoctor(o: { dataDir: string; smtpTimeoutMs?: number }): Promise<DoctorCheck[]> {
  const dataDir = resolve(o.dataDir);
  const checks: DoctorCheck[] = [];
  const add = (c: DoctorCheck) => checks.push(c);
  let config: Config | null = null;
  try {
    config = loadConfig({ dataDir });
    add({
      name: 'config',
      status: 'OK',
      message: `settings valid (${existsSync(`${dataDir}/ondesk.json`) ? 'ondesk.json' : 'defaults'})`,
    });
  } catch (err) {
    add({
      name: 'config',
      status: 'FAIL',
      message: (err as Error).message,
      fix: `correct ${dataDir}/ondesk.json or the ONDESK_* variable named`,
    });
  }
  // Which keys this build trusts: a vendor staging build also trusts extra keys and says so plainly.
  add(
    buildTrust.kind === 'staging'
      ? { name: 'build', status: 'WARN', message: buildTrustLine(), fix: STAGING_FIX }
      : { name: 'build', status: 'OK', message: buildTrustLine() },
  );
  const live = runningServer(dataDir);
  add({
    name: 'server',
    status: 'OK',
    message: live ? `running (pid ${live.pid}${live.port ? `, port ${live.port}` : ''})` : 'not running',
  });

  const dbFile = databaseFile(dataDir);
  // On PostgreSQL the data dir holds no database file: the database is checked through the connection.
  const onPostgres = config?.database === 'postgres';
  if (!onPostgres && !existsSync(dbFile)) {
    add({
      name: 'database',
      status: 'FAIL',
      message: `no database at ${dbFile}`,
      fix: 'install with `ondesk install`, or restore a backup with `ondesk restore FILE`',
    });
    return checks;
  }
  if (onPostgres) add(await postgresCheck(config!, dataDir));
  else sqliteFileChecks(dbFile, add);
  const fs = statfsSync(dataDir);
  const free = Number(fs.bavail) * Number(fs.bsize);
  add(
    free < GB
      ? {
          name: 'disk',
          status: 'FAIL',
          message: `${(free / GB).toFixed(2)} GB free`,
          fix: "free space on the data dir's disk: SQLite stops writing when it is full",
        }
      : free < 5 * GB
        ? {
            name: 'disk',
            status: 'WARN',
            message: `${(free / GB).toFixed(1)} GB free`,
            fix: 'plan more space (backups and attachments grow)',
          }
        : { name: 'disk', status: 'OK', message: `${(free / GB).toFixed(1)} GB free` },
  );

  const inst = await openInstallation({ dataDir, migrate: false, overrides: { logLevel: 'silent' } }).catch(() => null);
  if (inst) {
    try {
      const ctx = inst.ctx();
      try {
        const state = await licenseState(ctx);
        const critical = state.warnings.filter((w) => w.level === 'critical');
        const status: Verdict =
          state.mode === 'expired' || critical.length ? 'FAIL' : state.warnings.length ? 'WARN' : 'OK';
        add({
          name: 'license',
          status,
          message: `${state.mode}, ${state.seats} seats, node ${inst.nodeId} ${state.nodeLicensed ? 'licensed' : 'not licensed'}${state.warnings.length ? `: ${state.warnings.map((w) => w.message).join(' ')}` : ''}`,
          ...(status !== 'OK' && { fix: 'apply a current license and node token with `ondesk license apply`' }),
        });
      } catch (err) {
        add({
          name: 'license',
          status: 'WARN',
          message: `cannot read the license state: ${(err as Error).message}`,
          fix: 'run `ondesk upgrade` if migrations are pending',
        });
      }
      if (inst.config.database === 'postgres')
        add(
          await filesDirCheck(inst).catch((err: Error): DoctorCheck => ({
            name: 'files',
            status: 'WARN',
            message: `cannot compare the nodes' files directories: ${err.message}`,
            fix: 'correct the database check first',
          })),
        );
      for (const job of jobs) {
        // An installation whose migrations are pending may have no run log yet: that reads as "never ran".
        const last = await lastRun(ctx, job.name).catch(() => undefined);
        if (!last)
          add({
            name: `job ${job.name}`,
            status: 'WARN',
            message: 'never ran',
            fix: live
              ? 'it runs on its schedule; `ondesk jobs run` runs it now'
              : 'start the desk: jobs run inside `ondesk serve`',
          });
        else if (last.status === 'failed')
          add({
            name: `job ${job.name}`,
            status: 'WARN',
            message: `last run ${last.started_at} failed: ${last.error}`,
            fix: `see the log; \`ondesk jobs run ${job.name}\` retries it`,
          });
        else add({ name: `job ${job.name}`, status: 'OK', message: `last run ${last.started_at}: ${last.status}` });
      }
    } finally {
      await inst.close();
    }
  }
  if (config?.smtpUrl) {
    const target = smtpTarget(config.smtpUrl);
    const err = target ? await reachable(target.host, target.port, o.smtpTimeoutMs) : 'the URL cannot be parsed';
    add(
      err === null
        ? { name: 'smtp', status: 'OK', message: `${target!.host}:${target!.port} reachable` }
        : {
            name: 'smtp',
            status: 'FAIL',
            message: `${target ? `${target.host}:${target.port}` : 'smtpUrl'}: ${err}`,
            fix: 'check smtpUrl and that the firewall lets this server reach the mail server',
          },
    );
  } else
    add({
      name: 'smtp',
      status: 'WARN',
      message: 'no SMTP configured: no e-mail goes out',
      fix: 'set smtpUrl (and mailFrom) in ondesk.json',
    });
  const backupDir = resolve(dataDir, config?.backupDir ?? defaultBackupDir(dataDir));
  const archives = existsSync(backupDir) ? readdirSync(backupDir).filter((f) => f.endsWith('.tar.gz')) : [];
  add(
    archives.length
      ? { name: 'backups', status: 'OK', message: `${archives.length} archive(s) in ${backupDir}` }
      : {
          name: 'backups',
          status: 'WARN',
          message: `no backups in ${backupDir}`,
          fix: 'run `ondesk backup` now; the nightly job keeps them from then on',
        },
  );
  return checks;
}
