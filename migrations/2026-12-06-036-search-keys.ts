import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Search results newest first across tickets, comments, clients and contacts, rebuilt in the background.
 *
 * The indexes were keyed by id × 4 + kind, so a document's place in "newest first" was its id within its own
 * table: with five comments to a ticket, comment 1,000,001 (a year old) ranked above the ticket made today, and a
 * common word's first page on a million-ticket desk held comments only. Each document now gets a key in creation
 * order across all four tables (`search_keys`: key = position × 4 + kind, so the kind still reads from the key)
 * and the indexes use that key as their rowid (SQLite) or doc (PostgreSQL). A new row gets the next key as it is
 * inserted, by a trigger of its own (after the queue's triggers of 028): the key is the order rows entered the
 * desk, whatever order the indexer later takes them in (it takes the newest first, in batches).
 *
 * On an existing desk this orders everything that exists by its creation time, empties the indexes and queues
 * every document again: the migration takes seconds, and the desk indexes the queue in the background as after
 * 028, newest first, logging its progress.
 */
export const SOURCES = [
  ['tickets', 0],
  ['comments', 1],
  ['organizations', 2],
  ['contacts', 3],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table search_keys (key integer primary key, doc integer not null unique)`.execute(db);
  // Ids are never reused (AUTOINCREMENT), so a new row's doc has no key yet; `or ignore` keeps the trigger from
  // ever failing an insert all the same.
  for (const [table, code] of SOURCES)
    await sql
      .raw(
        `create trigger ${table}_search_key after insert on ${table} begin
           insert or ignore into search_keys (key, doc)
           values ((select coalesce(max(key), 0) / 4 + 1 from search_keys) * 4 + ${code}, new.id * 4 + ${code}); end`,
      )
      .execute(db);
  await keyInCreationOrder(db);
  await recreateIndexes(db);
  await queueEverything(db);
}

/** The indexes keyed by id × 4 + kind again (028's), rebuilt in the background the same way. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const [table] of SOURCES) await sql.raw(`drop trigger if exists ${table}_search_key`).execute(db);
  await sql`drop table if exists search_keys`.execute(db);
  await recreateIndexes(db);
  await queueEverything(db);
}

/** Keys for every row that exists, in the order the rows were created (ties by doc); both dialects. */
export async function keyInCreationOrder(db: Kysely<any>): Promise<void> {
  await sql`insert into search_keys (key, doc)
    select row_number() over (order by created_at, doc) * 4 + doc % 4, doc from (
      select id * 4 as doc, created_at from tickets union all select id * 4 + 1, created_at from comments
      union all select id * 4 + 2, created_at from organizations union all select id * 4 + 3, created_at from contacts
    ) as documents`.execute(db);
}

/** 028's two FTS5 tables, empty. Dropped rather than emptied: deleting millions of rows one by one takes minutes. */
async function recreateIndexes(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists search_index`.execute(db);
  await sql`drop table if exists search_codes`.execute(db);
  await sql`create virtual table search_index using fts5(
    title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`create virtual table search_codes using fts5(codes, content = '', contentless_delete = 1, tokenize = 'trigram')`.execute(
    db,
  );
}

async function queueEverything(db: Kysely<any>): Promise<void> {
  await sql`insert or ignore into search_queue (doc)
    select id * 4 from tickets union all select id * 4 + 1 from comments
    union all select id * 4 + 2 from organizations union all select id * 4 + 3 from contacts`.execute(db);
  await sql`delete from search_rebuild`.execute(db);
  await sql`insert into search_rebuild (id, total, started_at)
    select 1, count(*), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from search_queue having count(*) > 0`.execute(db);
}
