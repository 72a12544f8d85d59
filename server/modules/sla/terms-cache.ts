/**
 * Which agreement, target and calendar a new ticket gets, remembered briefly: ticket creation is the busiest
 * write, and the answer changes only when agreements or calendars do. Changes made in this process forget
 * the cache at once (agreement hooks, calendar writes); changes by another process (a CLI job on the same
 * data) are seen within TTL_MS.
 */
const TTL_MS = 1000;
const MAX_ENTRIES = 10_000;
let generation = 0;
const entries = new Map<string, { generation: number; at: number; value: unknown }>();

export function slaTermsChanged(): void {
  generation++;
}

export async function cachedTerms<T>(key: string, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.generation === generation && now - hit.at < TTL_MS) return hit.value as T;
  const seenGeneration = generation;
  const value = await load();
  if (entries.size >= MAX_ENTRIES) entries.clear();
  // A change while loading makes this answer unsafe to keep.
  if (seenGeneration === generation) entries.set(key, { generation, at: now, value });
  return value;
}
