import type { Commit } from '../db/write-batcher.js';

/**
 * Where a cache is used: a `Ctx` outside a transaction, or a `TxCtx` whose `commit` is the transaction it is
 * in. A transaction may roll back (and the batcher then runs its units again), so inside one a cache keeps
 * what it loaded only for that transaction until it commits, and forgets again once it has committed.
 */
export interface CacheScope {
  commit?: Commit;
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
 * survives. Changes by another process on the same data (a CLI command) are seen within `ttlMs`.
 */
export function briefCache(ttlMs = 1000, maxEntries = 10_000) {
  let generation = 0;
  const entries = new Map<string, Entry>();
  return {
    forget(scope: CacheScope): void {
      generation++;
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
        now - hit.at < ttlMs &&
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
