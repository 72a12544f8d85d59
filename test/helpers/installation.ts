import type { Subscription } from '../../server/events/event-bus.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { openInstallation, type Installation } from '../../server/installation.js';
import type { Clock } from '../../server/shared/clock.js';
import type { Actor } from '../../server/context.js';
import type { DurablePath } from '../../server/db/durability.js';

export function tempDir(t: Test, prefix = 'ondesk-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real installation on a real SQLite file in a temp dir, closed and removed after the test. */
export async function testInstallation(
  t: Test,
  opts: { clock?: Clock; env?: NodeJS.ProcessEnv; durable?: DurablePath; subscriptions?: readonly Subscription[] } = {},
): Promise<Installation> {
  const dataDir = tempDir(t);
  const inst = await openInstallation({
    dataDir,
    clock: opts.clock,
    durable: opts.durable,
    env: opts.env ?? {},
    subscriptions: opts.subscriptions,
    overrides: { logLevel: 'warn' },
  });
  t.teardown(() => inst.close());
  return inst;
}

export const adminActor: Actor = { kind: 'agent', id: 1, role: 'admin', name: 'Admin', language: 'en' };
