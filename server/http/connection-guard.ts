import type { Server } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * How long a client may take, and how many connections one source may hold. A request whose body never
 * comes, or drips a byte every few seconds, or a flood of idle connections from one address, would
 * otherwise hold descriptors until the desk can accept nobody — not even its own health check.
 */
export interface ConnectionLimits {
  /** The whole request, headers and body, must arrive within this (Node closes it with 408 after). */
  requestTimeoutMs: number;
  /** The headers must arrive within this. */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic at all (opened, never spoken on) is closed after this. */
  idleTimeoutMs: number;
  /** Connections one address may hold at once; more are closed at once. 0: no limit. */
  perSource: number;
}

export const defaultConnectionLimits: ConnectionLimits = {
  // Long enough for a 25 MB attachment at 2 Mbit/s; the headers alone must come much sooner.
  requestTimeoutMs: 120_000,
  headersTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  // An office behind one NAT address opens a few connections per browser: generous, but far below the
  // descriptors a process has (see `ulimit -n`).
  perSource: 1000,
};

/** What Fastify (and through it Node's http server) takes of the limits; timeouts are checked every second. */
export function serverTimeouts(limits: ConnectionLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: { connectionsCheckingInterval: 1000, headersTimeout: limits.headersTimeoutMs },
  };
}

/**
 * Closes a new connection at once when its address already holds `perSource`. `exempt` names addresses that
 * speak for many clients (the trusted reverse proxy): those are limited where the clients are known.
 */
export function capConnectionsPerSource(
  server: Server,
  perSource: number,
  exempt: (address: string) => boolean = () => false,
): void {
  if (perSource <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const source = socket.remoteAddress ?? 'unknown';
    if (exempt(source)) return;
    const count = (open.get(source) ?? 0) + 1;
    if (count > perSource) {
      socket.destroy();
      return;
    }
    open.set(source, count);
    socket.once('close', () => {
      const left = (open.get(source) ?? 1) - 1;
      if (left > 0) open.set(source, left);
      else open.delete(source);
    });
  });
}

/** The limits an installation's config asks for (unset keys keep the defaults). */
export function connectionLimitsOf(config: {
  requestTimeoutSeconds?: number;
  maxConnectionsPerSource?: number;
}): ConnectionLimits {
  const requestTimeoutMs = (config.requestTimeoutSeconds ?? defaultConnectionLimits.requestTimeoutMs / 1000) * 1000;
  return {
    ...defaultConnectionLimits,
    requestTimeoutMs,
    headersTimeoutMs: Math.min(defaultConnectionLimits.headersTimeoutMs, requestTimeoutMs),
    perSource: config.maxConnectionsPerSource ?? defaultConnectionLimits.perSource,
  };
}

/**
 * The per-source cap for a desk's server, from its config. Behind a trusted reverse proxy every client shares
 * the proxy's address: those addresses are exempt (the proxy limits its clients), and `trustProxy: true`
 * (every peer trusted) disables the cap.
 */
export function guardConnections(
  server: Server,
  config: { trustProxy: unknown; requestTimeoutSeconds?: number; maxConnectionsPerSource?: number },
): void {
  const trust = config.trustProxy;
  const list = Array.isArray(trust) ? (trust as string[]) : [];
  // The same notation Fastify reads trustProxy in: addresses, CIDRs, `loopback`, `uniquelocal` …
  const trustedAddress = list.length > 0 ? proxyAddr.compile(list) : () => false;
  const trusted = (address: string) => trust === true || trustedAddress(address, 0);
  capConnectionsPerSource(server, connectionLimitsOf(config).perSource, trusted);
}
