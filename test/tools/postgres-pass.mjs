#!/usr/bin/env node
/**
 * The whole suite on PostgreSQL (`npm run test:postgres`): every test file that can run differently there, with
 * ONDESK_TEST_DATABASE=postgres, so each test installation gets a fresh database of its own. Left out: the
 * browser flows (they stay on SQLite), the PostgreSQL tests themselves (the dialect, the cluster's chaos tests,
 * search on both: the SQLite pass already runs them against PostgreSQL), and the files that never reach the
 * helpers choosing the database (see reachesDatabaseChoice): they would run exactly as in the SQLite pass. Uses the cluster ONDESK_TEST_PG_URL names, or starts a private
 * one (test/tools/pg-cluster.mjs) for the run and stops it afterwards. Arguments go to tap (`--jobs 3`, files).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testFilesUnder } from './run-tests.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cluster = join(root, 'test/tools/pg-cluster.mjs');
/** Test files the PostgreSQL pass leaves out (see above). */
const LEFT_OUT = [/^test\/ui\//, /\.browser\.test\.ts$/, /postgres/, /\/chaos-[^/]*$/, /\/dialects-[^/]*$/];

/** The test helpers that pick SQLite or PostgreSQL from ONDESK_TEST_DATABASE. */
const DATABASE_CHOICE = new Set(['test/helpers/installation.ts', 'test/claims/nodes.ts']);
/** What a test may import from them without using the choice (a temporary directory, the admin actor). */
const CHOICE_FREE_NAMES = new Set(['tempDir', 'adminActor']);

/** The test-side files a file imports (statically or dynamically) or starts as a script by its path. */
function testSideDependencies(file) {
  const source = readFileSync(join(root, file), 'utf8');
  const found = [];
  const add = (path) => {
    for (const candidate of [path, path.replace(/\.m?js$/, '.ts'), `${path}.ts`]) {
      const rel = relative(root, candidate);
      if (rel.startsWith('test/') && existsSync(candidate)) return void found.push(rel);
    }
  };
  for (const [, names, from] of source.matchAll(
    /\b(?:import|export)\s+([^'";]*?)\s*from\s*['"](\.{1,2}\/[^'"]+)['"]/g,
  )) {
    const target = resolve(dirname(join(root, file)), from);
    const imported = /^(?:type\s+)?\{([^}]*)\}$/.exec(names.trim())?.[1];
    const onlyChoiceFree =
      imported !== undefined &&
      imported
        .split(',')
        .map(
          (name) =>
            name
              .trim()
              .replace(/^type\s+/, '')
              .split(/\s+as\s+/)[0],
        )
        .every((name) => name === '' || CHOICE_FREE_NAMES.has(name));
    if (!onlyChoiceFree) add(target);
  }
  for (const [, from] of source.matchAll(/\bimport\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g))
    add(resolve(dirname(join(root, file)), from));
  for (const [, path] of source.matchAll(/['"`](test\/[\w/.-]+)['"`]/g)) add(join(root, path));
  return found;
}

/**
 * Whether a test file can run differently on PostgreSQL: only through the helpers that choose the database. A
 * file whose imports never reach one (pure logic, and the CLI and installer tests that make installations of
 * their own) runs the same in both passes, so the SQLite pass alone runs it. Server code never reads the
 * choice, so only files under test/ are followed.
 */
function reachesDatabaseChoice(file, seen = new Set()) {
  if (DATABASE_CHOICE.has(file)) return true;
  if (seen.has(file)) return false;
  seen.add(file);
  return testSideDependencies(file).some((dependency) => reachesDatabaseChoice(dependency, seen));
}

const args = process.argv.slice(2);
let files = [];
if (!args.some((a) => a.endsWith('.ts'))) {
  const candidates = testFilesUnder('test').filter((file) => !LEFT_OUT.some((pattern) => pattern.test(file)));
  files = candidates.filter((file) => reachesDatabaseChoice(file)).sort();
  console.log(
    `# PostgreSQL pass: ${files.length} test files; ${candidates.length - files.length} more never reach the database ` +
      `choice and run only in the SQLite pass`,
  );
}

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
const result = spawnSync(process.execPath, [join(root, 'test/tools/run-tests.mjs'), ...args, ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ONDESK_TEST_DATABASE: 'postgres' },
});
stopCluster();
process.exit(result.status ?? 1);
