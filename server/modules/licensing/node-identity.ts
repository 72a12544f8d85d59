import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A node's id: a keyed hash of the machine id and the installation id. Stable across restarts and upgrades,
 * different for two installations on one machine, and it never reveals the machine id itself.
 */
export function deriveNodeId(installationId: string, machineId: string): string {
  return createHmac('sha256', installationId).update(machineId).digest('hex').slice(0, 32);
}

export const NODE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** systemd's machine id, else D-Bus's, else the host name (containers without either). */
export function readMachineId(): string {
  for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      const id = readFileSync(file, 'utf8').trim();
      if (id) return id;
    } catch {
      // not on this system; try the next source
    }
  }
  return `host:${hostname()}`;
}
