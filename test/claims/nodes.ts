import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import { openInstallation, type Installation } from '../../server/installation.js';
import type { Clock } from '../../server/shared/clock.js';
import { freshPostgresDatabase, tempDir, testDialect } from '../helpers/installation.js';

/**
 * Two nodes of one desk: two installations with their own node ids on one database — one SQLite file, or one
 * PostgreSQL database when the suite runs on PostgreSQL (ONDESK_TEST_DATABASE=postgres) — and one data dir,
 * as nodes mounting the same directory would.
 */
export async function twoNodes(
  t: Test,
  opts: { clock?: Clock; env?: NodeJS.ProcessEnv; overrides?: Record<string, unknown> } = {},
): Promise<[Installation, Installation]> {
  const dataDir = tempDir(t);
  const postgres = testDialect === 'postgres' ? await freshPostgresDatabase() : null;
  const database = postgres && { database: 'postgres' as const, databaseUrl: postgres.url, databasePool: 4 };
  if (database) writeFileSync(join(dataDir, 'ondesk.json'), JSON.stringify(database));
  if (postgres) t.teardown(() => postgres.drop());
  const open = async (nodeId: string) => {
    const inst = await openInstallation({
      dataDir,
      clock: opts.clock,
      env: { ...opts.env, ONDESK_NODE_ID: nodeId },
      overrides: { logLevel: 'warn', ...opts.overrides, ...database },
    });
    t.teardown(() => inst.close());
    return inst;
  };
  const a = await open('node-a');
  return [a, await open('node-b')];
}
