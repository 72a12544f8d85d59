import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { productRoot } from '../../server/shared/paths.js';

const script = join(productRoot, 'test', 'tools', 'pg-cluster.mjs');
let started: string | null = null;

/**
 * An admin URL of a PostgreSQL cluster for tests: ONDESK_TEST_PG_URL when set (CI starts one cluster for the
 * whole suite), else a private cluster this test process starts in a temp dir (PostgreSQL 15 of the Debian
 * package) and stops and removes when it exits.
 */
export function postgresAdminUrl(): string {
  const fromEnv = process.env.ONDESK_TEST_PG_URL;
  if (fromEnv) return fromEnv;
  if (started) return started;
  const dir = mkdtempSync(join(tmpdir(), 'ondesk-pg-'));
  const run = (command: string) =>
    execFileSync(process.execPath, [script, command, '--dir', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  started = run('start').trim();
  process.once('exit', () => {
    try {
      run('stop');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return started;
}
