import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout: this file is test/helpers/cli-command.ts, or dist/test/helpers/cli-command.js in a build. */
const checkout = fileURLToPath(
  new URL(/\/dist\/test\/helpers\/[^/]+$/.test(import.meta.url) ? '../../..' : '../..', import.meta.url),
);
const dist = join(checkout, 'dist');
/** What bin/build.mjs compiles, and so what makes dist/ stale when it changes. */
const SOURCE_DIRS = ['server', 'migrations', 'installer', 'licenses', 'test'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Whether dist/ holds a normal build (no staging keys) of the sources as they are: bin/build.mjs's own test
 * for `--if-needed`. `npm test` builds first, so there it holds; a test run by hand after an edit does not.
 */
function buildIsCurrent(): boolean {
  const stamp = join(dist, '.build-stamp');
  if (!existsSync(stamp) || !existsSync(join(dist, 'server', 'cli', 'main.js'))) return false;
  if (!readFileSync(stamp, 'utf8').includes('\ntrust-keys: none\n')) return false;
  const sourcesNewest = Math.max(
    ...SOURCE_DIRS.map((dir) => newestMtime(join(checkout, dir))),
    statSync(join(checkout, 'tsconfig.json')).mtimeMs,
    statSync(join(checkout, 'package.json')).mtimeMs,
  );
  return statSync(stamp).mtimeMs >= sourcesNewest;
}

let current: boolean | undefined;

/**
 * How a test starts a script of the project in a process of its own (`script`: its path without the extension,
 * as `server/cli/main`): a command and its arguments for spawn. The compiled script when the build is current,
 * else the sources through tsx, so a test never runs a stale build (`npm test` builds first). And without the
 * test runner's NODE_OPTIONS: tap preloads its process tracker into every child process (for coverage, which
 * this suite does not collect), and that costs each start 1.3 s of CPU. The suite starts the CLI hundreds of
 * times: compiled and without the tracker, a start takes 0.9 s of CPU instead of about 4. `trustTestKeys`: the
 * process trusts the test license keys (helpers/trust-test-keys.ts), of the same build.
 */
export function scriptCommand(
  script: string,
  opts: { trustTestKeys?: boolean } = {},
): [command: string, args: string[]] {
  // ONDESK_TEST_CLI=sources: the sources through tsx whatever the build (to compare the two).
  current ??= process.env.ONDESK_TEST_CLI !== 'sources' && buildIsCurrent();
  const modules = opts.trustTestKeys ? ['test/helpers/trust-test-keys', script] : [script];
  const files = modules.map((module) => (current ? join(dist, `${module}.js`) : join(checkout, `${module}.ts`)));
  const nodeArgs = [
    ...(current ? [] : ['--import', 'tsx']),
    ...files.slice(0, -1).flatMap((file) => ['--import', file]),
    files.at(-1)!,
  ];
  // env(1) rather than an env option: tap's spawn hook puts its NODE_OPTIONS back into any env it is given.
  return ['/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, ...nodeArgs]];
}

/** How a test starts the `ondesk` CLI (see scriptCommand). */
export function cliCommand(opts: { trustTestKeys?: boolean } = {}): [command: string, args: string[]] {
  return scriptCommand('server/cli/main', opts);
}
