#!/usr/bin/env node
// Builds the product: compiles TypeScript with tsc and vendors the UI's ES modules from node_modules
// (appliances run offline, so the UI never loads code from a CDN).
// `--if-needed` skips the compile when dist/ is newer than every source file and trusts the same keys.
// `--out-dir DIR` builds into DIR instead of dist/ (tests build a staging build beside the dist/ others use;
// DIR must lie inside the checkout so the build finds node_modules).
// ONDESK_BUILD_TRUST_KEYS=<public JWK set file> makes a vendor staging build (bin/build-trust-keys.mjs).
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync as writeFile,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  TrustKeysError,
  checkAgainstProductKeys,
  productKeyIds,
  readTrustKeys,
  stagingKeysModule,
  trustKeysFingerprint,
} from './build-trust-keys.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDirs = ['server', 'migrations', 'installer', 'licenses', 'test'];
const outDirAt = process.argv.indexOf('--out-dir');
if (outDirAt !== -1 && !process.argv[outDirAt + 1]) {
  process.stderr.write('build: --out-dir needs a directory\n');
  process.exit(1);
}
const outDir = outDirAt === -1 ? join(root, 'dist') : resolve(process.argv[outDirAt + 1]);
const stamp = join(outDir, '.build-stamp');

// The extra keys are checked before anything is compiled: a refused key set leaves the previous build as it was.
let trustKeys;
try {
  trustKeys = readTrustKeys();
  if (trustKeys)
    checkAgainstProductKeys(trustKeys, productKeyIds(readFileSync(join(root, 'licenses', 'product-keys.ts'), 'utf8')));
} catch (err) {
  if (!(err instanceof TrustKeysError)) throw err;
  process.stderr.write(`build refused: ${err.message}\n`);
  process.exit(2);
}
const trustFingerprint = trustKeysFingerprint(trustKeys);

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const vendored = [
  ['preact/dist/preact.mjs', 'preact.mjs'],
  ['preact/hooks/dist/hooks.mjs', 'hooks.mjs'],
  ['htm/dist/htm.mjs', 'htm.mjs'],
  // Report charts: the same library the server renders mailed charts with (server/modules/reports/render/).
  ['echarts/dist/echarts.esm.min.mjs', 'echarts.mjs'],
];

function vendorUi() {
  const out = join(root, 'ui', 'vendor');
  mkdirSync(out, { recursive: true });
  for (const [from, to] of vendored) copyFileSync(join(root, 'node_modules', from), join(out, to));
}

// Files the compiled server reads next to its code (the PDF fonts): tsc copies only .ts and imported .json.
function copyServerAssets() {
  cpSync(join(root, 'server', 'assets'), join(outDir, 'server', 'assets'), { recursive: true });
}

/** The stamp's record of the keys a build trusts beyond the product's ("none" for a normal build). */
function stampedTrust() {
  const line = readFileSync(stamp, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('trust-keys: '));
  return line ? line.slice('trust-keys: '.length) : 'none';
}

/** Bakes the staging keys into the compiled licenses/staging-keys.js (tsc emitted it with none). */
function bakeStagingKeys() {
  const compiled = join(outDir, 'licenses', 'staging-keys.js');
  const emitted = readFileSync(compiled, 'utf8');
  if (emitted.split('export const stagingKeys = [];').length !== 2)
    throw new TrustKeysError(`${compiled} is not the empty key list the build expects to replace`);
  writeFile(compiled, stagingKeysModule(trustKeys));
  rmSync(`${compiled}.map`, { force: true });
  process.stderr.write(
    `build: STAGING build — besides the product keys it trusts ${trustKeys.map((k) => k.kid).join(', ')}\n`,
  );
}

const ifNeeded = process.argv.includes('--if-needed');
const sourcesNewest = Math.max(
  ...sourceDirs.map((d) => newestMtime(join(root, d))),
  statSync(join(root, 'tsconfig.json')).mtimeMs,
  statSync(join(root, 'package.json')).mtimeMs,
);
const upToDate = existsSync(stamp) && statSync(stamp).mtimeMs >= sourcesNewest && stampedTrust() === trustFingerprint;
if (!ifNeeded || !upToDate) {
  // A build that stops half-way must not pass for a complete one (of either kind) on the next --if-needed.
  rmSync(stamp, { force: true });
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'typescript-native', 'bin', 'tsc'),
      '-p',
      join(root, 'tsconfig.json'),
      '--outDir',
      outDir,
    ],
    {
      stdio: 'inherit',
    },
  );
  const { writeFileSync } = await import('node:fs');
  // The build date, stamped into the product: a license accepts only builds released before its
  // upgrades_until. SOURCE_DATE_EPOCH (reproducible builds) wins over the clock.
  const builtAt = process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date();
  if (trustKeys) {
    try {
      bakeStagingKeys();
    } catch (err) {
      if (!(err instanceof TrustKeysError)) throw err;
      // The compiled output is a normal build again: tsc wrote the empty key list, no stamp says otherwise.
      process.stderr.write(`build refused: ${err.message}\n`);
      process.exit(2);
    }
  }
  writeFileSync(join(outDir, 'build-info.json'), `${JSON.stringify({ builtAt: builtAt.toISOString() })}\n`);
  writeFileSync(stamp, `${new Date().toISOString()}\ntrust-keys: ${trustFingerprint}\n`);
}
copyServerAssets();
vendorUi();
