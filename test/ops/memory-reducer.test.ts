import { test } from 'tap';
import { getHeapStatistics } from 'node:v8';
import { setTimeout as sleep } from 'node:timers/promises';
import { startMemoryReducer } from '../../server/ops/memory-reducer.js';

const options = { everyMs: 50, quietMs: 150, quietUtilisation: 0.05, minGrowthBytes: 8 * 1024 * 1024 };

/** Old-generation garbage like a burst of requests leaves: objects that lived long enough to be promoted. */
async function burst(): Promise<void> {
  let keep: Array<{ n: number; s: string }[]> = [];
  for (let round = 0; round < 40; round++) {
    keep.push(Array.from({ length: 20_000 }, (_, n) => ({ n, s: `row ${n} of ${round}` })));
    await sleep(1); // survive a few scavenges, as request garbage does
  }
  keep = [];
  void keep;
}

test('a quiet desk gives back the heap a burst left behind, once', async (t) => {
  const reducer = startMemoryReducer(options);
  t.teardown(() => reducer.stop());
  await sleep(400);
  t.equal(reducer.collections, 1, 'the first quiet moment after start-up collects');
  await burst();
  const before = getHeapStatistics().total_heap_size;
  await sleep(600);
  t.equal(reducer.collections, 2, 'one full collection after the burst');
  const after = getHeapStatistics().total_heap_size;
  t.ok(after < before - 8 * 1024 * 1024, `the heap shrank from ${before >> 20} MB to ${after >> 20} MB`);
  await sleep(400);
  t.equal(reducer.collections, 2, 'no further collections while nothing grows');
});

test('a busy event loop is never collected', async (t) => {
  const reducer = startMemoryReducer(options);
  t.teardown(() => reducer.stop());
  await sleep(400);
  const before = reducer.collections;
  await burst();
  // Busy: the loop works 40 ms of every 50 for a second.
  const until = Date.now() + 1000;
  while (Date.now() < until) {
    const spin = Date.now() + 40;
    while (Date.now() < spin);
    await sleep(10);
  }
  t.equal(reducer.collections, before, 'no collection while the loop is busy');
});
