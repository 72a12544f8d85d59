import { sql, type Kysely } from 'kysely';
import type { Commit } from '../db/write-batcher.js';
import type { Database } from '../db/schema.js';
import { dialectOf } from '../db/dialect.js';

/**
 * Where a cache is used: a `Ctx` outside a transaction, or a `TxCtx` whose `commit` is the transaction it is
 * in. A transaction may roll back (and the batcher then runs its units again), so inside one a cache keeps
 * what it loaded only for that transaction until it commits, and forgets again once it has committed.
 */
export interface CacheScope {
  commit?: Commit;
  /** The handle the change was made on (the transaction inside one): on PostgreSQL other nodes are told through it. */
  db?: Kysely<Database>;
}

/** The PostgreSQL channel a node announces on which cache it forgot; every node LISTENs (cluster/cache-notices.ts). */
export const CACHE_CHANNEL = 'ondesk_cache';

/** A process-wide cache known by name, so a notice from another node can make this one forget it. */
export interface NamedCache {
  readonly name: string;
  /** How long an answer is kept; tests of the notices set it long, to prove the notice and not the TTL did it. */
  ttlMs: number;
  /** Forgets everything now (a change another node committed). */
  forgetHere(): void;
}

const named = new Map<string, NamedCache>();

/** Registers a cache under its name; a name is taken once (two caches would both need a notice). */
export function registerCache(cache: NamedCache): void {
  if (named.has(cache.name)) throw new Error(`a cache named ${cache.name} is registered already`);
  named.set(cache.name, cache);
}

export const cacheNamed = (name: string): NamedCache | undefined => named.get(name);
export const cacheNames = (): string[] => [...named.keys()].sort();

/** Forgets the cache of that name (a notice from another node); an unknown name (a newer node's cache) is ignored. */
export function forgetCacheNamed(name: string): boolean {
  const cache = named.get(name);
  cache?.forgetHere();
  return cache !== undefined;
}

/** Forgets every cache: notices may have been missed (the listening connection was lost). */
export function forgetAllCaches(): void {
  for (const cache of named.values()) cache.forgetHere();
}

/**
 * Tells the other nodes that `name` must be forgotten — on PostgreSQL only; SQLite has one node. Inside a transaction
 * the NOTIFY is its last statement, so PostgreSQL delivers it only if it commits, and only once it has (never to a
 * reader that could still see the old rows). Outside one the change has committed already: the notice goes at once.
 */
export function announceForget(scope: CacheScope, name: string): void {
  const db = scope.db;
  if (!db || dialectOf(db) !== 'postgres') return;
  const notify = (on: Kysely<Database>) => sql`select pg_notify(${CACHE_CHANNEL}, ${name})`.execute(on);
  if (scope.commit) scope.commit.beforeCommit(async (trx) => void (await notify(trx)));
  else void notify(db).catch((err: unknown) => process.emitWarning(err as Error, 'CacheNoticeError'));
}

/** Runs `fn` now outside a transaction, else once the transaction has committed (never if it rolls back). */
export function whenCommitted(scope: CacheScope, fn: () => void): void {
  if (scope.commit) scope.commit.afterCommit(fn);
  else fn();
}

interface Entry {
  generation: number;
  at: number;
  value: unknown;
  /** Loaded inside this transaction, not yet committed: served to it alone. */
  pendingIn?: Commit;
}

/**
 * Answers remembered briefly, for reads on the busiest write path (ticket creation) whose sources change
 * rarely. Changes made in this process forget the cache (`forget(scope)`): at once, so the changing
 * transaction reads what it wrote, and again after its commit, so nothing loaded from the old state meanwhile
 * survives. On PostgreSQL the change also tells every other node (`announceForget`), which forgets the cache as
 * soon as the change commits. Changes by another process on SQLite (a CLI command) are seen within `ttlMs`.
 */
export function briefCache(name: string, ttlMs = 1000, maxEntries = 10_000) {
  let generation = 0;
  const entries = new Map<string, Entry>();
  const registered: NamedCache = { name, ttlMs, forgetHere: () => void generation++ };
  registerCache(registered);
  return {
    name,
    forget(scope: CacheScope): void {
      generation++;
      announceForget(scope, name);
      const commit = scope.commit;
      commit?.afterCommit(() => {
        const before = generation++;
        // What this transaction loaded after its change is the committed state now: keep it.
        for (const entry of entries.values())
          if (entry.pendingIn === commit && entry.generation === before) entry.generation = generation;
      });
    },
    async get<T>(scope: CacheScope, key: string, load: () => Promise<T>): Promise<T> {
      const now = Date.now();
      const hit = entries.get(key);
      if (
        hit &&
        hit.generation === generation &&
        now - hit.at < registered.ttlMs &&
        (hit.pendingIn === undefined || hit.pendingIn === scope.commit)
      )
        return hit.value as T;
      const seen = generation;
      const value = await load();
      // A change while loading makes this answer unsafe to keep.
      if (seen !== generation) return value;
      if (entries.size >= maxEntries) entries.clear();
      const entry: Entry = { generation, at: now, value, pendingIn: scope.commit };
      entries.set(key, entry);
      // Rolled back: the entry stays marked with a transaction nobody shares, so nobody is served it.
      scope.commit?.afterCommit(() => (entry.pendingIn = undefined));
      return value;
    },
  };
}
