/**
 * Each pooled PostgreSQL connection counts the dashboards' daily numbers on a shard (process id modulo 64) that no
 * other live connection of the database counts on (server/db/counter-shards.ts): two creations on two connections
 * never bump the same row, so neither runs again.
 */
import t from 'tap';
import pg from 'pg';
import { sql } from 'kysely';
import { openPostgres } from '../../server/db/postgres.js';
import { SHARD_LOCK_BASE } from '../../server/db/counter-shards.js';
import { freshPostgresDatabase } from '../helpers/installation.js';

t.test('a new connection whose shard another connection holds is replaced by one on a free shard', async (t) => {
  const database = await freshPostgresDatabase();
  // Another node's connections on every even shard, held for the whole test.
  const other = new pg.Client({ connectionString: database.url });
  await other.connect();
  await other.query('select pg_advisory_lock($1::bigint + s) from generate_series(0, 62, 2) as s', [SHARD_LOCK_BASE]);
  const handle = openPostgres({ url: database.url, poolSize: 4 });
  t.teardown(async () => {
    await handle.close();
    await other.end();
    await database.drop();
  });
  // Four queries at once take the pool's four connections: each holds its own long enough for the others to
  // find theirs (a connection opened on a held shard is closed and another opened).
  const sessions = await Promise.all(
    Array.from({ length: 4 }, () =>
      sql<{ pid: number; shard: number }>`select pg_backend_pid() as pid, pg_backend_pid() % 64 as shard,
        pg_sleep(1.5)`
        .execute(handle.db)
        .then((r) => r.rows[0]!),
    ),
  );
  t.equal(new Set(sessions.map((s) => s.pid)).size, 4, 'four connections');
  const shards = sessions.map((s) => s.shard);
  t.equal(new Set(shards).size, 4, `on four shards (${shards.join(', ')})`);
  t.ok(
    shards.every((s) => s % 2 === 1),
    `every one on a shard the other node does not hold (${shards.join(', ')})`,
  );
  // Each keeps its shard's lock while it lives: the other node cannot take it.
  const { rows } = await other.query<{ taken: boolean }>(
    'select bool_and(not pg_try_advisory_lock($1::bigint + s)) as taken from unnest($2::int[]) as s',
    [SHARD_LOCK_BASE, shards],
  );
  t.equal(rows[0]!.taken, true, "the pool's connections hold their shards");
});
