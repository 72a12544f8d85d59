import {
  closeSync,
  chownSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  chmodSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface Owner {
  uid: number;
  gid: number;
}

export interface WriteOutcome {
  path: string;
  /** created, updated (content), fixed (mode or owner only) or unchanged. */
  result: 'created' | 'updated' | 'fixed' | 'unchanged';
}

/**
 * Writes a file so that a reader — or a crash, or Ctrl-C — sees either the old content or the new, never half:
 * a temp file in the same directory, fsynced, then renamed over the target, then the directory fsynced so the
 * rename itself survives power loss. Equal content is not rewritten; only mode and owner are corrected.
 */
export function writeFileAtomic(
  path: string,
  content: string,
  opts: { mode: number; owner?: Owner | null },
): WriteOutcome {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && readFileSync(path, 'utf8') === content) {
    const st = statSync(path);
    let fixed = false;
    if ((st.mode & 0o7777) !== opts.mode) {
      chmodSync(path, opts.mode);
      fixed = true;
    }
    if (opts.owner && (st.uid !== opts.owner.uid || st.gid !== opts.owner.gid)) {
      chownSync(path, opts.owner.uid, opts.owner.gid);
      fixed = true;
    }
    return { path, result: fixed ? 'fixed' : 'unchanged' };
  }
  const existed = existsSync(path);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // The temp file is born with its final mode: a secret is never readable by others, not even for a moment.
  const fd = openSync(temp, 'wx', opts.mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(temp);
    throw err;
  }
  closeSync(fd);
  try {
    chmodSync(temp, opts.mode); // the umask may have narrowed the mode given to open
    if (opts.owner) chownSync(temp, opts.owner.uid, opts.owner.gid);
    renameSync(temp, path);
  } catch (err) {
    if (existsSync(temp)) unlinkSync(temp);
    throw err;
  }
  const dirFd = openSync(dirname(path), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return { path, result: existed ? 'updated' : 'created' };
}

/** The settings the installer manages; every other key of an existing ondesk.json is kept as it is. */
export interface InstallerSettings {
  host: string;
  port: number;
  publicUrl?: string;
  smtpUrl?: string;
  mailFrom?: string;
  nodeId?: string;
  database?: 'sqlite' | 'postgres';
  databaseUrl?: string;
  filesDir?: string;
}

export function readJsonObject(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${path} must hold a JSON object`);
  return parsed as Record<string, unknown>;
}

/**
 * The config after an install: the existing file with the answered settings laid over it. An answer left out
 * (SMTP, public URL) keeps what is there — a re-run never drops the SMTP password the admin typed last time.
 */
export function mergeConfig(existing: Record<string, unknown>, settings: InstallerSettings): Record<string, unknown> {
  const next: Record<string, unknown> = { ...existing, host: settings.host, port: settings.port };
  for (const key of ['publicUrl', 'smtpUrl', 'mailFrom', 'nodeId', 'database', 'databaseUrl', 'filesDir'] as const)
    if (settings[key] !== undefined) next[key] = settings[key];
  return next;
}

export const configText = (config: Record<string, unknown>) => `${JSON.stringify(config, null, 2)}\n`;

export function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** Writes <data dir>/ondesk.json: mode 0640, owned by root and the service group (the desk reads, cannot rewrite). */
export function writeConfig(
  path: string,
  settings: InstallerSettings,
  owner: Owner | null,
): WriteOutcome & { changedKeys: string[] } {
  const before = readJsonObject(path);
  const after = mergeConfig(before, settings);
  const outcome = writeFileAtomic(path, configText(after), { mode: 0o640, owner });
  return { ...outcome, changedKeys: changedKeys(before, after) };
}
