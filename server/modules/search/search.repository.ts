import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { TicketStatus } from '../../db/schema.js';
import { dialectOf } from '../../db/dialect.js';
import { holdsPhrases, indexDocument, substringPattern, tsvectorText, type WordClause } from './search-text.js';
import { ftsQuery, tsQuery } from './fts-query.js';

export type SearchKind = 'ticket' | 'comment' | 'organization' | 'contact';
export const KIND_CODES: Record<SearchKind, number> = { ticket: 0, comment: 1, organization: 2, contact: 3 };
const KINDS: SearchKind[] = ['ticket', 'comment', 'organization', 'contact'];
export const kindOf = (doc: number): SearchKind => KINDS[doc % 4]!;

/** One row of the desk as the indexes see it. */
export interface SourceDoc {
  doc: number;
  kind: SearchKind;
  refId: number;
  parentId: number;
  title: string;
  body: string;
}

/** What an index row holds once computed in JS (see search-text.ts). */
export interface IndexedDoc {
  source: SourceDoc;
  title: string;
  body: string;
  codes: string;
}

// ---------------------------------------------------------------- the queue

/** The next rows to index, newest first (a rebuild makes recent work searchable first). */
export async function queuedDocs(db: Kysely<Database>, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('search_queue').select('doc').orderBy('doc', 'desc').limit(limit).execute();
  return rows.map((r) => r.doc);
}

/**
 * Of `docs` (read from the queue), those still queued that this transaction may index. On PostgreSQL several
 * nodes drain the one queue: each locks its rows (`FOR UPDATE SKIP LOCKED`) and leaves the rows another node is
 * indexing to it. SQLite's single writer needs no claim.
 */
export async function claimQueuedDocs(trx: Kysely<Database>, docs: number[]): Promise<number[]> {
  if (dialectOf(trx) !== 'postgres' || !docs.length) return docs;
  const rows = await sql<{ doc: number }>`select doc from search_queue where doc in (${sql.join(docs)})
    for update skip locked`.execute(trx);
  return rows.rows.map((r) => Number(r.doc));
}

/** Whether anything waits (a primary-key probe). */
export async function queueWaiting(db: Kysely<Database>): Promise<boolean> {
  return Boolean(await db.selectFrom('search_queue').select('doc').limit(1).executeTakeFirst());
}

/** How many rows wait, counted only up to `cap` (the caller only needs to know "few" or "many"). */
export async function queueLength(db: Kysely<Database>, cap: number): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*) as n from (select 1 from search_queue limit ${cap}) as waiting`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export async function rebuildState(db: Kysely<Database>) {
  return db.selectFrom('search_rebuild').selectAll().executeTakeFirst();
}

export async function finishRebuild(trx: Kysely<Database>): Promise<void> {
  await trx.deleteFrom('search_rebuild').execute();
}

/** The rows behind `docs` as they are now; a deleted row is simply missing. */
export async function sourceDocs(db: Kysely<Database>, docs: number[]): Promise<Map<number, SourceDoc>> {
  const ids = (code: number) => docs.filter((d) => d % 4 === code).map((d) => (d - code) / 4);
  const out = new Map<number, SourceDoc>();
  const add = (kind: SearchKind, refId: number, parentId: number, title: string, body: string) => {
    const doc = refId * 4 + KIND_CODES[kind];
    out.set(doc, { doc, kind, refId, parentId, title, body });
  };
  const tickets = ids(0);
  if (tickets.length) {
    for (const t of await db
      .selectFrom('tickets')
      .select(['id', 'number', 'subject', 'description'])
      .where('id', 'in', tickets)
      .execute())
      add('ticket', t.id, t.id, `#${t.number} ${t.subject}`, t.description ?? '');
  }
  const comments = ids(1);
  if (comments.length) {
    for (const c of await db
      .selectFrom('comments')
      .select(['id', 'ticket_id', 'body'])
      .where('id', 'in', comments)
      .execute())
      add('comment', c.id, c.ticket_id, '', c.body);
  }
  const orgs = ids(2);
  if (orgs.length) {
    for (const o of await db
      .selectFrom('organizations')
      .select(['id', 'name', 'legal_name', 'tax_id', 'notes'])
      .where('id', 'in', orgs)
      .execute())
      add('organization', o.id, o.id, o.name, [o.legal_name, o.tax_id, o.notes].filter(Boolean).join(' '));
  }
  const contacts = ids(3);
  if (contacts.length) {
    for (const c of await db
      .selectFrom('contacts')
      .select(['id', 'organization_id', 'name', 'email', 'phone', 'position'])
      .where('id', 'in', contacts)
      .execute())
      add('contact', c.id, c.organization_id, c.name, [c.email, c.phone, c.position].filter(Boolean).join(' '));
  }
  return out;
}

