import t from 'tap';
import { openDatabase } from '../../server/db/connection.js';
import { migrateDown, migrateToLatest, migrationStatus } from '../../server/db/migrator.js';
import { migrations } from '../../migrations/index.js';
import { tempDir } from '../helpers/installation.js';
import { join } from 'node:path';
import { sql } from 'kysely';

t.test('migrations run from empty to latest, all the way down, and up again', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'm.db'));
  t.teardown(() => handle.close());
  const names = Object.keys(migrations);
  await migrateToLatest(handle.db);
  t.same((await migrationStatus(handle.db)).filter((m) => m.executedAt).map((m) => m.name), names);
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(handle.db);
  t.ok(tables.rows.some((r) => r.name === 'tickets'), 'tickets table exists');
  for (let i = 0; i < names.length; i++) await migrateDown(handle.db);
  t.same((await migrationStatus(handle.db)).filter((m) => m.executedAt), [], 'all rolled back');
  const left = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'`.execute(handle.db);
  t.same(left.rows, [], 'down leaves no table behind');
  await migrateToLatest(handle.db);
  t.equal((await migrationStatus(handle.db)).filter((m) => m.executedAt).length, names.length, 'up again');
});

t.test('pragmas: WAL, foreign keys, busy timeout', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'p.db'));
  t.teardown(() => handle.close());
  t.equal(handle.sqlite.pragma('journal_mode', { simple: true }), 'wal');
  t.equal(handle.sqlite.pragma('foreign_keys', { simple: true }), 1);
  t.equal(handle.sqlite.pragma('busy_timeout', { simple: true }), 5000);
  await migrateToLatest(handle.db);
  await handle.durable(); // group fsync resolves after a commit
  t.pass('durable() resolves');
});
