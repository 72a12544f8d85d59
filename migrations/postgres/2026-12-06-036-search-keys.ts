import { sql, type Kysely } from 'kysely';
import { keyInCreationOrder, SOURCES } from '../2026-12-06-036-search-keys.js';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * PostgreSQL's version of 036 (search keys in creation order): the same `search_keys` table, filled the same
 * way; `search_words` and `search_codes` (028) are emptied, their `doc` column becomes `key` (what it holds now),
 * and every document is queued again, to be indexed under its key in the background. A new row's key comes from
 * a sequence (`search_key_positions`): nodes insert at once, and the highest key read by one would be read by
 * another too. Only the PostgreSQL migrator runs this file.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table search_keys (key bigint primary key, doc bigint not null unique)`.execute(db);
  await sql`create sequence search_key_positions`.execute(db);
  // Written as SQLite's trigger and made a PL/pgSQL function and row trigger by server/db/postgres-ddl.ts.
  for (const [table, code] of SOURCES)
    await sql
      .raw(
        `create trigger ${table}_search_key after insert on ${table} begin
           insert or ignore into search_keys (key, doc)
           values (nextval('search_key_positions') * 4 + ${code}, new.id * 4 + ${code}); end`,
      )
      .execute(db);
  await keyInCreationOrder(db);
  await sql`select setval('search_key_positions', coalesce((select max(key) / 4 from search_keys), 0) + 1, false)`.execute(
    db,
  );
  await sql`alter table search_words rename column doc to key`.execute(db);
  await sql`alter table search_codes rename column doc to key`.execute(db);
  await rebuild(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Drops the trigger's function, and with it the trigger (server/db/postgres-ddl.ts).
  for (const [table] of SOURCES) await sql.raw(`drop trigger if exists ${table}_search_key`).execute(db);
  await sql`drop sequence if exists search_key_positions`.execute(db);
  await sql`drop table if exists search_keys`.execute(db);
  await sql`alter table search_words rename column key to doc`.execute(db);
  await sql`alter table search_codes rename column key to doc`.execute(db);
  await rebuild(db);
}

async function rebuild(db: Kysely<any>): Promise<void> {
  await sql`truncate search_words, search_codes`.execute(db);
  await sql`insert into search_queue (doc)
    select id * 4 from tickets union all select id * 4 + 1 from comments
    union all select id * 4 + 2 from organizations union all select id * 4 + 3 from contacts
    on conflict do nothing`.execute(db);
  await sql`delete from search_rebuild`.execute(db);
  await sql`insert into search_rebuild (id, total, started_at)
    select 1, count(*), to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') from search_queue
    having count(*) > 0`.execute(db);
}
