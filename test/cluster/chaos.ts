import type { Test } from 'tap';
import { openInstallation, type Installation } from '../../server/installation.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { freshPostgresDatabase, tempDir } from '../helpers/installation.js';
import { freePort, licenseNodes, serveNode, serving, type ServingNode } from '../helpers/cluster.js';
import { trustTestKeys } from '../helpers/licenses.js';

export interface ChaosNode extends ServingNode {
  nodeId: string;
  url: string;
}

/**
 * A desk of several real `ondesk serve` processes on one fresh PostgreSQL database (one data dir, as nodes
 * mounting the same directory would), licensed for `nodeIds`. `setup` is this test process's own installation on
 * the same database, for seeding and for reading what the nodes did.
 */
export async function chaosDesk(t: Test, nodeIds: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  trustTestKeys();
  const database = await freshPostgresDatabase();
  const dir = tempDir(t);
  const env = { ONDESK_DATABASE: 'postgres', ONDESK_DATABASE_URL: database.url, ...extraEnv };
  const setup: Installation = await openInstallation({ dataDir: dir, env, overrides: { logLevel: 'warn' } });
  t.teardown(async () => {
    await setup.close();
    await database.drop();
  });
  await licenseNodes(setup, nodeIds.length, nodeIds);
  return {
    setup,
    db: setup.database.db,
    /** Starts node `nodeId` and resolves once it serves. */
    async start(nodeId: string, more: NodeJS.ProcessEnv = {}): Promise<ChaosNode> {
      const port = await freePort();
      const node = serveNode(t, dir, nodeId, port, { ...env, ...more });
      await serving(node);
      return Object.assign(node, { nodeId, url: `http://127.0.0.1:${port}` });
    },
  };
}

/** An admin's API token (no rate limit of its own reachable under load) and an organization for tickets. */
export async function apiWriter(setup: Installation) {
  const ctx = setup.ctx();
  const admin = await createAgent(ctx, { email: 'chaos@test.ondesk', name: 'Chaos', role: 'admin', language: 'en' });
  const { token } = await createApiToken(ctx, { agentId: admin.id, name: 'chaos', rateLimitPerMinute: 1_000_000 });
  return { token, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } };
}

/** Seconds, to a tenth. */
export const seconds = (ms: number) => Math.round(ms / 100) / 10;
