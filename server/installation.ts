import type { Logger } from 'pino';
import { join } from 'node:path';
import { loadConfig, type Config } from './config/config.js';
import { openDatabase, type DatabaseHandle } from './db/connection.js';
import { migrateToLatest } from './db/migrator.js';
import { createLogger } from './logger.js';
import { systemActor, type Actor, type Ctx } from './context.js';
import { systemClock, type Clock } from './shared/clock.js';
import { deriveNodeId, readMachineId } from './modules/licensing/index.js';
import { getSetting } from './modules/licensing/licensing.repository.js';
import { licenseSeatGuard } from './modules/licensing/index.js';
import { setSeatGuard } from './modules/agents/index.js';
import { registerAgreementHooks } from './modules/agreements/index.js';
import { recomputeAgreementTickets } from './modules/sla/index.js';
import { slaTermsChanged } from './modules/sla/index.js';
// Ticket events become notifications whichever entry point (HTTP, CLI, mail intake) changes a ticket.
import './modules/notifications/notifications.service.js';

// Every installation enforces its license's seats, whichever entry point (HTTP, CLI, job) adds an agent.
setSeatGuard(licenseSeatGuard);
// Open tickets follow their agreement's terms: a changed SLA matrix, calendar or warning share recomputes them.
registerAgreementHooks({
  afterTermsChanged: async (tx, agreementId) => {
    slaTermsChanged();
    await recomputeAgreementTickets(tx, agreementId);
  },
  afterStatusChanged: async () => slaTermsChanged(),
});

/** An opened data dir: its config, database and log. Shared by `serve`, the other CLI commands and tests. */
export interface Installation {
  config: Config;
  database: DatabaseHandle;
  log: Logger;
  clock: Clock;
  /** This node's id: configured (`nodeId`), else derived from the machine id and the installation id. */
  nodeId: string;
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
  // Unmigrated (`migrate status` before the first start): no installation id yet; the id is only shown then.
  const installationId = (await getSetting(database.db, 'installation_id').catch(() => undefined)) ?? 'unmigrated';
  const nodeId = config.nodeId ?? deriveNodeId(installationId, readMachineId());
  return {
    config,
    database,
    log,
    clock,
    nodeId,
    ctx: (actor = systemActor()) => ({
      actor,
      db: database.db,
      clock,
      log,
      writes: database.writes,
      dataDir: config.dataDir,
      nodeId,
    }),
    async close() {
      await database.close();
      await new Promise<void>((resolve) => log.flush(() => resolve()));
    },
  };
}
