import type { Command } from 'commander';
import { resolveDataDir } from '../../config/config.js';
import { createBackup, type Progress } from '../../ops/backup.js';
import { runDoctor } from '../../ops/doctor.js';
import { restoreBackup, RestoreRefused } from '../../ops/restore.js';
import { createSupportBundle } from '../../ops/support-bundle.js';
import { upgradeInstallation, UpgradeFailed } from '../../ops/upgrade.js';
import { action, CliError, dataDirOption } from '../command-kit.js';

/** A one-line progress bar on a terminal; nothing when output goes to a file or a pipe (cron, CI). */
function progressBar(): Progress | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = '';
  return (phase, done, total) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    const line = `${phase.padEnd(12)} [${'#'.repeat(Math.floor(pct / 5)).padEnd(20)}] ${String(pct).padStart(3)}%`;
    if (line === last) return;
    last = line;
    process.stderr.write(`\r${line}${pct === 100 ? '\n' : ''}`);
  };
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

export function registerOps(program: Command) {
  program
    .command('backup')
    .description(
      'online backup (the desk may keep running): database snapshot (SQLite) or pg_dump (PostgreSQL), stored files, config, manifest with checksums, as .tar.gz',
    )
    .option(...dataDirOption)
    .option('--out <file>', 'archive to write (default <data dir>/backups/ondesk-<time>.tar.gz)')
    .option('--include-secrets', 'keep passwords and tokens in the archived config (otherwise redacted)')
    .action(
      action(async (opts: { dataDir?: string; out?: string; includeSecrets?: boolean }) => {
        const result = await createBackup({
          dataDir: resolveDataDir(opts.dataDir),
          out: opts.out,
          includeSecrets: opts.includeSecrets === true,
          onProgress: progressBar(),
        }).catch((err: Error) => {
          throw new CliError(err.message, 1);
        });
        process.stdout.write(`${result.file}\n`);
        process.stderr.write(
          `backup complete: ${result.manifest.files.length} files, ${mb(result.bytes)}, schema ${result.manifest.schema.latest}${result.manifest.includesSecrets ? ', secrets included: keep it safe' : ', secrets redacted'}\n`,
        );
      }),
    );

  program
    .command('restore <file>')
    .description(
      'restore a backup into a stopped or new installation (checks paths, checksums, schema and integrity first; pg_restore on PostgreSQL)',
    )
    .option(...dataDirOption)
    .action(
      action(async (file: string, opts: { dataDir?: string }) => {
        const result = await restoreBackup({ file, dataDir: resolveDataDir(opts.dataDir) }).catch((err: Error) => {
          throw new CliError(err.message, err instanceof RestoreRefused ? 2 : 1);
        });
        process.stdout.write(
          `restored the backup of ${result.manifest.createdAt} (schema ${result.manifest.schema.latest})\n`,
        );
        if (result.previous)
          process.stdout.write(`the data it replaced is in ${result.previous}; delete it once you are satisfied\n`);
        if (!result.manifest.includesSecrets)
          process.stdout.write(
            `the backup had no secrets: ${result.configRestored ? 'redacted settings were left out of ondesk.json; enter them again' : 'the existing ondesk.json was kept'}\n`,
          );
        process.stdout.write('start the desk; it applies pending migrations if the backup is older than this build\n');
      }),
    );

  program
    .command('upgrade')
    .description(
      'upgrade a stopped installation to this build: preflight, backup, migrations, health check; restores the backup on failure',
    )
    .option(...dataDirOption)
    .option('--backup-dir <dir>', 'where the pre-upgrade backup goes (default <data dir>/backups)')
    .action(
      action(async (opts: { dataDir?: string; backupDir?: string }) => {
        await upgradeInstallation({
          dataDir: resolveDataDir(opts.dataDir),
          backupDir: opts.backupDir,
          out: (line) => process.stdout.write(`${line}\n`),
        }).catch((err: Error) => {
          throw new CliError(err.message, err instanceof UpgradeFailed ? err.exitCode : 1);
        });
      }),
    );

  program
    .command('doctor')
    .description(
      'check an installation: config, database, schema, disk, WAL, license, jobs, SMTP, backups (exit 1 on a FAIL)',
    )
    .option(...dataDirOption)
    .option('--json', 'print the checks as JSON')
    .action(
      action(async (opts: { dataDir?: string; json?: boolean }) => {
        const checks = await runDoctor({ dataDir: resolveDataDir(opts.dataDir) });
        if (opts.json) process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
        else
          for (const c of checks)
            process.stdout.write(`${c.status.padEnd(4)} ${c.name}: ${c.message}${c.fix ? `\n     → ${c.fix}` : ''}\n`);
        if (checks.some((c) => c.status === 'FAIL')) process.exitCode = 1;
      }),
    );

  program
    .command('support-bundle')
    .description(
      'an archive for the vendor: recent logs, redacted config, versions, schema, table counts, job runs, license claims',
    )
    .option(...dataDirOption)
    .option('--out <file>', 'archive to write (default ./ondesk-support-<time>.tar.gz)')
    .option('--days <n>', 'logs of the last N days', '7')
    .action(
      action(async (opts: { dataDir?: string; out?: string; days: string }) => {
        const days = Number(opts.days);
        if (!Number.isInteger(days) || days < 1 || days > 365)
          throw new CliError(`--days must be a whole number from 1 to 365, not "${opts.days}"`);
        const result = await createSupportBundle({ dataDir: resolveDataDir(opts.dataDir), out: opts.out, days });
        process.stdout.write(`${result.file}\n`);
        process.stderr.write(
          `support bundle: ${result.logs.length} log file(s), ${mb(result.bytes)}; secrets redacted, no customer content\n`,
        );
      }),
    );
}
