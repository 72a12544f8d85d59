import t from 'tap';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { tempDir } from '../helpers/installation.js';
import { precompiled } from '../../server/db/prepared.js';
import { dummyKysely } from '../../server/db/dummy.js';

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

t.test('compiled statements of a batch run on SQLite directly, with the results Kysely gives', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'd.db'));
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);
  const insert = precompiled(() => dummyKysely.insertInto('settings').values({ key: '', value: '' }).compile());
  const insertReturning = precompiled(() =>
    dummyKysely.insertInto('settings').values({ key: '', value: '' }).returning(['key', 'value']).compile(),
  );
  const read = precompiled(() => dummyKysely.selectFrom('settings').select('value').where('key', '=', '').compile());

  // The same statements through Kysely (the outer handle is never run directly) give the reference results.
  const viaKysely = {
    insert: await insert(handle.db, ['ref-a', '1']),
    returning: await insertReturning(handle.db, ['ref-b', '2']),
    read: await read(handle.db, ['ref-a']),
  };
  const direct = await handle.writes.run(async (trx) => {
    // Kysely's executor would refuse: the statements must not reach it.
    const executeQuery = trx.executeQuery;
    trx.executeQuery = () => Promise.reject(new Error('went through Kysely'));
    try {
      return {
        insert: await insert(trx, ['dir-a', '1']),
        returning: await insertReturning(trx, ['dir-b', '2']),
        read: await read(trx, ['dir-a']),
      };
    } finally {
      trx.executeQuery = executeQuery;
    }
  });
  t.equal(direct.insert.numAffectedRows, viaKysely.insert.numAffectedRows, 'rows changed, as a bigint');
  t.equal(typeof direct.insert.insertId, 'bigint');
  t.ok(direct.insert.insertId! > viaKysely.insert.insertId!, 'the new rowid');
  t.same(direct.returning.rows, [{ key: 'dir-b', value: '2' }]);
  t.same(viaKysely.returning.rows, [{ key: 'ref-b', value: '2' }]);
  t.same(direct.read.rows, [{ value: '1' }]);
  t.same(viaKysely.read.rows, [{ value: '1' }]);
});

t.test('a direct statement that fails rejects its unit; the batch runs again, nothing half-written', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'e.db'));
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);
  const insert = precompiled(() => dummyKysely.insertInto('settings').values({ key: '', value: '' }).compile());
  const outcomes = await Promise.allSettled(
    ['x', 'y', 'x', 'z'].map((key) =>
      handle.writes.run(async (trx) => {
        const pending = insert(trx, [key, 'v']);
        t.type(pending, Promise, 'a failure is a rejection, not a throw');
        await pending;
        return key;
      }),
    ),
  );
  t.same(
    outcomes.map((o) => o.status),
    ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
  );
  t.match((outcomes[2] as PromiseRejectedResult).reason, { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
  const keys = await handle.db.selectFrom('settings').select('key').where('key', 'in', ['x', 'y', 'z']).execute();
  t.same(keys.map((r) => r.key).sort(), ['x', 'y', 'z']);
});

t.test('outside its batch a transaction is not run directly, and the outer handle never is', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'f.db'));
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);
  const read = precompiled(() => dummyKysely.selectFrom('settings').select('value').where('key', '=', '').compile());
  let kept: Parameters<Parameters<typeof handle.writes.run>[0]>[0] | null = null;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let outerSaw: unknown = 'not yet';
  const batch = handle.writes.run(async (trx) => {
    kept = trx;
    await trx.insertInto('settings').values({ key: 'uncommitted', value: 'u' }).execute();
    // The outer handle waits for this transaction: it must not read the row before the commit.
    void read(handle.db, ['uncommitted']).then((r) => (outerSaw = r.rows));
    await new Promise((r) => setTimeout(r, 50));
    t.equal(outerSaw, 'not yet', 'the outer handle waits for the open transaction');
    release();
  });
  await held;
  await batch;
  await new Promise((r) => setTimeout(r, 10));
  t.same(outerSaw, [{ value: 'u' }], 'and reads the row once committed');
  await t.rejects(read(kept!, ['uncommitted']), 'a transaction after its commit goes through Kysely, which refuses it');
});
