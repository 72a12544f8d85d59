import { test } from 'tap';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { setTimeout as sleep } from 'node:timers/promises';
import { startMemoryReducer } from '../../server/ops/memory-reducer.js';

const options = {
  everyMs: 50,
  quietMs: 150,
  quietUtilisation: 0.05,
  minGrowthBytes: 8 * 1024 * 1024,
  youngLimitBytes: 1024 * 1024 * 1024,
};

const youngBytes = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;

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

const LIMIT = 10 << 20;

test('a young generation grown past its limit is collected though the old one did not grow, once', async (t) => {
  // Only the young generation's rule can collect here: the old one would have to grow by a gigabyte.
  const reducer = startMemoryReducer({ ...options, minGrowthBytes: 1024 * 1024 * 1024, youngLimitBytes: LIMIT });
  t.teardown(() => reducer.stop());
  await sleep(400);
  const before = reducer.collections;
  // First in this file: nothing grew the young generation yet (a collection cannot size it down under load).
  t.ok(youngBytes() <= LIMIT, `the young generation starts at ${youngBytes() >> 20} MB`);
  // Short-lived garbage only, for longer than a scavenge takes to come: V8 grows the young generation.
  const until = Date.now() + 3000;
  let sink = 0;
  while (Date.now() < until && youngBytes() <= LIMIT) sink += Array.from({ length: 1000 }, (_, n) => ({ n })).length;
  t.ok(sink > 0);
  const grown = youngBytes();
  t.ok(grown > LIMIT, `the young generation grew to ${grown >> 20} MB`);
  await sleep(600);
  t.equal(reducer.collections, before + 1, 'one collection for it');
  await sleep(600);
  t.equal(reducer.collections, before + 1, 'and no more while it does not grow again');
});

test('a quiet desk gives back the heap a burst left behind, once', async (t) => {
  let released = 0;
  const reducer = startMemoryReducer(options, undefined, () => released++);
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
  t.equal(released, 2, "the database's caches are given back at each of those quiet moments, and only then");
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

test("giving back an SQLite desk's page cache loses nothing it reads", async (t) => {
  const { openDatabase } = await import('../../server/db/connection.js');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'ondesk-release-'));
  const handle = openDatabase(join(dir, 'ondesk.db'));
  t.teardown(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });
  handle.sqlite.exec('create table t (id integer primary key, s text)');
  const insert = handle.sqlite.prepare('insert into t (s) values (?)');
  handle.sqlite.transaction(() => {
    for (let i = 0; i < 20_000; i++) insert.run(`row ${i} `.repeat(20));
  })();
  const count = () => handle.sqlite.prepare('select count(*) as n, sum(length(s)) as bytes from t').get() as object;
  const before = count();
  handle.releaseMemory();
  t.same(count(), before, 'the same rows after the cache was emptied');
});
