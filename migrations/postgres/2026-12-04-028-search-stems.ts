import { sql, type Kysely } from 'kysely';
import * as shared from '../2026-12-04-028-search-stems.js';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * PostgreSQL's version of 028 (search by word forms and by exact codes). The shared migration makes the queue,
 * the rebuild marker and the triggers that feed the queue (translated into PL/pgSQL by server/db/postgres-ddl.ts);
 * its FTS5 tables have no PostgreSQL counterpart, so this file makes PostgreSQL's own:
 *
 * - `search_words`: per document (doc = id × 4 + kind, as SQLite's rowid) the tokens of the Snowball stems the
 *   application computed, as a tsvector with positions (phrases), under a GIN index. The application hands the
 *   lexemes over as they are (cast, not `to_tsvector`), so PostgreSQL stems, splits and folds nothing: the same
 *   terms as in SQLite's word index. `exact`: the tsvector holds every position (false past 16,383 words, where
 *   a phrase is checked against the text instead).
 * - `search_codes`: the same code chunks (error codes, numbers, addresses, file names) as text, under a GIN
 *   trigram index (pg_trgm, a trusted extension the database owner may create), for substring search.
 *
 * Only the PostgreSQL migrator runs this file (server/db/migrator.ts picks it by the shared file's name).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await shared.up(db);
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create table search_words (doc bigint primary key, terms tsvector not null, exact boolean not null)`.execute(
    db,
  );
  await sql`create index search_words_terms on search_words using gin (terms)`.execute(db);
  await sql`create table search_codes (doc bigint primary key, codes text not null)`.execute(db);
  await sql`create index search_codes_codes on search_codes using gin (codes gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists search_codes`.execute(db);
  await sql`drop table if exists search_words`.execute(db);
  await shared.down(db);
}
