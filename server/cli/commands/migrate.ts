import type { Command } from 'commander';
import type { MigrationResultSet } from 'kysely';
import { migrateAsOneNode } from '../../cluster/index.js';
import { resolveDataDir } from '../../config/config.js';
import { migrateDown, migrateToLatest, migrationStatus } from '../../db/migrator.js';
import { openInstallation } from '../../installation.js';
import { action, CliError } from '../command-kit.js';
import { rebuildProgress } from '../../modules/search/index.js';

export function registerMigrate(program: Command) {
  program
    .command('migrate [direction]')
    .description('apply migrations: up (default), down (one step back) or status')
    .option('--data-dir <dir>', 'data directory')
    .action(
      action(async (direction: string | undefined, opts: { dataDir?: string }) => {
        const dir = direction ?? 'up';
        if (!['up', 'down', 'status'].includes(dir))
          throw new CliError(`unknown direction "${dir}": use up, down or status`);
        const inst = await openInstallation({ dataDir: resolveDataDir(opts.dataDir), migrate: false });
        try {
          if (dir === 'status') {
            for (const m of await migrationStatus(inst.database.db))
              process.stdout.write(
                `${m.executedAt ? 'applied' : 'pending'}  ${m.name}${m.executedAt ? `  ${m.executedAt}` : ''}\n`,
              );
            return;
          }
          const db = inst.database.db;
          let result: MigrationResultSet = {};
          // Up: refused on a database a newer Ondesk upgraded, and one process at a time (server/cluster/schema-guard.ts).
          if (dir === 'up')
            await migrateAsOneNode(db, async () => {
              result = await migrateToLatest(db);
            });
          else result = await migrateDown(db);
          const done = result.results ?? [];
          if (done.length === 0) process.stdout.write(dir === 'up' ? 'already up to date\n' : 'nothing to roll back\n');
          for (const r of done)
            process.stdout.write(`${r.direction === 'Up' ? 'applied' : 'rolled back'}  ${r.migrationName}\n`);
          // An upgrade that rebuilds the search index leaves the work to the running desk: say so, and how much.
          const rebuild = dir === 'up' ? await rebuildProgress(inst.ctx()) : null;
          if (rebuild)
            process.stdout.write(
              `search index: ${rebuild.total.toLocaleString('en-US')} rows (tickets, comments, clients, contacts) to index; ` +
                'the desk does it in the background, newest first, and logs its progress every 5 s\n',
            );
        } finally {
          await inst.close();
        }
      }),
    );
}
