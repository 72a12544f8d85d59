import type { Command } from 'commander';
import { createServer } from 'node:net';
import { resolveDataDir } from '../../config/config.js';
import { openInstallation } from '../../installation.js';
import { buildApp } from '../../app.js';
import { guardConnections } from '../../http/connection-guard.js';
import { demoLoginOf, seedDemoIfEmpty } from '../../demo/seed.js';
import { action, CliError } from '../command-kit.js';
import { startJobs } from '../../jobs/scheduler.js';
import { removePidFile, writePidFile } from '../../ops/pid-file.js';
import { startMailReceivers } from '../../modules/inbound-mail/index.js';
import { startOutboxWorker } from '../../modules/notifications/index.js';
import { startSearchIndexer } from '../../modules/search/index.js';
import { startEventProcessors } from '../../events/event-processors.js';
import { startWebhookDeliveries } from '../../modules/webhooks/index.js';
import { startMemoryReducer } from '../../ops/memory-reducer.js';
import {
  clusterTiming,
  joinCluster,
  listenForCacheNotices,
  markAndCheckFilesDir,
  NodeRefused,
} from '../../cluster/index.js';

/** Why the port cannot be had, and what to do about it, in one line; other errors pass unchanged. */
export function listenRefusal(err: NodeJS.ErrnoException, host: string, port: number): Error {
  if (err.code === 'EADDRINUSE')
    return new CliError(
      `port ${port} on ${host} is already in use — stop the other process or choose --port (\`ss -ltnp 'sport = :${port}'\` shows who holds it)`,
      1,
    );
  if (err.code === 'EACCES')
    return new CliError(`this user may not listen on port ${port} on ${host} — choose --port 1024 or above`, 1);
  if (err.code === 'EADDRNOTAVAIL')
    return new CliError(`${host} is not an address of this machine — choose --host (127.0.0.1 or 0.0.0.0)`, 1);
  return err;
}

/**
 * Fails at once when the port is taken: building the app (every route's schema compiled) takes seconds on a busy
 * machine, and a supervisor should see a clash before that. The real listen still decides (another process may
 * take the port in between); this only makes the common mistake quick to see.
 */
