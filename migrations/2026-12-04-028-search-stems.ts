import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Search by word forms and by exact codes, rebuilt in the background on an existing desk.
 *
 * The word index (`search_index`) now holds Snowball stems computed in JS (so "бухгалтерии" finds
 * "бухгалтерия"), and a trigram index (`search_codes`) holds the code-like chunks of the text (error codes,
 * numbers, e-mail addresses, file names) for exact substring search. Triggers cannot call JS, so every
 * trigger only notes the changed row in `search_queue` (rowid = id × 4 + kind: ticket 0, comment 1,
 * organization 2, contact 3) and the search module indexes the queue in batches — in the background, and
 * before any query reads the index. Both FTS tables are contentless (the text lives in its own tables; a
 * second copy would double the file for a million tickets) and keep deletes possible (`contentless_delete`).
 *
 * On an existing desk this queues every ticket, comment, client and contact: the migration itself takes
 * seconds even for millions of rows, the desk starts at once, and the indexer works through the queue newest
 * first, logging its progress (`search_rebuild` holds the total until the queue is empty).
 */
const SOURCES = [
  // table, kind code, the columns whose change re-indexes the row
  ['tickets', 0, 'number, subject, description'],
  ['comments', 1, 'ticket_id, body'],
  ['organizations', 2, 'name, legal_name, tax_id, notes'],
  ['contacts', 3, 'organization_id, name, email, phone, position'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table] of SOURCES) {
    for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists ${table}_search_${op}`).execute(db);
  }
  await sql`drop table if exists search_backlog`.execute(db);
  await sql`drop table if exists search_index`.execute(db);
  // Stems of title and body; the rowid says the rest (kind = rowid % 4, id = rowid / 4). No prefix index: a
  // prefix query is asked for explicitly (`бухгалт*`), and the index stays a third smaller.
  await sql`create virtual table search_index using fts5(
    title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`create virtual table search_codes using fts5(codes, content = '', contentless_delete = 1, tokenize = 'trigram')`.execute(
    db,
  );
  await sql`create table search_queue (doc integer primary key)`.execute(db);
  await sql`create table search_rebuild (
    id integer primary key check (id = 1),
    total integer not null,
    started_at text not null
  )`.execute(db);
  for (const [table, code, columns] of SOURCES) {
    await sql
      .raw(
        `create trigger ${table}_search_insert after insert on ${table} begin
           insert or ignore into search_queue (doc) values (new.id * 4 + ${code}); end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_search_update after update of ${columns} on ${table} begin
           insert or ignore into search_queue (doc) values (new.id * 4 + ${code}); end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_search_delete after delete on ${table} begin
           insert or ignore into search_queue (doc) values (old.id * 4 + ${code}); end`,
      )
      .execute(db);
  }
  // Everything that exists is (re)indexed by the search module in the background.
  await sql`insert into search_queue (doc)
    select id * 4 from tickets union all select id * 4 + 1 from comments
    union all select id * 4 + 2 from organizations union all select id * 4 + 3 from contacts`.execute(db);
  await sql`insert into search_rebuild (id, total, started_at)
    select 1, count(*), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from search_queue having count(*) > 0`.execute(db);
}

/** The foundation's word index with its per-row triggers, and the ticket backlog of 008, filled by SQL alone. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const [table] of SOURCES) {
    for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists ${table}_search_${op}`).execute(db);
  }
  for (const table of ['search_codes', 'search_index']) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
  await sql`drop table if exists search_queue`.execute(db);
  await sql`drop table if exists search_rebuild`.execute(db);
  await sql`create virtual table search_index using fts5(
    kind unindexed, ref_id unindexed, parent_id unindexed, title, body,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
  )`.execute(db);
  const rows = [
    ['tickets', 0, 'ticket', `id`, `'#' || number || ' ' || subject`, `description`],
    ['comments', 1, 'comment', `ticket_id`, `''`, `body`],
    ['organizations', 2, 'organization', `id`, `name`, `coalesce(legal_name,'') || ' ' || coalesce(tax_id,'') || ' ' || coalesce(notes,'')`],
    ['contacts', 3, 'contact', `organization_id`, `name`, `coalesce(email,'') || ' ' || coalesce(phone,'') || ' ' || coalesce(position,'')`],
  ] as const;
  for (const [table, code, kind, parent, title, body] of rows) {
    await sql
      .raw(
        `insert into search_index (rowid, kind, ref_id, parent_id, title, body)
         select id * 4 + ${code}, '${kind}', id, ${parent}, ${title}, ${body} from ${table}`,
      )
      .execute(db);
    const values = `(new.id * 4 + ${code}, '${kind}', new.id, ${parent.replace(/^(\w+)$/, 'new.$1')}, ${prefixed(title)}, ${prefixed(body)})`;
    const insert = `insert into search_index (rowid, kind, ref_id, parent_id, title, body) values ${values};`;
    if (table !== 'tickets') {
      await sql.raw(`create trigger ${table}_search_insert after insert on ${table} begin ${insert} end`).execute(db);
    }
    const of = table === 'tickets' ? ' of number, subject, description' : '';
    await sql
      .raw(
        `create trigger ${table}_search_update after update${of} on ${table} begin
           delete from search_index where rowid = old.id * 4 + ${code}; ${insert} end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_search_delete after delete on ${table} begin
           delete from search_index where rowid = old.id * 4 + ${code}; end`,
      )
      .execute(db);
  }
  await sql`create table search_backlog (ticket_id integer primary key)`.execute(db);
  await sql`create trigger tickets_search_insert after insert on tickets begin insert or ignore into search_backlog (ticket_id) values (new.id); end`.execute(
    db,
  );
}

/** A column list written for `select … from t` as the same expression over `new.` in a trigger. */
function prefixed(expr: string): string {
  return expr.replace(/\b(number|subject|description|body|name|legal_name|tax_id|notes|email|phone|position)\b/g, 'new.$1');
}