/** The titles of documents (tickets: "#number subject"; clients and contacts: their names). */
export async function sourceTitles(db: Kysely<Database>, docs: number[]): Promise<Map<number, string>> {
  const ids = (code: number) => docs.filter((d) => d % 4 === code).map((d) => (d - code) / 4);
  const out = new Map<number, string>();
  const tickets = ids(0);
  if (tickets.length)
    for (const t of await db
      .selectFrom('tickets')
      .select(['id', 'number', 'subject'])
      .where('id', 'in', tickets)
      .execute())
      out.set(t.id * 4, `#${t.number} ${t.subject}`);
  const orgs = ids(2);
  if (orgs.length)
    for (const o of await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', orgs).execute())
      out.set(o.id * 4 + 2, o.name);
  const contacts = ids(3);
  if (contacts.length)
    for (const c of await db.selectFrom('contacts').select(['id', 'name']).where('id', 'in', contacts).execute())
      out.set(c.id * 4 + 3, c.name);
  return out;
}

/** Up to this many rows per multi-row insert (3 values each, far below SQLite's variable limit). */
const INSERT_CHUNK = 200;

/**
 * Replaces the index rows of `docs` with `indexed` (a doc missing there was deleted: its rows go) and takes
 * them off the queue, in the caller's transaction.
 */
export async function writeIndexRows(trx: Kysely<Database>, docs: number[], indexed: IndexedDoc[]): Promise<void> {
  if (dialectOf(trx) === 'postgres') await writePostgresRows(trx, docs, indexed);
  else await writeSqliteRows(trx, docs, indexed);
  for (let i = 0; i < docs.length; i += 500) {
    await trx
      .deleteFrom('search_queue')
      .where('doc', 'in', docs.slice(i, i + 500))
      .execute();
  }
}

/**
 * Rows are written in rising rowid order, one row per statement. FTS5 keeps a transaction's new rows in memory and
 * writes them out as one segment at the commit, but only while their rowids rise (a lower rowid writes out what
 * it holds first; the queue hands out the newest documents first) and only until a statement opens a savepoint:
 * a multi-row INSERT does (it may fail half-way), and FTS5 then writes out everything it holds, of both tables.
 * Either way a batch became dozens of tiny segments for FTS5 to merge again and again (unsorted, inserting 100,000
 * rows took 3.3 times as long; in 200-row statements, indexing a million-ticket desk slowed to a few hundred
 * documents a second once its index had grown).
 */
async function writeSqliteRows(trx: Kysely<Database>, docs: number[], indexed: IndexedDoc[]): Promise<void> {
  for (const doc of [...docs].sort((a, b) => a - b)) {
    await sql`delete from search_index where rowid = ${doc}`.execute(trx);
    await sql`delete from search_codes where rowid = ${doc}`.execute(trx);
  }
  const ascending = [...indexed].sort((a, b) => a.source.doc - b.source.doc);
  for (const d of ascending)
    await sql`insert into search_index (rowid, title, body) values (${d.source.doc}, ${d.title}, ${d.body})`.execute(
      trx,
    );
  for (const d of ascending)
    if (d.codes) await sql`insert into search_codes (rowid, codes) values (${d.source.doc}, ${d.codes})`.execute(trx);
}

/**
 * PostgreSQL's index rows: `search_words` (doc, the tokens of the same stems as a tsvector, GIN) and
 * `search_codes` (doc, the same code chunks as text, GIN trigrams). Made by
 * migrations/postgres/2026-12-04-028-search-stems.ts.
 */
async function writePostgresRows(trx: Kysely<Database>, docs: number[], indexed: IndexedDoc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) {
    const some = docs.slice(i, i + 500);
    await sql`delete from search_words where doc in (${sql.join(some)})`.execute(trx);
    await sql`delete from search_codes where doc in (${sql.join(some)})`.execute(trx);
  }
  for (let i = 0; i < indexed.length; i += INSERT_CHUNK) {
    const chunk = indexed.slice(i, i + INSERT_CHUNK);
    await sql`insert into search_words (doc, terms, exact) values ${sql.join(
      chunk.map((d) => {
        const v = tsvectorText(d.title, d.body);
        return sql`(${d.source.doc}, ${v.text}::tsvector, ${v.exact})`;
      }),
    )}`.execute(trx);
    const withCodes = chunk.filter((d) => d.codes);
    if (withCodes.length)
      await sql`insert into search_codes (doc, codes) values ${sql.join(
        withCodes.map((d) => sql`(${d.source.doc}, ${d.codes})`),
      )}`.execute(trx);
  }
}

