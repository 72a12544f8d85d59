import pg from 'pg';
import type { Logger } from 'pino';
import { CACHE_CHANNEL, forgetAllCaches, forgetCacheNamed } from '../shared/brief-cache.js';

export interface CacheNotices {
  /** Resolves once the connection listens (again): what a change commits from then on reaches this node. */
  listening(): Promise<void>;
  stop(): Promise<void>;
}

/** Waits before connecting again after the listening connection was lost (the database restarting). */
const RECONNECT_MS = 1_000;

/**
 * Keeps one dedicated PostgreSQL connection LISTENing on `ondesk_cache`: another node that changes what a cache
 * holds sends the cache's name there in its transaction (shared/brief-cache.ts, announceForget), and this node
 * forgets that cache as soon as the change commits instead of serving the old answer for its TTL. A pooled
 * connection cannot listen (the pool hands it to others), hence a connection of its own.
 *
 * While the connection is down notices are missed: every cache is forgotten when it is lost and again once it
 * listens anew, and meanwhile the caches' own TTL (a second) bounds how stale an answer may be.
 */
export function listenForCacheNotices(options: { url: string; log: Logger }): CacheNotices {
  const { url, log } = options;
  let client: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let ready!: () => void;
  let isListening = new Promise<void>((resolve) => (ready = resolve));

  /** `c` failed: once per connection (an error is followed by its end), and never after stop. */
  const lost = (c: pg.Client, err: unknown) => {
    if (stopped || client !== c) return;
    forgetAllCaches();
    log.warn({ err }, 'cache notices: the listening connection to PostgreSQL was lost; connecting again');
    c.removeAllListeners();
    c.on('error', () => {});
    void c.end().catch(() => {});
    client = null;
    isListening = new Promise<void>((resolve) => (ready = resolve));
    timer = setTimeout(() => void connect(), RECONNECT_MS);
    timer.unref();
  };

  const connect = async () => {
    timer = null;
    if (stopped) return;
    const c = new pg.Client({ connectionString: url, application_name: 'ondesk-cache-notices' });
    client = c;
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c, new Error('connection ended')));
    c.on('notification', (msg) => {
      if (msg.channel === CACHE_CHANNEL && msg.payload) forgetCacheNamed(msg.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CACHE_CHANNEL}`);
    } catch (err) {
      lost(c, err);
      return;
    }
    // Anything cached before LISTEN took effect may predate a change whose notice was sent before it.
    forgetAllCaches();
    ready();
  };

  void connect();
  return {
    listening: () => isListening,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      if (!c) return;
      c.removeAllListeners();
      c.on('error', () => {});
      await c.end().catch(() => {});
    },
  };
}
