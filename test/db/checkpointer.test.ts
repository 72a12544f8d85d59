import t from 'tap';
import { join } from 'node:path';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { tempDir } from '../helpers/installation.js';

t.test('holding writes waits for the batch being written and starts none until resumed', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'h.db'));
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);
  const writes = handle.writes as unknown as { hold(): Promise<() => void> };
  const order: string[] = [];
  let finishFirst!: () => void;
  const firstMayEnd = new Promise<void>((resolve) => (finishFirst = resolve));
  const first = handle.writes.run(async (trx) => {
    await trx.insertInto('settings').values({ key: 'first', value: '1' }).execute();
    await firstMayEnd;
    order.push('first written');
  });
  await sleep(20); // the first batch's transaction is open, waiting in its unit
  let holding = false;
  const held = writes.hold().then((resume) => {
    holding = true;
    order.push('held');
    return resume;
  });
  await sleep(20);
  t.notOk(holding, 'the hold waits while a batch is being written');
  finishFirst();
  const resume = await held;
  await first;
  const second = handle.writes.run(async (trx) => {
    await trx.insertInto('settings').values({ key: 'second', value: '2' }).execute();
    order.push('second written');
  });
  await sleep(50);
  t.same(order, ['first written', 'held'], 'a unit handed in while writes are held waits');
  resume();
  await second;
  t.same(order, ['first written', 'held', 'second written'], 'and is written once they resume');
  const keys = await handle.db.selectFrom('settings').select('key').where('key', 'in', ['first', 'second']).execute();
  t.equal(keys.length, 2, 'both units are stored');
});

/** The WAL header's first salt: SQLite draws a new one each time the WAL starts again from its first frame. */
function walSalt(file: string): number | null {
  const fd = openSync(`${file}-wal`, 'r');
  try {
    const header = Buffer.alloc(32);
    return readSync(fd, header, 0, 32, 0) === 32 ? header.readUInt32BE(16) : null;
  } finally {
    closeSync(fd);
  }
}

t.test('under steady writes the WAL starts again from its beginning, its size bounded', async (t) => {
  const file = join(tempDir(t), 'w.db');
  // 256 frames of 4 KB: the checkpointer has the WAL start again once it holds about 1 MB.
  const handle = openDatabase(file, {
    checkpointer: { thresholdBytes: 256 * 1024, intervalMs: 20, restartFrames: 256 },
  });
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);
  const salts = new Set<number>();
  let largestWal = 0;
  const look = () => {
    const salt = walSalt(file);
    if (salt !== null) salts.add(salt);
    largestWal = Math.max(largestWal, statSync(`${file}-wal`).size);
  };
  const filler = 'x'.repeat(3000); // about one page a row
  // About 30 MB through the WAL (a row and its key take two pages or so), below the request thread's own
  // checkpoint at 64 MB: without the restarts the WAL grows to nearly all of it.
  const rows = 6000;
  // Rows arrive every millisecond whether or not the last ones are stored yet, as requests reach a busy desk: a
  // batch commits every few milliseconds, so no copy of the WAL ever ends with every frame copied by chance.
  const written: Promise<unknown>[] = [];
  const watching = setInterval(look, 5);
  await new Promise<void>((resolve) => {
    const arriving = setInterval(() => {
      for (let i = 0; i < 10 && written.length < rows; i++) {
        const key = `w${written.length}`;
        written.push(handle.writes.run((trx) => trx.insertInto('settings').values({ key, value: filler }).execute()));
      }
      if (written.length < rows) return;
      clearInterval(arriving);
      resolve();
    }, 1);
  });
  await Promise.all(written);
  clearInterval(watching);
  look();
  t.ok(salts.size >= 10, `the WAL started again from its beginning ${salts.size - 1} times`);
  t.ok(largestWal < 16 * 1024 * 1024, `the WAL grew to ${(largestWal / 1048576).toFixed(1)} MB at most, not 30 MB`);
  const stored = await handle.db
    .selectFrom('settings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', 'like', 'w%')
    .executeTakeFirstOrThrow();
  t.equal(Number(stored.n), rows, 'every row written is stored');
});