/**
 * One step of merging the indexes' segments (FTS5 'merge' with a negative page count: every level is merged
 * towards one b-tree, `pages` pages at a time); returns whether any work was done. A bulk load leaves many
 * small segments, and every query pays a seek in each.
 */
export async function mergeIndexStep(trx: Kysely<Database>, pages: number): Promise<boolean> {
  if (dialectOf(trx) === 'postgres') return cleanPendingLists(trx);
  let worked = false;
  for (const table of ['search_index', 'search_codes']) {
    const before = await sql<{ n: number }>`select total_changes() as n`.execute(trx);
    await sql`insert into ${sql.table(table)} (${sql.ref(table)}, rank) values ('merge', ${-pages})`.execute(trx);
    const after = await sql<{ n: number }>`select total_changes() as n`.execute(trx);
    if (after.rows[0]!.n - before.rows[0]!.n >= 2) worked = true;
  }
  return worked;
}

/** Merges every segment of both indexes into one at once: for a desk nobody uses yet (after a bulk load). */
export async function optimizeIndexes(trx: Kysely<Database>): Promise<void> {
  if (dialectOf(trx) === 'postgres') {
    await cleanPendingLists(trx);
    return;
  }
  await sql`insert into search_index (search_index) values ('optimize')`.execute(trx);
  await sql`insert into search_codes (search_codes) values ('optimize')`.execute(trx);
}

/**
 * PostgreSQL's GIN indexes take new entries into a pending list that every query scans whole; moving it into the
 * index proper is their merge (all at once: there is no partial step). Whether anything was moved.
 */
async function cleanPendingLists(trx: Kysely<Database>): Promise<boolean> {
  const r = await sql<{ pages: number }>`select gin_clean_pending_list('search_words_terms'::regclass)
    + gin_clean_pending_list('search_codes_codes'::regclass) as pages`.execute(trx);
  return (r.rows[0]?.pages ?? 0) > 0;
}

// ---------------------------------------------------------------- queries

/**
 * One time slice of the matches: the newest `size` documents below `before` (rowid, newest first) that match
 * the words (driving the walk when there are any) or else the codes. FTS5 walks a doclist backwards and stops
 * at the limit, so a slice costs about `size` index entries however common the words are.
 */
export async function matchSlice(db: Kysely<Database>, q: SliceQuery): Promise<number[]> {
  if (dialectOf(db) === 'postgres') return matchSlicePostgres(db, q);
  const kinds = q.kinds ? sql`and (rowid % 4) in (${sql.join(q.kinds)})` : sql``;
  const before = q.before !== null ? sql`and rowid < ${q.before}` : sql``;
  const rows = q.words
    ? await sql<{ doc: number }>`select rowid as doc from search_index where search_index match ${q.words.fts5}
        ${kinds} ${before} order by rowid desc limit ${q.size}`.execute(db)
    : q.codes
      ? await sql<{ doc: number }>`select rowid as doc from search_codes where search_codes match ${q.codes.fts5}
        ${kinds} ${before} order by rowid desc limit ${q.size}`.execute(db)
      : { rows: [] };
  return rows.rows.map((r) => r.doc);
}

export interface SliceQuery {
  /**
   * The word clauses as FTS5 (SQLite) and as a tsquery (PostgreSQL): the same clauses, each dialect's spelling;
   * `loose` the tsquery with phrases as mere tokens (null without a phrase: see `tsqueryLoose`).
   */
  words: { fts5: string; tsquery: string; loose: string | null; clauses: WordClause[] } | null;
  /** The trigram MATCH expression (SQLite) and the folded codes it holds (PostgreSQL). */
  codes: { fts5: string; list: string[] } | null;
  kinds: number[] | null;
  before: number | null;
  size: number;
}

/**
 * The same slice on PostgreSQL: the newest `size` docs below `before` whose tsvector holds the tokens (GIN) or
 * else whose code chunks hold every code as a substring (GIN trigram index; the chunks are folded as the query
 * is, and ILIKE folds as SQLite's trigram tokenizer does). Ordered and cut by doc like SQLite's walk: the
 * planner reads the primary key backwards and stops at the limit when the words are common, or the few GIN
 * matches and sorts them when they are rare, so a slice costs about `size` rows either way.
 */
