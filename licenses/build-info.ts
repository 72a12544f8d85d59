import { readFileSync } from 'node:fs';

/**
 * When this build was made: `bin/build.mjs` stamps `dist/build-info.json`. A license's `upgrades_until`
 * is compared with it, so a build released after a customer's upgrade window refuses that license.
 */
function readBuildDate(): number {
  for (const candidate of ['../build-info.json', '../dist/build-info.json']) {
    try {
      const info = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { builtAt?: string };
      const at = Date.parse(info.builtAt ?? '');
      if (!Number.isNaN(at)) return at;
    } catch {
      // not this location; the next one, or running from unbuilt sources
    }
  }
  // Unbuilt sources (development): as if built now.
  return Date.now();
}

export const buildDate: number = readBuildDate();
