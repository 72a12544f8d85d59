import type { Command } from 'commander';
import { resolveDataDir } from '../../config/config.js';
import { CopyRefused, DEFAULT_BATCH, migrateToPostgres, type CopyReport } from '../../ops/migrate-to-postgres.js';
import { action, CliError, dataDirOption } from '../command-kit.js';

/** The end of a copy: one line per table with both row counts and checksums, and what was not copied. */
export function copyTable(report: CopyReport): string {
  const rows = [
    ['TABLE', 'SQLITE ROWS', 'POSTGRES ROWS', 'SHA256 (SQLITE)', 'SHA256 (POSTGRES)', 'RESULT'],
    ...report.tables.map((t) => [
      t.table,
      String(t.sourceRows),
      String(t.targetRows),
      t.sourceChecksum.slice(0, 16),
      t.targetChecksum.slice(0, 16),
      t.match ? 'ok' : 'MISMATCH',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => `${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}\n`);
  const byReason = new Map<string, string[]>();
  for (const s of report.skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.table]);
  for (const [reason, tables] of byReason) lines.push(`not copied: ${tables.join(', ')} (${reason})\n`);
  return lines.join('');
}

export function registerDb(program: Command) {
  const cmd = program.command('db').description('the installation’s database');
  cmd
    .command('migrate-to-postgres')
    .description(
      'copy the SQLite database into an empty PostgreSQL database with row counts and checksums per table (resumable; the SQLite file is only read)',
    )
    .option(...dataDirOption)
    .option(
      '--to <url>',
      'the PostgreSQL database: postgres://user:password@host:5432/ondesk (default ONDESK_DATABASE_URL)',
    )
    .option('--batch <n>', 'rows per transaction on the target', String(DEFAULT_BATCH))
    .option('--switch', 'once every table matches, set database: postgres and databaseUrl in ondesk.json')
    .action(
      action(async (opts: { dataDir?: string; to?: string; batch: string; switch?: boolean }) => {
        // The URL may carry a password: ONDESK_DATABASE_URL keeps it out of the process list `ps` shows everyone.
        const to = opts.to ?? process.env.ONDESK_DATABASE_URL;
        if (!to) throw new CliError('say where to copy: --to postgres://user:password@host:5432/ondesk');
        const batch = Number(opts.batch);
        if (!/^\d+$/.test(opts.batch) || batch < 1 || batch > 100_000)
          throw new CliError(`--batch must be a whole number from 1 to 100000, not "${opts.batch}"`);
        const dataDir = resolveDataDir(opts.dataDir);
        const report = await migrateToPostgres({
          dataDir,
          to,
          batch,
          switchConfig: opts.switch === true,
          say: (line) => process.stderr.write(`${line}\n`),
        }).catch((err: Error) => {
          throw new CliError(err.message, err instanceof CopyRefused ? 2 : 1);
        });
        process.stdout.write(copyTable(report));
        const rows = report.tables.reduce((n, t) => n + t.targetRows, 0);
        if (!report.ok) {
          const bad = report.tables.filter((t) => !t.match).map((t) => t.table);
          process.stderr.write(
            `ondesk: ${bad.length} table(s) differ after the copy (${bad.join(', ')}): the target was left as it is for inspection; drop and recreate it, then copy again\n`,
          );
          process.exitCode = 1;
          return;
        }
        process.stdout.write(
          `copied ${report.tables.length} tables, ${rows} rows, into ${report.target}${report.resumed ? ' (resumed)' : ''}: every row count and checksum matches\n`,
        );
        process.stdout.write(
          report.switched
            ? `ondesk.json now says database: postgres; the SQLite file stays in ${dataDir} untouched; start the desk\n`
            : 'ondesk.json is unchanged: to run on PostgreSQL set database: postgres and databaseUrl (or run again with --switch)\n',
        );
        process.stdout.write('the search index is rebuilt by the desk in the background after it starts\n');
      }),
    );
}
