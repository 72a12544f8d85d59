import t, { type Test } from 'tap';
import { sql } from 'kysely';
import { openPostgres, toPostgresText } from '../../server/db/postgres.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { freshPostgresDatabase } from '../helpers/installation.js';

async function migrated(t: Test, poolSize = 4) {
  const database = await freshPostgresDatabase();
  const handle = openPostgres({ url: database.url, poolSize });
  t.teardown(async () => {
    await handle.close();
    await database.drop();
  });
  await migrateToLatest(handle.db);
  return handle;
}

const valueOf = async (handle: Awaited<ReturnType<typeof migrated>>, key: string) =>
  (await handle.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value ?? null;

t.test('afterCommit runs once the transaction is committed, where every other connection sees the row', async (t) => {
  const handle = await migrated(t);
  const seen: (string | null)[] = [];
  let hookRan!: Promise<void>;
  const result = await handle.writes.run(async (trx, commit) => {
    await trx.insertInto('settings').values({ key: 'a', value: '1' }).execute();
    commit.afterCommit(() => {
      // Another pooled connection: only a committed row is visible to it.
      hookRan = valueOf(handle, 'a').then((v) => void seen.push(v));
    });
    seen.push(await valueOf(handle, 'a'));
    return 'done';
  });
  await hookRan;
  t.equal(result, 'done', 'the unit’s value is the answer');
  t.same(seen, [null, '1'], 'invisible to others inside the transaction, visible when the hook runs');
});

t.test('a unit that throws rolls back: its writes and its afterCommit hooks are dropped', async (t) => {
  const handle = await migrated(t);
  let hooks = 0;
  await t.rejects(
    handle.writes.run(async (trx, commit) => {
      await trx.insertInto('settings').values({ key: 'b', value: '1' }).execute();
      commit.afterCommit(() => hooks++);
      throw new Error('refused');
    }),
    { message: 'refused' },
  );
  t.equal(await valueOf(handle, 'b'), null, 'nothing stored');
  t.equal(hooks, 0, 'no afterCommit after a rollback');
  // A constraint error ends the PostgreSQL transaction: the writer rolls back and the next unit is unharmed.
  await handle.writes.run((trx) => trx.insertInto('settings').values({ key: 'c', value: '1' }).execute());
  await t.rejects(
    handle.writes.run((trx) => trx.insertInto('settings').values({ key: 'c', value: '2' }).execute()),
    {
      code: '23505',
    },
  );
  await handle.writes.run((trx) => trx.insertInto('settings').values({ key: 'd', value: '1' }).execute());
  t.equal(await valueOf(handle, 'c'), '1');
  t.equal(await valueOf(handle, 'd'), '1');
});

t.test('beforeCommit runs inside the transaction after the unit; if it throws, everything rolls back', async (t) => {
  const handle = await migrated(t);
  const order: string[] = [];
  await handle.writes.run(async (trx, commit) => {
    commit.beforeCommit(async (same) => {
      order.push('before');
      t.equal(same, trx, 'the hook gets the unit’s transaction');
      const { rows } = await sql<{ value: string }>`select value from settings where key = 'e'`.execute(same);
      t.same(rows, [{ value: '1' }], 'it sees the unit’s uncommitted write');
      await same.insertInto('settings').values({ key: 'f', value: 'by hook' }).execute();
    });
    commit.afterCommit(() => order.push('after'));
    await trx.insertInto('settings').values({ key: 'e', value: '1' }).execute();
    order.push('unit');
  });
  t.same(order, ['unit', 'before', 'after']);
  t.equal(await valueOf(handle, 'f'), 'by hook', 'the hook’s write is committed with the unit');

  let after = 0;
  await t.rejects(
    handle.writes.run(async (trx, commit) => {
      await trx.insertInto('settings').values({ key: 'g', value: '1' }).execute();
      commit.beforeCommit(async () => {
        throw new Error('hook refuses');
      });
      commit.afterCommit(() => after++);
    }),
    { message: 'hook refuses' },
  );
  t.equal(await valueOf(handle, 'g'), null, 'the unit’s write is rolled back with the hook');
  t.equal(after, 0);
});

t.test('units on different connections write in parallel; a deadlock victim runs again', async (t) => {
  const handle = await migrated(t, 4);
  await handle.writes.run((trx) =>
    trx
      .insertInto('settings')
      .values([
        { key: 'x', value: '0' },
        { key: 'y', value: '0' },
      ])
      .execute(),
  );
  // Two units lock x and y in opposite orders: PostgreSQL kills one with a deadlock (40P01), which runs again.
  let runs = 0;
  const bump = (first: string, second: string) =>
    handle.writes.run(async (trx) => {
      runs++;
      await sql`update settings set value = (value::int + 1)::text where key = ${first}`.execute(trx);
      await new Promise((r) => setTimeout(r, 150));
      await sql`update settings set value = (value::int + 1)::text where key = ${second}`.execute(trx);
    });
  await Promise.all([bump('x', 'y'), bump('y', 'x')]);
  t.equal(await valueOf(handle, 'x'), '2', 'both units counted');
  t.equal(await valueOf(handle, 'y'), '2');
  // The victim runs again; a run that began before the survivor committed meets its change and runs once more.
  t.ok(runs >= 3 && runs <= 5, `the deadlock victim ran again (${runs} runs of 2 units)`);

  const many = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      handle.writes.run(async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: `p${i}`, value: String(i) })
          .execute();
        return i;
      }),
    ),
  );
  t.same(
    many,
    Array.from({ length: 40 }, (_, i) => i),
  );
  await handle.writes.idle();
  const { rows } = await sql<{ n: number }>`select count(*) as n from settings where key like 'p%'`.execute(handle.db);
  t.equal(rows[0]!.n, 40);
  await t.resolves(handle.durable(), 'a returned COMMIT is durable: nothing to wait for');
});

t.test('SQL written for SQLite is said PostgreSQL’s way', async (t) => {
  t.equal(toPostgresText('select 1'), 'select 1');
  t.equal(
    toPostgresText(`insert into t (a, b) values (?, ?), (?, '?')`),
    `insert into t (a, b) values ($1, $2), ($3, '?')`,
    'placeholders, not question marks in quotes',
  );
  t.equal(
    toPostgresText('insert or ignore into t (a) values (?)'),
    'insert into t (a) values ($1) on conflict do nothing',
  );
});

t.test('LIKE ignores case on PostgreSQL as on SQLite; max(a, b) is greatest', async (t) => {
  const handle = await migrated(t, 2);
  await handle.writes.run((trx) => trx.insertInto('settings').values({ key: 'Mixed.Case', value: '5' }).execute());
  const built = await handle.db.selectFrom('settings').select('key').where('key', 'like', 'mixed.%').execute();
  t.same(built, [{ key: 'Mixed.Case' }], 'a built LIKE');
  const raw = await sql<{ key: string }>`select key from settings where key like ${'%CASE'}`.execute(handle.db);
  t.same(raw.rows, [{ key: 'Mixed.Case' }], 'a raw LIKE');
  const scalar = await handle.db
    .selectNoFrom((eb) => [eb.fn<number>('max', [eb.val(3), eb.val(9)]).as('m')])
    .executeTakeFirstOrThrow();
  t.equal(Number(scalar.m), 9);
});
