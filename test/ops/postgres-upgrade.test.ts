/**
 * `ondesk upgrade` of an installation on PostgreSQL: refused while a node is live; from the previous schema it
 * backs up with pg_dump, migrates and keeps the data; a failing migration leaves the schema as it was (PostgreSQL
 * rolls the migrations back together).
 */
import t, { type Test } from 'tap';
import { sql, type Migration } from 'kysely';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { openPostgres } from '../../server/db/postgres.js';
import { upgradeInstallation } from '../../server/ops/upgrade.js';
import { freshPostgresDatabase, tempDir } from '../helpers/installation.js';

const names = Object.keys(migrations);
const previousSet = Object.fromEntries(Object.entries(migrations).slice(0, -1));

/** A data dir on a fresh PostgreSQL database at the schema before this build's last migration, with a client. */
async function previousSchemaOnPostgres(t: Test) {
  const database = await freshPostgresDatabase();
  const handle = openPostgres({ url: database.url, poolSize: 2 });
  t.teardown(async () => {
    await handle.close();
    await database.drop();
  });
  await migrateToLatest(handle.db, previousSet);
  await sql`insert into organizations (name, created_at, updated_at)
    values ('Old Org', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`.execute(handle.db);
  const dataDir = join(tempDir(t), 'data');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'ondesk.json'), JSON.stringify({ database: 'postgres', databaseUrl: database.url }));
  const applied = async () =>
    (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db)).rows.map(
      (r) => r.name,
    );
  return { dataDir, db: handle.db, applied };
}

t.test('upgrade on PostgreSQL from the previous schema: pg_dump backup, migrations, data kept', async (t) => {
  const { dataDir, db, applied } = await previousSchemaOnPostgres(t);
  t.same(await applied(), names.slice(0, -1), 'the previous schema');
  const lines: string[] = [];
  const result = await upgradeInstallation({ dataDir, out: (line) => lines.push(line) });
  t.same(result.applied, [names.at(-1)], 'the one pending migration applied');
  t.equal(result.from, names.at(-2));
  t.equal(result.to, names.at(-1));
  t.ok(result.backup && existsSync(result.backup), `a backup first (${result.backup})`);
  t.match(lines.join('\n'), /backing up before the upgrade…[^]*upgraded \S+ → \S+; health check ok/);
  t.same(await applied(), names, 'the database is on this build’s schema');
  const orgs = await sql<{ name: string }>`select name from organizations`.execute(db);
  t.same(
    orgs.rows.map((r) => r.name),
    ['Old Org'],
    'the data is kept',
  );

  const again = await upgradeInstallation({ dataDir });
  t.same(again, { applied: [], backup: null, from: names.at(-1), to: names.at(-1) }, 'a second run has nothing to do');
});

t.test('a failing migration on PostgreSQL leaves the schema as it was', async (t) => {
  const { dataDir, db, applied } = await previousSchemaOnPostgres(t);
  const broken: Migration = {
    async up(db) {
      await sql`create table upgrade_probe (id integer)`.execute(db);
      throw new Error('boom: the column is missing');
    },
  };
  await t.rejects(
    upgradeInstallation({ dataDir, migrations: { ...migrations, '9999-12-31-999-broken': broken } }),
    /upgrade failed in migrations: .*boom: the column is missing\. PostgreSQL rolled the migrations back together: the database is still on schema \S+, and .*pre-upgrade-.*\.tar\.gz holds it as it was/,
  );
  t.same(await applied(), names.slice(0, -1), 'no migration recorded, not even the good one before it');
  const probe = await sql<{ n: number }>`select count(*) as n from information_schema.tables
    where table_name = 'upgrade_probe'`.execute(db);
  t.same(probe.rows, [{ n: 0 }], 'nothing the failing migration made is left');
});

t.test('upgrade on PostgreSQL refuses while a node runs on the database', async (t) => {
  const { dataDir, db, applied } = await previousSchemaOnPostgres(t);
  const now = new Date().toISOString();
  await sql`insert into cluster_nodes (node_id, instance_id, version, address, hostname, pid, schema_version,
      started_at, heartbeat_at) values ('node-b', 'i-1', '0.1.0', '10.0.0.2:8080', 'desk-b', 4242, ${names.at(-2)},
      ${now}, ${now})`.execute(db);
  await t.rejects(
    upgradeInstallation({ dataDir }),
    /nodes still run on this database \(node-b on desk-b\): stop every node first/,
  );
  t.same(await applied(), names.slice(0, -1), 'nothing was migrated');
});
