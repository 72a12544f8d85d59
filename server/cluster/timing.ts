import type { Config } from '../config/config.js';
import { DEFAULT_LEASE_TTL_MS } from './leases.js';

/**
 * One setting paces the cluster: a lease lasts `clusterLeaseSeconds` (default 30) and is renewed every third of it,
 * and a node is live while its heartbeat, sent as often, is younger than the same time. So a node that dies loses its
 * leases, and counts as gone, within that time.
 */
export function clusterTiming(config: Pick<Config, 'clusterLeaseSeconds'>) {
  const leaseMs = config.clusterLeaseSeconds !== undefined ? config.clusterLeaseSeconds * 1000 : DEFAULT_LEASE_TTL_MS;
  return { leaseMs, renewMs: Math.max(500, Math.floor(leaseMs / 3)), liveMs: leaseMs };
}
