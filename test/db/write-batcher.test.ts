import t from 'tap';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { tempDir } from '../helpers/installation.js';

t.test('group commit: concurrent units share commits, a failing unit fails alone', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'b.db'));
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);
  let commits = 0;
  const durable = handle.durable;
  (handle.writes as unknown as { durable: () => Promise<void> }).durable = () => {
    commits++;
    return durable();
  };
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) =>
      handle.writes.run(async (trx) => {
        if (i === 17) throw new Error('unit 17 refuses');
        await trx
          .insertInto('settings')
          .values({ key: `k${i}`, value: String(i) })
          .execute();
        return i;
      }),
    ),
  );
  t.equal(results.filter((r) => r.status === 'fulfilled').length, 49, 'the others succeed');
  const failed = results[17] as PromiseRejectedResult;
  t.equal(failed.reason.message, 'unit 17 refuses', 'the failing unit gets its own error');
  // Only this test's rows: migrations store settings of their own (the installation id).
  const rows = await handle.db.selectFrom('settings').selectAll().where('key', 'like', 'k%').execute();
  t.equal(rows.length, 49, 'everything but the failing unit is stored');
  t.notOk(rows.some((r) => r.key === 'k17'));
  t.ok(commits < 50, `50 units made ${commits} durable commits`);
});

t.test('a unit that violates a constraint rolls back only its own writes', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'c.db'));
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);
  const write = (key: string) =>
    handle.writes.run((trx) => trx.insertInto('settings').values({ key, value: 'v' }).execute());
  const outcomes = await Promise.allSettled([write('a'), write('b'), write('a'), write('c')]);
  t.same(
    outcomes.map((o) => o.status),
    ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
  );
  t.same(
    (
      await handle.db.selectFrom('settings').select('key').where('key', 'in', ['a', 'b', 'c']).orderBy('key').execute()
    ).map((r) => r.key),
    ['a', 'b', 'c'],
  );
});
