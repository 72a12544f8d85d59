import { readFileSync } from 'node:fs';
import { resolveDataDir } from '../config/config.js';
import { openInstallation, type Installation } from '../installation.js';

/** An error meant for the person at the terminal: printed alone on stderr, exit code `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export const dataDirOption = [
  '--data-dir <dir>',
  'the installation data directory (default ./data or ONDESK_DATA_DIR)',
] as const;

/** Runs a command body; every failure becomes one line on stderr and a non-zero exit code. */
export function action<A extends unknown[]>(body: (...args: A) => Promise<void> | void) {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (err) {
      const e = err as Error & { exitCode?: number; status?: number };
      process.stderr.write(`ondesk: ${e.message}\n`);
      process.exitCode = e instanceof CliError ? e.exitCode : e.status && e.status < 500 ? 2 : 1;
    }
  };
}

/** Opens the data dir for a one-shot command, runs `work`, closes everything. */
export async function withInstallation<T>(
  dataDir: string | undefined,
  work: (inst: Installation) => Promise<T>,
): Promise<T> {
  const inst = await openInstallation({ dataDir: resolveDataDir(dataDir) });
  try {
    return await work(inst);
  } finally {
    await inst.close();
  }
}

/** Reads a secret from a file, or from stdin for "-" — never from argv, which `ps` shows to everyone. */
export function readSecretFile(path: string): string {
  const text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  return text.replace(/\r?\n$/, '');
}

export const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
