import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * New tickets enter the word index in batches instead of one by one. Indexing a row costs several times more
 * than storing it when done per row (each trigger insert into the FTS table pays its own overhead), and a
 * few hundred rows indexed together cost a tenth as much each. A new ticket now only notes its id in
 * `search_backlog`; the search module indexes the backlog in the background and always before it answers a
 * query, so a search never misses a ticket that exists.
 */
const TICKET_INDEX_INSERT = `insert into search_index(rowid, kind, ref_id, parent_id, title, body)
      values (new.id * 4 + 0, 'ticket', new.id, new.id, '#' || new.number || ' ' || new.subject, new.description);`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table search_backlog (ticket_id integer primary key)`.execute(db);
  await sql`drop trigger if exists tickets_search_insert`.execute(db);
  await sql`create trigger tickets_search_insert after insert on tickets begin insert or ignore into search_backlog (ticket_id) values (new.id); end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Whatever is still waiting is indexed now: the per-row trigger that comes back would never see it.
  await sql`insert into search_index(rowid, kind, ref_id, parent_id, title, body)
      select t.id * 4, 'ticket', t.id, t.id, '#' || t.number || ' ' || t.subject, t.description
      from search_backlog b cross join tickets t
      where t.id = b.ticket_id and not exists (select 1 from search_index s where s.rowid = t.id * 4)`.execute(db);
  await sql`drop trigger if exists tickets_search_insert`.execute(db);
  await sql.raw(`create trigger tickets_search_insert after insert on tickets begin ${TICKET_INDEX_INSERT} end`).execute(db);
  await sql`drop table if exists search_backlog`.execute(db);
}
