import t from 'tap';
import BetterSqlite3 from 'better-sqlite3';
import { Migrator, sql, type Migration } from 'kysely';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from '../../migrations/index.js';
import { openDatabase } from '../../server/db/connection.js';
import { databaseFile } from '../../server/installation.js';
import { upgradeInstallation } from '../../server/ops/upgrade.js';
import { tempDir } from '../helpers/installation.js';

const names = Object.keys(migrations);
const previous = names.at(-2)!;

/** An installation on the schema before this build's last migration, with data in it. */
async function previousSchemaInstallation(dataDir: string) {
  const handle = openDatabase(databaseFile(dataDir));
  const result = await new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } }).migrateTo(
    previous,
  );
  if (result.error) throw result.error;
  await sql`insert into organizations (name, created_at, updated_at) values ('Old Org', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`.execute(
    handle.db,
  );
  await handle.close();
}

const applied = (dataDir: string) => {
  const db = new BetterSqlite3(databaseFile(dataDir), { readonly: true });
  try {
    return {
      migrations: (db.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>).map(
        (r) => r.name,
      ),
      orgs: (db.prepare('select name from organizations').all() as Array<{ name: string }>).map((r) => r.name),
      probe: db.prepare(`select count(*) as n from sqlite_master where name = 'upgrade_probe'`).get() as { n: number },
      integrity: db.pragma('integrity_check'),
    };
  } finally {
    db.close();
  }
};

t.test('upgrade from the previous schema keeps the data and takes a backup first', async (t) => {
  const dataDir = tempDir(t);
  await previousSchemaInstallation(dataDir);
  const lines: string[] = [];
  const result = await upgradeInstallation({ dataDir, out: (l) => lines.push(l) });
  t.same(result.applied, [names.at(-1)]);
  t.equal(result.from, previous);
  t.match(result.backup, /pre-upgrade-.*\.tar\.gz$/);
  const after = applied(dataDir);
  t.same(after.migrations, [...names].sort());
  t.same(after.orgs, ['Old Org']);
  t.match(lines.join('\n'), /health check ok/);
  const again = await upgradeInstallation({ dataDir });
  t.same(again.applied, [], 'a second run has nothing to do');
});

t.test('a failing migration rolls back to the backup and says what failed', async (t) => {
  const dataDir = tempDir(t);
  await previousSchemaInstallation(dataDir);
  const broken: Migration = {
    async up(db) {
      await sql`create table upgrade_probe (x integer)`.execute(db);
      await sql`delete from organizations`.execute(db);
      throw new Error('boom: the column is missing');
    },
  };
  await t.rejects(
    upgradeInstallation({ dataDir, migrations: { ...migrations, '9999-12-31-999-broken': broken } }),
    /upgrade failed in migrations: migration 9999-12-31-999-broken failed: boom: the column is missing\. The installation was restored from .*pre-upgrade-.*\.tar\.gz \(schema /,
  );
  const after = applied(dataDir);
  t.same(after.migrations, names.slice(0, -1), 'back on the schema it had');
  t.same(after.orgs, ['Old Org'], 'the data the failed migration deleted is back');
  t.equal(after.probe.n, 0, 'nothing of the failed migration remains');
  t.same(after.integrity, [{ integrity_check: 'ok' }]);
  t.ok(
    readdirSync(dataDir).some((f) => f.startsWith('pre-restore-')),
    'the failed state is kept for diagnosis',
  );
});

t.test('a downgrade onto a newer schema is refused', async (t) => {
  const dataDir = tempDir(t);
  await previousSchemaInstallation(dataDir);
  const older = Object.fromEntries(Object.entries(migrations).slice(0, -3));
  await t.rejects(
    upgradeInstallation({ dataDir, migrations: older }),
    /refusing a downgrade: the database has schema .*, newer than this build's/,
  );
  t.same(applied(dataDir).migrations, names.slice(0, -1), 'nothing changed');
  t.same(
    readdirSync(dataDir).filter((f) => f === 'backups'),
    [],
    'no backup taken either',
  );
  t.ok(join);
});
