import t, { type Test } from 'tap';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../server/db/connection.js';
import { openPostgres } from '../../server/db/postgres.js';
import { latestMigration, migrateToLatest, migrationStatus } from '../../server/db/migrator.js';
import { freshPostgresDatabase, tempDir } from '../helpers/installation.js';
import { foldCounterShards } from '../../server/modules/dashboards/dashboards.repository.js';

async function freshHandle(t: Test) {
  const database = await freshPostgresDatabase();
  const handle = openPostgres({ url: database.url, poolSize: 4 });
  t.teardown(async () => {
    await handle.close();
    await database.drop();
  });
  return handle;
}

t.test('every migration runs on an empty PostgreSQL database, and again finds nothing to do', async (t) => {
  const handle = await freshHandle(t);
  t.equal(handle.dialect, 'postgres');
  await migrateToLatest(handle.db);
  const status = await migrationStatus(handle.db);
  t.equal(status.at(-1)!.name, latestMigration);
  t.same(
    status.filter((m) => m.executedAt === null).map((m) => m.name),
    [],
    'all applied',
  );
  const again = await migrateToLatest(handle.db);
  t.same(again.results, [], 'a second run applies nothing');

  // The same tables as SQLite, but for SQLite's own FTS5 tables (search on PostgreSQL is a table set of its own).
  const sqlite = openDatabase(join(tempDir(t), 'same.db'));
  t.teardown(() => sqlite.close());
  await migrateToLatest(sqlite.db);
  const sqliteTables = (
    sqlite.sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and sql not like 'create virtual%' and name not like 'search_index_%' and name not like 'search_codes_%'",
      )
      .all() as { name: string }[]
  )
    .map((r) => r.name)
    .sort();
  const pgTables = (
    await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(handle.db)
  ).rows
    .map((r) => r.name)
    .sort();
  // The word and code indexes are each dialect's own (FTS5 on SQLite; tsvector and pg_trgm tables on PostgreSQL).
  const ownSearch = (name: string) => /^search_(index|codes|words)\b/.test(name);
  t.same(
    pgTables.filter((n) => !ownSearch(n)),
    sqliteTables.filter((n) => !ownSearch(n)),
    'the same tables on both',
  );

  // The rows migrations seed (notification rules, templates, activities …) are the same too.
  const counts = async (count: (table: string) => Promise<number>) =>
    Object.fromEntries(await Promise.all(sqliteTables.map(async (table) => [table, await count(table)] as const)));
  const onSqlite = await counts(
    async (table) => (sqlite.sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n,
  );
  const onPostgres = await counts(
    async (table) =>
      (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db)).rows[0]!.n,
  );
  t.same(onPostgres, onSqlite, 'the same seeded rows in every table');
  t.ok(onPostgres.notification_rules! > 20, 'the notification rules survive the tables rebuilt with their ids');
});

