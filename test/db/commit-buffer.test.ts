/**
 * Rows appended alike by the units of one group commit (domain events, SLA history lines) are written together
 * just before COMMIT, in the order they were added; a batch that rolls back writes none of them, and its units,
 * run again alone, add theirs once.
 */
import t from 'tap';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { CommitBuffer, insertRows } from '../../server/db/commit-buffer.js';
import { tempDir } from '../helpers/installation.js';

t.test('buffered rows follow their transaction: written once, in order, never for a rolled-back batch', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'b.db'));
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);
  let writes = 0;
  const buffer = new CommitBuffer<[string, string]>(async (trx, rows) => {
    writes++;
    await insertRows(trx, 'settings', ['key', 'value'], rows);
  });
  const results = await Promise.allSettled(
    Array.from({ length: 40 }, (_, i) =>
      handle.writes.run(async (_trx, commit) => {
        buffer.add(commit, [`row-${String(i).padStart(2, '0')}`, String(i)]);
        if (i === 25) throw new Error('unit 25 refuses');
        return i;
      }),
    ),
  );
  t.equal(results.filter((r) => r.status === 'rejected').length, 1);
  const rows = await handle.db
    .selectFrom('settings')
    .selectAll()
    .where('key', 'like', 'row-%')
    .orderBy('rowid' as never)
    .execute();
  t.equal(rows.length, 39, 'every unit but the refusing one, each once (the batch ran again unit by unit)');
  t.notOk(rows.some((r) => r.key === 'row-25'));
  t.same(
    rows.map((r) => r.key),
    [...rows.map((r) => r.key)].sort(),
    'in the order they were added',
  );
  t.equal(writes, 39, 'after the rollback, one write for each unit that committed alone');

  writes = 0;
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      handle.writes.run(async (_trx, commit) => buffer.add(commit, [`next-${String(i).padStart(2, '0')}`, 'x'])),
    ),
  );
  t.equal(writes, 1, '40 units that commit together: one write for all their rows');
  const next = await handle.db.selectFrom('settings').select('key').where('key', 'like', 'next-%').execute();
  t.equal(next.length, 40);
});

t.test('many rows: split into statements SQLite accepts', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'm.db'));
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);
  const rows = Array.from({ length: 40_000 }, (_, i) => [`many-${i}`, 'x'] as const);
  await handle.writes.run((trx) => insertRows(trx, 'settings', ['key', 'value'], rows));
  const count = await handle.db
    .selectFrom('settings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', 'like', 'many-%')
    .executeTakeFirstOrThrow();
  t.equal(Number(count.n), 40_000);
});
