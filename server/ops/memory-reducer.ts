import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { performance } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';

export interface MemoryReducerOptions {
  /** How often the event loop's load is looked at. */
  everyMs: number;
  /** How long the desk must have been quiet before a collection. */
  quietMs: number;
  /** Event-loop utilisation below which a second counts as quiet. */
  quietUtilisation: number;
  /** Collect only when the heap grew by this much since the last collection here… */
  minGrowthBytes: number;
  /** …or when V8's young generation grew past this size and is larger than after the last collection here. */
  youngLimitBytes: number;
}

export interface MemoryReducer {
  stop(): void;
  /** Full collections run so far (the desk's memory figures in tests and support bundles). */
  readonly collections: number;
}

export const defaultMemoryReducerOptions: MemoryReducerOptions = {
  everyMs: 1000,
  // Seven seconds: V8 sizes its young generation (up to 32 MB under load, see server/shared/node-flags.ts) back
  // down in a collection only when it allocated little since its previous collection, over five seconds at least.
  // The reducer closes that interval with a scavenge in the first quiet second, then collects six seconds later:
  // one collection after three quiet seconds counted the load and left the young generation at its peak (25 MB of
  // RSS), and so did one after six without the scavenge (the interval began at the last scavenge under load).
  quietMs: 7000,
  quietUtilisation: 0.05,
  // 16 MB: with 24 a bench run at a million tickets ended with V8 holding 83 MB of pages for a 56 MB live heap (its
  // heap had grown by just under 24 MB since the collection at idle), and RSS 206 MB instead of 190.
  minGrowthBytes: 16 * 1024 * 1024,
  // The young generation grows to 32 MB under load (server/shared/node-flags.ts) and shrinks only in a collection:
  // a burst that left the old generation nearly as it was (the last phase of a bench run) kept it at 32 MB, 92 MB
  // of V8 pages instead of 68. 8 MB is as large as it could grow with the former `--max-semi-space-size=4`.
  youngLimitBytes: 8 * 1024 * 1024,
};

/** The size of V8's young generation (both of its halves), in bytes. */
function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Gives the memory of a burst back once the desk is quiet. Under load V8 grows its heap generously (a sign-in
 * flood left 210 MB of heap pages behind a 57 MB live heap) and only collects the old generation again when the
 * next allocation needs it: an idle desk never does, so it would sit at its peak for hours, over the 150 MB the
 * appliance promises. When the event loop has been quiet for a few seconds and the heap grew since the last
 * collection here, one full collection runs (some tens of milliseconds, while nothing waits) and V8 returns the
 * emptied pages. Busy desks are never collected by this: a request that arrives meanwhile resets the quiet time.
 *
 * `gc` is taken from V8 at run time (the same function `--expose-gc` gives) so that no launcher has to pass a flag.
 */
export function startMemoryReducer(
  options: MemoryReducerOptions = defaultMemoryReducerOptions,
  /** Told of each collection (the desk's log): the heap before and after, in MB. */
  collected: (heap: { beforeMb: number; afterMb: number; residentMb: number }) => void = () => {},
  /** Memory outside V8 to give back at the same quiet moment (the database's page cache). */
  alsoRelease: () => void = () => {},
): MemoryReducer {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
  let previous = performance.eventLoopUtilization();
  let quietFor = 0;
  // Zero: the first quiet moment after start-up collects too (building the app leaves its garbage behind).
  let heapAfterCollection = 0;
  let youngAfterCollection = 0;
  let collections = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, previous).utilization;
    previous = now;
    if (busy > options.quietUtilisation) {
      quietFor = 0;
      return;
    }
    quietFor += options.everyMs;
    // A scavenge (a millisecond or two) marks where the quiet began for V8's allocation rate: see quietMs.
    if (quietFor === options.everyMs && youngGenerationBytes() > options.youngLimitBytes) gc({ type: 'minor' });
    if (quietFor < options.quietMs) return;
    const heap = getHeapStatistics();
    const young = youngGenerationBytes();
    const heapGrew = heap.total_heap_size - heapAfterCollection >= options.minGrowthBytes;
    // Only once per growth: a young generation V8 would not size down is not collected again and again.
    const youngGrew = young > options.youngLimitBytes && young > youngAfterCollection;
    if (!heapGrew && !youngGrew) return;
    // Compacting moves the survivors together so that V8 can return their half-empty pages too: after a sign-in
    // flood a plain full collection kept 102 MB of heap for 53 MB of live objects, a compacting one 60 MB. Only
    // this collection compacts: the flag goes off again before any other runs.
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
    alsoRelease();
    collections++;
    heapAfterCollection = getHeapStatistics().total_heap_size;
    youngAfterCollection = youngGenerationBytes();
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    collected({
      beforeMb: mb(heap.total_heap_size),
      afterMb: mb(heapAfterCollection),
      residentMb: mb(process.memoryUsage.rss()),
    });
    // The sampler itself counted this collection as load: start the quiet time afresh.
    previous = performance.eventLoopUtilization();
    quietFor = 0;
  }, options.everyMs);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    get collections() {
      return collections;
    },
  };
}
