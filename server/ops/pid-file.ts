import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `serve` leaves <data dir>/ondesk.pid while it runs, so restore and upgrade can tell a live installation
 * (whose database they must not replace under it) from a stopped one. A stale file (kill -9, power loss)
 * names a process that no longer exists and is ignored.
 */
export const pidFile = (dataDir: string) => join(dataDir, 'ondesk.pid');

export interface RunningServer {
  pid: number;
  port: number | null;
}

export function writePidFile(dataDir: string, port: number | null): void {
  writeFileSync(pidFile(dataDir), `${JSON.stringify({ pid: process.pid, port })}\n`, { mode: 0o640 });
}

export function removePidFile(dataDir: string): void {
  try {
    const current = JSON.parse(readFileSync(pidFile(dataDir), 'utf8')) as { pid?: number };
    if (current.pid === process.pid) unlinkSync(pidFile(dataDir));
  } catch {
    // already gone, or another server's: leave it
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user (the service user) — still running.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function runningServer(dataDir: string): RunningServer | null {
  let parsed: { pid?: unknown; port?: unknown };
  try {
    parsed = JSON.parse(readFileSync(pidFile(dataDir), 'utf8'));
  } catch {
    return null;
  }
  if (typeof parsed.pid !== 'number' || parsed.pid === process.pid || !alive(parsed.pid)) return null;
  return { pid: parsed.pid, port: typeof parsed.port === 'number' ? parsed.port : null };
}
