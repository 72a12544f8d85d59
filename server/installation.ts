import type { Logger } from 'pino';
import { join } from 'node:path';
import { filesDirOf, loadConfig, type Config } from './config/config.js';
import { openDatabase, type DatabaseHandle } from './db/connection.js';
import { openPostgres } from './db/postgres.js';
import { fsyncPath, type DurablePath } from './db/durability.js';
import { migrateToLatest } from './db/migrator.js';
import { migrateAsOneNode } from './cluster/schema-guard.js';
import { createLogger } from './logger.js';
import { systemActor, type Actor, type Ctx } from './context.js';
import { systemClock, type Clock } from './shared/clock.js';
import { deriveNodeId, readMachineId, installationIdOf } from './modules/licensing/index.js';
import type { DomainEvents, Subscription } from './events/event-bus.js';
import { wireEvents } from './wiring.js';

/** An opened data dir: its config, database and log. Shared by `serve`, the other CLI commands and tests. */
export interface Installation {
  config: Config;
  database: DatabaseHandle;
  log: Logger;
  clock: Clock;
  /** This node's id: configured (`nodeId`), else derived from the machine id and the installation id. */
  nodeId: string;
  /** Who reacts to which domain event (server/wiring.ts). */
  events: DomainEvents;
  ctx(actor?: Actor): Ctx;
  close(): Promise<void>;
}

/** Connections to PostgreSQL one node keeps (ONDESK_DATABASE_POOL); the server's max_connections bounds all nodes' sum. */
const DEFAULT_POOL = 10;

export function databaseFile(dataDir: string) {
  return join(dataDir, 'ondesk.db');
}

export async function openInstallation(options: {
  dataDir: string;
  overrides?: Parameters<typeof loadConfig>[0]['overrides'];
  logToStdout?: boolean;
  clock?: Clock;
  /** How stored files are made durable (tests inject a slow or counting one). */
  durable?: DurablePath;
  migrate?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Subscribers added after the wiring's own (tests listen to domain events with them). */
  subscriptions?: readonly Subscription[];
}): Promise<Installation> {
  const config = loadConfig({ dataDir: options.dataDir, overrides: options.overrides, env: options.env });
  const log = createLogger({ dataDir: config.dataDir, level: config.logLevel, stdout: options.logToStdout ?? false });
  const database =
    config.database === 'postgres'
      ? openPostgres({ url: config.databaseUrl!, poolSize: config.databasePool ?? DEFAULT_POOL })
      : openDatabase(databaseFile(config.dataDir));
  // A node older than the database refuses here; migrations run one node at a time (server/cluster/schema-guard.ts).
  if (options.migrate !== false) await migrateAsOneNode(database.db, () => migrateToLatest(database.db));
  const clock = options.clock ?? systemClock;
  // Unmigrated (`migrate status` before the first start): no installation id yet; the id is only shown then.
  const installationId = (await installationIdOf(database.db).catch(() => undefined)) ?? 'unmigrated';
  const nodeId = config.nodeId ?? deriveNodeId(installationId, readMachineId());
  const events = wireEvents(config, options.subscriptions);
  const filesDir = filesDirOf(config);
  return {
    config,
    database,
    log,
    clock,
    nodeId,
    events,
    ctx: (actor = systemActor()) => ({
      actor,
      db: database.db,
      clock,
      log,
      writes: database.writes,
      dataDir: config.dataDir,
      filesDir,
      nodeId,
      events,
      durable: options.durable ?? fsyncPath,
    }),
    async close() {
      await database.close();
      await new Promise<void>((resolve) => log.flush(() => resolve()));
    },
  };
}
