/**
 * Answers remembered briefly, for reads on the busiest write path (ticket creation) whose sources change
 * rarely. Changes made in this process forget the cache at once (`forget()`); changes by another process on
 * the same data (a CLI command) are seen within `ttlMs`.
 */
export function briefCache(ttlMs = 1000, maxEntries = 10_000) {
  let generation = 0;
  const entries = new Map<string, { generation: number; at: number; value: unknown }>();
  return {
    forget(): void {
      generation++;
    },
    async get<T>(key: string, load: () => Promise<T>): Promise<T> {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.generation === generation && now - hit.at < ttlMs) return hit.value as T;
      const seen = generation;
      const value = await load();
      if (entries.size >= maxEntries) entries.clear();
      // A change while loading makes this answer unsafe to keep.
      if (seen === generation) entries.set(key, { generation, at: now, value });
      return value;
    },
  };
}
