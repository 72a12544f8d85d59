import type { Logger } from 'pino';
import { join } from 'node:path';
import { loadConfig, type Config } from './config/config.js';
import { openDatabase, type DatabaseHandle } from './db/connection.js';
import { migrateToLatest } from './db/migrator.js';
import { createLogger } from './logger.js';
import { systemActor, type Actor, type Ctx } from './context.js';
import { systemClock, type Clock } from './shared/clock.js';

/** An opened data dir: its config, database and log. Shared by `serve`, the other CLI commands and tests. */
export interface Installation {
  config: Config;
  database: DatabaseHandle;
  log: Logger;
  clock: Clock;
  ctx(actor?: Actor): Ctx;
  close(): Promise<void>;
}

export function databaseFile(dataDir: string) {
  return join(dataDir, 'ondesk.db');
}

export async function openInstallation(options: {
  dataDir: string;
  overrides?: Parameters<typeof loadConfig>[0]['overrides'];
  logToStdout?: boolean;
  clock?: Clock;
  migrate?: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<Installation> {
  const config = loadConfig({ dataDir: options.dataDir, overrides: options.overrides, env: options.env });
  const log = createLogger({ dataDir: config.dataDir, level: config.logLevel, stdout: options.logToStdout ?? false });
  const database = openDatabase(databaseFile(config.dataDir));
  if (options.migrate !== false) await migrateToLatest(database.db);
  const clock = options.clock ?? systemClock;
  return {
    config,
    database,
    log,
    clock,
    ctx: (actor = systemActor()) => ({
      actor,
      db: database.db,
      clock,
      log,
      writes: database.writes,
      dataDir: config.dataDir,
    }),
    async close() {
      await database.close();
      await new Promise<void>((resolve) => log.flush(() => resolve()));
    },
  };
}
