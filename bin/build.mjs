#!/usr/bin/env node
// Builds the product: compiles TypeScript with tsc and vendors the UI's ES modules from node_modules
// (appliances run offline, so the UI never loads code from a CDN).
// `--if-needed` skips the compile when dist/ is newer than every source file.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDirs = ['server', 'migrations', 'installer', 'licenses', 'test'];
const stamp = join(root, 'dist', '.build-stamp');

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
  cpSync(join(root, 'server', 'assets'), join(root, 'dist', 'server', 'assets'), { recursive: true });
}

const ifNeeded = process.argv.includes('--if-needed');
const sourcesNewest = Math.max(
  ...sourceDirs.map((d) => newestMtime(join(root, d))),
  statSync(join(root, 'tsconfig.json')).mtimeMs,
  statSync(join(root, 'package.json')).mtimeMs,
);
const upToDate = existsSync(stamp) && statSync(stamp).mtimeMs >= sourcesNewest;
if (!ifNeeded || !upToDate) {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript-native', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')],
    {
      stdio: 'inherit',
    },
  );
  const { writeFileSync } = await import('node:fs');
  // The build date, stamped into the product: a license accepts only builds released before its
  // upgrades_until. SOURCE_DATE_EPOCH (reproducible builds) wins over the clock.
  const builtAt = process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date();
  writeFileSync(join(root, 'dist', 'build-info.json'), `${JSON.stringify({ builtAt: builtAt.toISOString() })}\n`);
  writeFileSync(stamp, new Date().toISOString());
}
copyServerAssets();
vendorUi();