async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('run the desk: HTTP server, UI and scheduled jobs')
    .option('--data-dir <dir>', 'data directory (default ./data or ONDESK_DATA_DIR)')
    .option('--port <n>', 'port to listen on (default 8080)')
    .option('--host <h>', 'address to bind (default 127.0.0.1)')
    .option('--demo', 'fill an empty installation with demo data')
    .option('--node-id <id>', "fix this node's id (containers whose machine id changes); see `ondesk node id`")
    .action(
      action(async (opts: { dataDir?: string; port?: string; host?: string; demo?: boolean; nodeId?: string }) => {
        const port = opts.port === undefined ? undefined : Number(opts.port);
        if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
          throw new CliError(`--port must be a number from 0 to 65535, not "${opts.port}"`);
        const inst = await openInstallation({
          dataDir: resolveDataDir(opts.dataDir),
          overrides: { port, host: opts.host, ...(opts.nodeId !== undefined && { nodeId: opts.nodeId }) },
          logToStdout: true,
        });
        try {
          await assertPortFree(inst.config.host, inst.config.port);
        } catch (err) {
          await inst.close();
          setTimeout(() => process.exit(process.exitCode ?? 1), 1000).unref();
          throw listenRefusal(err as NodeJS.ErrnoException, inst.config.host, inst.config.port);
        }
        // Several nodes on one database: this node joins only if the license and the live nodes allow it. Before the
        // app is built (seconds), so a refused node says why at once; and before listening, so it never serves.
        let membership;
        try {
          membership = await joinCluster(inst, {
            address: `${inst.config.host}:${inst.config.port}`,
          });
        } catch (err) {
          await inst.close();
          setTimeout(() => process.exit(process.exitCode ?? 1), 1000).unref();
          throw err instanceof NodeRefused ? new CliError(`this node may not start: ${err.message}`, 1) : err;
        }
        // Several nodes on PostgreSQL: a cache another node's change made stale is forgotten here once it commits.
        const cacheNotices =
          inst.config.database === 'postgres'
            ? listenForCacheNotices({ url: inst.config.databaseUrl!, log: inst.log })
            : null;
        await cacheNotices?.listening();
        // Several nodes keep their files in one directory they all mount: say at once when one does not see it.
        if (inst.config.database === 'postgres') {
          const files = await markAndCheckFilesDir(inst.ctx(), clusterTiming(inst.config).liveMs);
          for (const problem of files.problems)
            inst.log.warn(`files: ${problem}; every node must mount the same filesDir (ONDESK_FILES_DIR)`);
          inst.log.info(`files: ${inst.ctx().filesDir}, shared by ${files.shared.join(', ')}`);
        }
        if (opts.demo) await seedDemoIfEmpty(inst);
        const demo = opts.demo ? await demoLoginOf(inst) : null;
        const app = await buildApp({ installation: inst });
        guardConnections(app.server, inst.config);
        let address: string;
        try {
          address = await app.listen({ port: inst.config.port, host: inst.config.host });
        } catch (err) {
          await app.close().catch(() => undefined);
          await membership.leave();
          await cacheNotices?.stop();
          await inst.close();
          // Whatever a module left open, a desk that cannot listen must end now, so its supervisor sees the failure.
          setTimeout(() => process.exit(process.exitCode ?? 1), 1000).unref();
          throw listenRefusal(err as NodeJS.ErrnoException, inst.config.host, inst.config.port);
        }
        // Background work starts only once the port is ours: a second copy started by mistake must neither run
        // the jobs nor drain the outbox of the data dir the first one serves.
        const stopJobs = startJobs(inst);
        const stopOutbox = startOutboxWorker(inst);
        const stopIndexer = startSearchIndexer(inst);
        const stopEventProcessors = startEventProcessors(inst);
        const stopWebhooks = startWebhookDeliveries(inst);
        const memoryReducer = startMemoryReducer(
          undefined,
          (heap) =>
            inst.log.info({ heap }, 'memory: the heap a burst left behind was collected while the desk was quiet'),
          () => inst.database.releaseMemory(),
        );
        // Mail is accepted only once the desk can serve the tickets it makes.
        const mail = await startMailReceivers(inst);
        const url = address.replace('://[::1]', '://localhost');
        // Lets restore and upgrade see that this data dir is live (see ops/pid-file.ts).
        writePidFile(
          inst.config.dataDir,
          app.server.address() && typeof app.server.address() === 'object'
            ? (app.server.address() as { port: number }).port
            : null,
        );
        process.on('exit', () => removePidFile(inst.config.dataDir));
        // One write: whoever waits for the URL (a supervisor, a test) reads the demo login with it, even if it
        // stops the desk the moment the URL appears.
        const demoLine = demo
          ? `Demo login: ${demo.email} / ${demo.password}\n`
          : opts.demo
            ? 'No demo data: this desk already had its own agents; sign in with your own account.\n'
            : '';
        process.stderr.write(`\nOndesk is running at ${url}\n${demoLine}\n`);

        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          inst.log.info({ signal }, 'shutting down: finishing requests');
          const force = setTimeout(() => process.exit(1), 15_000);
          force.unref();
          await stopJobs();
          await membership.leave();
          await mail.stop(); // no new mail; a message being filed finishes first
          await stopOutbox();
          await stopIndexer();
          await stopEventProcessors();
          await stopWebhooks();
          memoryReducer.stop();
          await app.close(); // stops accepting, waits for in-flight requests
          await cacheNotices?.stop();
          await inst.close();
          process.exit(0);
        };
        process.on('SIGTERM', () => void stop('SIGTERM'));
        process.on('SIGINT', () => void stop('SIGINT'));
      }),
    );
}
