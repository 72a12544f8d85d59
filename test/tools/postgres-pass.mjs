#!/usr/bin/env node
/**
 * The whole suite on PostgreSQL (`npm run test:postgres`): every test file but the browser flows (they stay on
 * SQLite) and the PostgreSQL tests themselves (the dialect, the cluster's chaos tests, search on both: the
 * SQLite pass already runs them against PostgreSQL), with ONDESK_TEST_DATABASE=postgres, so each test
 * installation gets a fresh database of its own. Uses the cluster ONDESK_TEST_PG_URL names, or starts a private
 * one (test/tools/pg-cluster.mjs) for the run and stops it afterwards. Arguments go to tap (`--jobs 3`, files).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cluster = join(root, 'test/tools/pg-cluster.mjs');
/** Test files the PostgreSQL pass leaves out (see above). */
const LEFT_OUT = [/^test\/ui\//, /postgres/, /\/chaos-[^/]*$/, /\/dialects-[^/]*$/];

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const args = process.argv.slice(2);
const files = args.some((a) => a.endsWith('.ts'))
  ? []
  : testFiles(join(root, 'test'))
      .filter((file) => !LEFT_OUT.some((pattern) => pattern.test(file)))
      .sort();

let stopCluster = () => {};
if (!process.env.ONDESK_TEST_PG_URL) {
  const dir = mkdtempSync(join(tmpdir(), 'ondesk-pg-pass-'));
  const run = (command) => execFileSync(process.execPath, [cluster, command, '--dir', dir], { encoding: 'utf8' });
  process.env.ONDESK_TEST_PG_URL = run('start').trim();
  stopCluster = () => {
    run('stop');
    rmSync(dir, { recursive: true, force: true });
  };
}
const result = spawnSync('npx', ['tap', ...args, ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ONDESK_TEST_DATABASE: 'postgres' },
});
stopCluster();
process.exit(result.status ?? 1);
