import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The release an installation runs: the application files copied into the install dir, so the service never
 * depends on the checkout or unpacked archive `ondesk install` was started from (which may be moved, rebuilt
 * or deleted afterwards).
 */
export interface ReleaseInfo {
  /** The directory holding bin/ondesk.js and dist/ that the installer runs from. */
  source: string;
  version: string;
  /** Version and build time: a rebuilt release is copied again, the same one is left alone. */
  id: string;
}

/** Written last into a copied release: its presence says the copy is complete. */
export const RELEASE_MARKER = 'release.json';
/** What a running desk needs; sources, tests and development tools stay behind. */
const RELEASE_PARTS = ['package.json', 'bin', 'dist', 'ui'];

export function readRelease(source: string): ReleaseInfo | { problem: string } {
  const buildInfo = join(source, 'dist', 'build-info.json');
  if (!existsSync(buildInfo))
    return { problem: `${source} is not built (no dist/build-info.json): run \`npm run build\` there first` };
  const { builtAt } = JSON.parse(readFileSync(buildInfo, 'utf8')) as { builtAt: string };
  const { version } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { version: string };
  return { source, version, id: `${version}+${builtAt}` };
}

export function installedReleaseId(target: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(target, RELEASE_MARKER), 'utf8')) as { id: string }).id;
  } catch {
    return null;
  }
}

/**
 * The packages a running desk loads: the lockfile's non-dev entries (each nested node_modules is an entry of its
 * own). Without a lockfile (an archive already pruned to production) every package is taken.
 */
function productionPackages(source: string): string[] | 'all' {
  const lockFile = join(source, 'package-lock.json');
  if (!existsSync(lockFile)) return 'all';
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as {
    packages?: Record<string, { dev?: boolean; link?: boolean }>;
  };
  return Object.entries(lock.packages ?? {})
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.link)
    .map(([path]) => path)
    .filter((path) => existsSync(join(source, path))); // optional packages for other platforms are absent
}

function copyTree(from: string, to: string, skip: (path: string) => boolean = () => false) {
  // verbatimSymlinks: a link inside a package keeps pointing inside the copy, never back into the source.
  cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter: (path) => !skip(path) });
}

/**
 * Copies the release into `target` unless that very release is there already. The copy is made beside the
 * target and renamed over it, so a crash leaves the previous release whole, never half of each.
 */
export function copyRelease(release: ReleaseInfo, target: string): 'created' | 'updated' | 'unchanged' {
  if (resolve(release.source) === resolve(target) || installedReleaseId(target) === release.id) return 'unchanged';
  const suffix = randomBytes(4).toString('hex');
  const staging = join(dirname(target), `.${basename(target)}.new-${suffix}`);
  try {
    for (const part of RELEASE_PARTS)
      copyTree(
        join(release.source, part),
        join(staging, part),
        (path) => path === join(release.source, 'dist', 'test'),
      );
    const packages = productionPackages(release.source);
    if (packages === 'all') copyTree(join(release.source, 'node_modules'), join(staging, 'node_modules'));
    else
      for (const pkg of packages)
        copyTree(
          join(release.source, pkg),
          join(staging, pkg),
          (path) => path === join(release.source, pkg, 'node_modules'),
        );
    writeFileSync(join(staging, RELEASE_MARKER), `${JSON.stringify({ version: release.version, id: release.id })}\n`);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const existed = existsSync(target);
  const previous = join(dirname(target), `.${basename(target)}.old-${suffix}`);
  if (existed) renameSync(target, previous);
  renameSync(staging, target);
  rmSync(previous, { recursive: true, force: true });
  return existed ? 'updated' : 'created';
}