async function matchSlicePostgres(db: Kysely<Database>, q: SliceQuery): Promise<number[]> {
  const kinds = q.kinds ? sql`and (doc % 4) in (${sql.join(q.kinds)})` : sql``;
  const below = (before: number | null) => (before !== null ? sql`and doc < ${before}` : sql``);
  if (q.words?.loose) return phraseSlicePostgres(db, { ...q, words: q.words }, kinds);
  const rows = q.words
    ? await sql<{ doc: number }>`select doc from search_words where terms @@ ${q.words.tsquery}::tsquery
        ${kinds} ${below(q.before)} order by doc desc limit ${q.size}`.execute(db)
    : q.codes
      ? await sql<{ doc: number }>`select doc from search_codes
        where ${sql.join(
          q.codes.list.map((c) => sql`codes ilike ${substringPattern(c)}`),
          sql` and `,
        )} ${kinds} ${below(q.before)} order by doc desc limit ${q.size}`.execute(db)
      : { rows: [] };
  return rows.rows.map((r) => r.doc);
}

/**
 * A slice with phrases on PostgreSQL. A row whose positions PostgreSQL held whole (`exact`, nearly every row)
 * matches by `<->`; one it could not (a text past 16,383 words) is taken by its tokens and its phrases checked
 * against its text here, as FTS5 would match them. Rows that fail that check are replaced by older ones, so the
 * slice is the same `size` newest matches as SQLite's.
 */
async function phraseSlicePostgres(
  db: Kysely<Database>,
  q: SliceQuery & { words: NonNullable<SliceQuery['words']> },
  kinds: RawBuilder<unknown>,
): Promise<number[]> {
  const out: number[] = [];
  let before = q.before;
  for (;;) {
    const want = q.size - out.length;
    const rows = await sql<{ doc: number; exact: boolean }>`select doc, exact from search_words
      where terms @@ ${q.words.loose}::tsquery and (not exact or terms @@ ${q.words.tsquery}::tsquery)
      ${kinds} ${before !== null ? sql`and doc < ${before}` : sql``} order by doc desc limit ${want}`.execute(db);
    const loose = rows.rows.filter((r) => !r.exact).map((r) => r.doc);
    const texts = loose.length ? await sourceDocs(db, loose) : new Map<number, SourceDoc>();
    for (const r of rows.rows) {
      const s = texts.get(r.doc);
      const indexed = s ? indexDocument(s.title, s.body) : null;
      if (r.exact || (indexed && holdsPhrases(indexed.title, indexed.body, q.words.clauses))) out.push(r.doc);
    }
    if (rows.rows.length < want || out.length >= q.size) return out;
    before = rows.rows.at(-1)!.doc;
  }
}

/**
 * The tickets whose own text (subject and description, never a comment) holds the words typed (see
 * `textClauses`), as a subquery of ticket ids for `tickets.id in (…)`, on either dialect; null when no word is
 * left. For the queue's and the portal's text filters.
 */
export function ticketsMatchingText(db: Kysely<Database>, text: string): RawBuilder<number> | null {
  if (dialectOf(db) === 'postgres') {
    const query = tsQuery(text);
    return query === null
      ? null
      : sql<number>`(select doc / 4 from search_words where terms @@ ${query}::tsquery and doc % 4 = 0)`;
  }
  const match = ftsQuery(text);
  return match === null
    ? null
    : sql<number>`(select rowid / 4 from search_index where search_index match ${match} and rowid % 4 = 0)`;
}

/** The ticket with this number, if any. */
export async function ticketByNumber(db: Kysely<Database>, number: number) {
  return db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirst();
}

export interface TicketFacts {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  created_at: string;
  organization_id: number;
  organization_name: string;
}

/** Number, status, client and date of the tickets behind hits (for the result list). */
export async function ticketFacts(db: Kysely<Database>, ids: number[]): Promise<Map<number, TicketFacts>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('tickets')
    .innerJoin('organizations', 'organizations.id', 'tickets.organization_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.subject',
      'tickets.status',
      'tickets.created_at',
      'tickets.organization_id',
      'organizations.name as organization_name',
    ])
    .where('tickets.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** When comments were written. */
export async function commentDates(db: Kysely<Database>, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('comments').select(['id', 'created_at']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.created_at]));
}

/** Names and creation dates of clients (for hits on clients and contacts). */
export async function organizationFacts(db: Kysely<Database>, ids: number[]) {
  if (!ids.length) return new Map<number, { name: string; created_at: string }>();
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'name', 'created_at'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function contactDates(db: Kysely<Database>, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('contacts').select(['id', 'created_at']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.created_at]));
}