t.test('integers are 64-bit and ids are identities: money sums and ids do not overflow', async (t) => {
  const handle = await freshHandle(t);
  await migrateToLatest(handle.db);
  const types = (
    await sql<{ table_name: string; column_name: string; data_type: string; is_identity: string }>`
      select table_name, column_name, data_type, is_identity from information_schema.columns
      where table_schema = current_schema()`.execute(handle.db)
  ).rows;
  t.same(
    types.filter((c) => c.data_type === 'integer').map((c) => `${c.table_name}.${c.column_name}`),
    [],
    'no int4 column',
  );
  const of = (table: string, column: string) => types.find((c) => c.table_name === table && c.column_name === column)!;
  t.match(of('tickets', 'id'), { data_type: 'bigint', is_identity: 'YES' });
  t.match(of('worklogs', 'amount_kopecks'), { data_type: 'bigint' });
  t.match(of('addresses', 'latitude'), { data_type: 'double precision' }, 'real is 8 bytes, as in SQLite');

  // Kopecks past int4 (21 million roubles) and a sum of them come back as exact JS numbers.
  const org = await handle.writes.run((trx) =>
    trx
      .insertInto('organizations')
      .values({ name: 'Big', created_at: '2026-12-05T00:00:00.000Z', updated_at: '2026-12-05T00:00:00.000Z' } as never)
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  t.type(org.id, 'number', 'a bigint id is a number');
  const big = 9_000_000_000_000;
  const { rows } = await sql<{ total: number; n: number }>`select sum(v) as total, count(*) as n
    from (values (${big}::bigint), (${big}::bigint)) as t(v)`.execute(handle.db);
  t.same(rows[0], { total: 2 * big, n: 2 }, 'sum (numeric) and count (bigint) are numbers');
});

t.test('two nodes migrating at once: one migrates under the advisory lock, the other finds it done', async (t) => {
  const database = await freshPostgresDatabase();
  const a = openPostgres({ url: database.url, poolSize: 2 });
  const b = openPostgres({ url: database.url, poolSize: 2 });
  t.teardown(async () => {
    await a.close();
    await b.close();
    await database.drop();
  });
  const [ra, rb] = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
  const applied = [ra, rb].map((r) => r.results?.length ?? 0).sort((x, y) => x - y);
  t.equal(applied[0], 0, 'the second finds nothing left');
  t.ok(applied[1]! > 20, `the first applies them all (${applied[1]})`);
  const { rows } = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(a.db);
  t.equal(rows[0]!.n, applied[1], 'each migration recorded once');
});

t.test('SQLite triggers work as PostgreSQL triggers: history line, dashboard counts, search queue', async (t) => {
  const handle = await freshHandle(t);
  await migrateToLatest(handle.db);
  const now = '2026-12-05T09:00:00.000Z';
  const ids = await handle.writes.run(async (trx) => {
    const org = await trx
      .insertInto('organizations')
      .values({ name: 'Acme', created_at: now, updated_at: now } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const ticket = await sql<{ id: number }>`insert into tickets
        (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
        values (7, 'Printer', 'Jammed', 'incident', 'P2', 'new', ${org.id}, 'web', '[]', ${now}, ${now}) returning id`
      .execute(trx)
      .then((r) => r.rows[0]!);
    return { org: org.id, ticket: ticket.id };
  });
  const history = await handle.db
    .selectFrom('ticket_history')
    .selectAll()
    .where('ticket_id', '=', ids.ticket)
    .execute();
  t.match(history, [{ action: 'created', new_value: '#7', at: now }], 'the insert trigger wrote the created line');
  const daily = await sql<{
    day: string;
    metric: string;
    n: number;
  }>`select day, metric, n from dashboard_daily`.execute(handle.db);
  t.same(daily.rows, [{ day: '2026-12-05', metric: 'created', n: 1 }], 'the dashboard counts the day (UTC+3)');
  await handle.writes.run((trx) => trx.deleteFrom('tickets').where('id', '=', ids.ticket).execute());
  const after = await sql<{ n: number }>`select sum(n) as n from dashboard_daily where metric = 'created'`.execute(
    handle.db,
  );
  t.same(after.rows, [{ n: 0 }], 'the delete trigger counts it down');
  const queued = await sql<{ doc: number }>`select doc from search_queue order by doc`.execute(handle.db);
  t.same(
    queued.rows.map((r) => r.doc),
    [ids.ticket * 4, ids.org * 4 + 2],
    'the search queue notes the client and the ticket',
  );
});

t.test(
  'creations on many connections of two nodes: numbers from the sequence, counts per connection, folded',
  async (t) => {
    const database = await freshPostgresDatabase();
    const nodes = [openPostgres({ url: database.url, poolSize: 4 }), openPostgres({ url: database.url, poolSize: 4 })];
    t.teardown(async () => {
      for (const node of nodes) await node.close();
      await database.drop();
    });
    await migrateToLatest(nodes[0]!.db);
    const now = '2026-12-01T09:00:00.000Z';
    const org = await nodes[0]!.writes.run((trx) =>
      trx
        .insertInto('organizations')
        .values({ name: 'Acme', created_at: now, updated_at: now } as never)
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const created = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        nodes[i % 2]!.writes.run(async (trx) => {
          // The number is left to the column's sequence, as tickets.repository.ts does on PostgreSQL.
          const row = await sql<{ number: number }>`insert into tickets
            (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
            values (default, 'Printer', '', 'incident', 'P2', 'new', ${org.id}, 'web', '[]', ${now}, ${now})
            returning number`.execute(trx);
          // Hold the transaction open a moment so that the creations overlap.
          await sql`select pg_sleep(0.01)`.execute(trx);
          return row.rows[0]!.number;
        }),
      ),
    );
    t.equal(new Set(created).size, 40, 'forty creations, forty different numbers');
    t.same(
      [...created].sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, i) => i + 1),
      'the sequence hands out 1 to 40 when nothing was refused',
    );
    // A connection whose process id is a multiple of 64 counts on shard 0 itself: the fold moves the other rows.
    const shards = await sql<{ rows: number; moved: number; n: number }>`select count(*) as rows,
      count(*) filter (where shard <> 0) as moved, sum(n) as n from dashboard_daily
    where day = '2026-12-01' and metric = 'created'`.execute(nodes[0]!.db);
    t.equal(shards.rows[0]!.n, 40, 'the day counts forty creations');
    t.ok(shards.rows[0]!.rows > 1, `kept on the rows of several connections (${shards.rows[0]!.rows})`);

    const folded = await nodes[0]!.writes.run((trx) => foldCounterShards(trx, '2026-12-02'));
    t.equal(folded, shards.rows[0]!.moved, 'every other row of the day was folded into shard 0');
    const after = await sql<{ shard: number; n: number }>`select shard, n from dashboard_daily
    where day = '2026-12-01' and metric = 'created'`.execute(nodes[0]!.db);
    t.same(after.rows, [{ shard: 0, n: 40 }], 'one row of forty remains');
    t.equal(
      await nodes[1]!.writes.run((trx) => foldCounterShards(trx, '2026-12-01')),
      0,
      'the day itself is not folded',
    );
  },
);
