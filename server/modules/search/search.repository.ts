import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { TicketStatus } from '../../db/schema.js';
import { dialectOf } from '../../db/dialect.js';
import { dummyKysely } from '../../db/dummy.js';
import { precompiled } from '../../db/prepared.js';
import { holdsPhrases, indexDocument, substringPattern, tsvectorText, type WordClause } from './search-text.js';
import { ftsQuery, tsQuery } from './fts-query.js';

export type SearchKind = 'ticket' | 'comment' | 'organization' | 'contact';
export const KIND_CODES: Record<SearchKind, number> = { ticket: 0, comment: 1, organization: 2, contact: 3 };
const KINDS: SearchKind[] = ['ticket', 'comment', 'organization', 'contact'];
/** The kind of a document (doc = id × 4 + kind) or of an index key (key = position × 4 + kind). */
export const kindOf = (docOrKey: number): SearchKind => KINDS[docOrKey % 4]!;

/** One row of the desk as the indexes see it. */
export interface SourceDoc {
  doc: number;
  kind: SearchKind;
  refId: number;
  parentId: number;
  title: string;
  body: string;
  /** When the row was created: a new document's key follows it (see `giveKeys`). */
  createdAt: string;
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
  const add = (kind: SearchKind, refId: number, parentId: number, title: string, body: string, createdAt: string) => {
    const doc = refId * 4 + KIND_CODES[kind];
    out.set(doc, { doc, kind, refId, parentId, title, body, createdAt });
  };
  const tickets = ids(0);
  if (tickets.length) {
    for (const t of await db
      .selectFrom('tickets')
      .select(['id', 'number', 'subject', 'description', 'created_at'])
      .where('id', 'in', tickets)
      .execute())
      add('ticket', t.id, t.id, `#${t.number} ${t.subject}`, t.description ?? '', t.created_at);
  }
  const comments = ids(1);
  if (comments.length) {
    for (const c of await db
      .selectFrom('comments')
      .select(['id', 'ticket_id', 'body', 'created_at'])
      .where('id', 'in', comments)
      .execute())
      add('comment', c.id, c.ticket_id, '', c.body, c.created_at);
  }
  const orgs = ids(2);
  if (orgs.length) {
    for (const o of await db
      .selectFrom('organizations')
      .select(['id', 'name', 'legal_name', 'tax_id', 'notes', 'created_at'])
      .where('id', 'in', orgs)
      .execute())
      add(
        'organization',
        o.id,
        o.id,
        o.name,
        [o.legal_name, o.tax_id, o.notes].filter(Boolean).join(' '),
        o.created_at,
      );
  }
  const contacts = ids(3);
  if (contacts.length) {
    for (const c of await db
      .selectFrom('contacts')
      .select(['id', 'organization_id', 'name', 'email', 'phone', 'position', 'created_at'])
      .where('id', 'in', contacts)
      .execute())
      add(
        'contact',
        c.id,
        c.organization_id,
        c.name,
        [c.email, c.phone, c.position].filter(Boolean).join(' '),
        c.created_at,
      );
  }
  return out;
}

/** A document's title: a ticket's number and subject ("#number subject"), a client's or contact's name. */
export interface SourceTitle {
  number: number | null;
  text: string;
}

/** The titles of documents (tickets, clients and contacts; comments have none). */
export async function sourceTitles(db: Kysely<Database>, docs: number[]): Promise<Map<number, SourceTitle>> {
  const ids = (code: number) => docs.filter((d) => d % 4 === code).map((d) => (d - code) / 4);
  const out = new Map<number, SourceTitle>();
  const tickets = ids(0);
  if (tickets.length)
    for (const t of await db
      .selectFrom('tickets')
      .select(['id', 'number', 'subject'])
      .where('id', 'in', tickets)
      .execute())
      out.set(t.id * 4, { number: t.number, text: t.subject });
  const orgs = ids(2);
  if (orgs.length)
    for (const o of await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', orgs).execute())
      out.set(o.id * 4 + 2, { number: null, text: o.name });
  const contacts = ids(3);
  if (contacts.length)
    for (const c of await db.selectFrom('contacts').select(['id', 'name']).where('id', 'in', contacts).execute())
      out.set(c.id * 4 + 3, { number: null, text: c.name });
  return out;
}

/** Up to this many rows per multi-row insert (3 values each, far below SQLite's variable limit). */
const INSERT_CHUNK = 200;

// ---------------------------------------------------------------- keys

/** Per statement of key reads and writes (two values a row, far below SQLite's variable limit). */
const KEY_CHUNK = 500;

/** Reads `search_keys` by one of its columns: value → the other column's value, for the rows that exist. */
async function readKeys(db: Kysely<Database>, by: 'doc' | 'key', values: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < values.length; i += KEY_CHUNK) {
    const rows = await db
      .selectFrom('search_keys')
      .select(['doc', 'key'])
      .where(by, 'in', values.slice(i, i + KEY_CHUNK))
      .execute();
    for (const r of rows)
      if (by === 'doc') out.set(Number(r.doc), Number(r.key));
      else out.set(Number(r.key), Number(r.doc));
  }
  return out;
}

/** The keys of `docs`, doc → key (every row has one from its insert; a deleted row's goes when it is unindexed). */
export const keysOfDocs = (db: Kysely<Database>, docs: number[]) => readKeys(db, 'doc', docs);

/** The documents behind index keys, key → doc (a key whose document was deleted since is missing). */
export const docsOfKeys = (db: Kysely<Database>, keys: number[]) => readKeys(db, 'key', keys);

/**
 * Keys for documents that have none. Every row gets its key as it is inserted (a trigger, migration 036), so this
 * is a safety net, not the path rows take: after every key given so far, in the order the rows were created.
 * PostgreSQL takes them from the triggers' sequence (nodes index at once); SQLite's single writer counts on.
 */
async function giveKeys(trx: Kysely<Database>, fresh: SourceDoc[], keys: Map<number, number>): Promise<void> {
  if (!fresh.length) return;
  const ordered = [...fresh].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.doc - b.doc,
  );
  const postgres = dialectOf(trx) === 'postgres';
  let position = 0;
  if (!postgres) {
    const top = await sql<{ key: number | null }>`select max(key) as key from search_keys`.execute(trx);
    position = Math.floor(Number(top.rows[0]?.key ?? 0) / 4);
  }
  for (const s of ordered) {
    const kind = KIND_CODES[s.kind];
    const key = postgres
      ? Number(
          (await sql<{ key: number }>`select nextval('search_key_positions') * 4 + ${kind} as key`.execute(trx))
            .rows[0]!.key,
        )
      : ++position * 4 + kind;
    await trx.insertInto('search_keys').values({ key, doc: s.doc }).execute();
    keys.set(s.doc, key);
  }
}

/** A document of the index: its key there, and the row's text as computed. */
interface KeyedRow {
  key: number;
  indexed: IndexedDoc;
}

/**
 * Replaces the index rows of `docs` with `indexed` (a doc missing there was deleted: its rows and its key go) and
 * takes them off the queue, in the caller's transaction. A document without a key gets one here (see `giveKeys`).
 */
export async function writeIndexRows(trx: Kysely<Database>, docs: number[], indexed: IndexedDoc[]): Promise<void> {
  const keys = await keysOfDocs(trx, docs);
  const old = [...keys.values()];
  await giveKeys(
    trx,
    indexed.filter((d) => !keys.has(d.source.doc)).map((d) => d.source),
    keys,
  );
  const rows = indexed.map((d) => ({ key: keys.get(d.source.doc)!, indexed: d }));
  if (dialectOf(trx) === 'postgres') await writePostgresRows(trx, old, rows);
  else await writeSqliteRows(trx, old, rows);
  const present = new Set(indexed.map((d) => d.source.doc));
  const gone = docs.filter((d) => !present.has(d) && keys.has(d));
  for (let i = 0; i < gone.length; i += KEY_CHUNK)
    await trx
      .deleteFrom('search_keys')
      .where('doc', 'in', gone.slice(i, i + KEY_CHUNK))
      .execute();
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
async function writeSqliteRows(trx: Kysely<Database>, oldKeys: number[], rows: KeyedRow[]): Promise<void> {
  for (const key of [...oldKeys].sort((a, b) => a - b)) {
    await deleteIndexRow(trx, [key]);
    await deleteCodesRow(trx, [key]);
  }
  const ascending = [...rows].sort((a, b) => a.key - b.key);
  for (const { key, indexed: d } of ascending) await insertIndexRow(trx, [key, d.title, d.body]);
  for (const { key, indexed: d } of ascending) if (d.codes) await insertCodesRow(trx, [key, d.codes]);
}

// Four statements per document indexed, each created ticket and comment among them: compiled once.
const deleteIndexRow = precompiled(() => sql`delete from search_index where rowid = ${0}`.compile(dummyKysely));
const deleteCodesRow = precompiled(() => sql`delete from search_codes where rowid = ${0}`.compile(dummyKysely));
const insertIndexRow = precompiled(() =>
  sql`insert into search_index (rowid, title, body) values (${0}, ${''}, ${''})`.compile(dummyKysely),
);
const insertCodesRow = precompiled(() =>
  sql`insert into search_codes (rowid, codes) values (${0}, ${''})`.compile(dummyKysely),
);

/**
 * PostgreSQL's index rows: `search_words` (key, the tokens of the same stems as a tsvector, GIN) and
 * `search_codes` (key, the same code chunks as text, GIN trigrams). Made by
 * migrations/postgres/2026-12-04-028-search-stems.ts, keyed since 036.
 */
async function writePostgresRows(trx: Kysely<Database>, oldKeys: number[], rows: KeyedRow[]): Promise<void> {
  for (let i = 0; i < oldKeys.length; i += 500) {
    const some = oldKeys.slice(i, i + 500);
    await sql`delete from search_words where key in (${sql.join(some)})`.execute(trx);
    await sql`delete from search_codes where key in (${sql.join(some)})`.execute(trx);
  }
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    await sql`insert into search_words (key, terms, exact) values ${sql.join(
      chunk.map(({ key, indexed: d }) => {
        const v = tsvectorText(d.title, d.body);
        return sql`(${key}, ${v.text}::tsvector, ${v.exact})`;
      }),
    )}`.execute(trx);
    const withCodes = chunk.filter((r) => r.indexed.codes);
    if (withCodes.length)
      await sql`insert into search_codes (key, codes) values ${sql.join(
        withCodes.map(({ key, indexed: d }) => sql`(${key}, ${d.codes})`),
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

/** A match: its key in the index (the slice's order and the cursor) and the document it stands for. */
export interface SliceHit {
  key: number;
  doc: number;
}

export interface Slice {
  hits: SliceHit[];
  /** Whether the index gave `size` keys (more may follow below `lowest`). */
  full: boolean;
  /** The lowest key read: where the next slice starts. */
  lowest: number | null;
}

/**
 * One time slice of the matches: the newest `size` documents below the key `before` (newest first) that match
 * the words (driving the walk when there are any) or else the codes. FTS5 walks a doclist backwards and stops
 * at the limit, so a slice costs about `size` index entries however common the words are; the keys are then
 * turned into documents by primary key.
 */
export async function matchSlice(db: Kysely<Database>, q: SliceQuery): Promise<Slice> {
  let read: Array<{ key: number; doc: number | null }>;
  if (dialectOf(db) === 'postgres') {
    const keys = await matchSlicePostgres(db, q);
    const docs = await docsOfKeys(db, keys);
    read = keys.map((key) => ({ key, doc: docs.get(key) ?? null }));
  } else read = await matchSliceSqlite(db, q);
  return {
    // A document deleted since it was indexed has lost its key with its index rows; between them it is left out.
    hits: read.filter((r): r is SliceHit => r.doc !== null),
    full: read.length === q.size,
    lowest: read.at(-1)?.key ?? null,
  };
}

/**
 * SQLite's slice with each key's document in the same statement: FTS5 stays the outer loop and hands its rows
 * over in rowid order (the plan reads `SCAN search_index VIRTUAL TABLE`, then `search_keys` by its rowid), so the
 * walk still stops at the limit.
 */
async function matchSliceSqlite(db: Kysely<Database>, q: SliceQuery) {
  const table = q.words ? 'search_index' : q.codes ? 'search_codes' : null;
  const match = q.words?.fts5 ?? q.codes?.fts5;
  if (!table || !match) return [];
  const t = sql.table(table);
  const kinds = q.kinds ? sql`and (${t}.rowid % 4) in (${sql.join(q.kinds)})` : sql``;
  const before = q.before !== null ? sql`and ${t}.rowid < ${q.before}` : sql``;
  const rows = await sql<{ key: number; doc: number | null }>`select ${t}.rowid as key, k.doc as doc from ${t}
    left join search_keys k on k.key = ${t}.rowid where ${t} match ${match} ${kinds} ${before}
    order by ${t}.rowid desc limit ${q.size}`.execute(db);
  return rows.rows;
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
 * The same slice on PostgreSQL: the newest `size` keys below `before` whose tsvector holds the tokens (GIN) or
 * else whose code chunks hold every code as a substring (GIN trigram index; the chunks are folded as the query
 * is, and ILIKE folds as SQLite's trigram tokenizer does). Ordered and cut by key like SQLite's walk: the
 * planner reads the primary key backwards and stops at the limit when the words are common, or the few GIN
 * matches and sorts them when they are rare, so a slice costs about `size` rows either way.
 */
async function matchSlicePostgres(db: Kysely<Database>, q: SliceQuery): Promise<number[]> {
  const kinds = q.kinds ? sql`and (key % 4) in (${sql.join(q.kinds)})` : sql``;
  const below = (before: number | null) => (before !== null ? sql`and key < ${before}` : sql``);
  if (q.words?.loose) return phraseSlicePostgres(db, { ...q, words: q.words }, kinds);
  const rows = q.words
    ? await sql<{ key: number }>`select key from search_words where terms @@ ${q.words.tsquery}::tsquery
        ${kinds} ${below(q.before)} order by key desc limit ${q.size}`.execute(db)
    : q.codes
      ? await sql<{ key: number }>`select key from search_codes
        where ${sql.join(
          q.codes.list.map((c) => sql`codes ilike ${substringPattern(c)}`),
          sql` and `,
        )} ${kinds} ${below(q.before)} order by key desc limit ${q.size}`.execute(db)
      : { rows: [] };
  return rows.rows.map((r) => Number(r.key));
}

/**
 * A slice with phrases on PostgreSQL (keys). A row whose positions PostgreSQL held whole (`exact`, nearly every
 * row) matches by `<->`; one it could not (a text past 16,383 words) is taken by its tokens and its phrases
 * checked against its text here, as FTS5 would match them. Rows that fail that check are replaced by older ones,
 * so the slice is the same `size` newest matches as SQLite's.
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
    const rows = await sql<{ key: number; exact: boolean }>`select key, exact from search_words
      where terms @@ ${q.words.loose}::tsquery and (not exact or terms @@ ${q.words.tsquery}::tsquery)
      ${kinds} ${before !== null ? sql`and key < ${before}` : sql``} order by key desc limit ${want}`.execute(db);
    const looseDocs = await docsOfKeys(
      db,
      rows.rows.filter((r) => !r.exact).map((r) => Number(r.key)),
    );
    const texts = looseDocs.size ? await sourceDocs(db, [...looseDocs.values()]) : new Map<number, SourceDoc>();
    for (const r of rows.rows) {
      const doc = looseDocs.get(Number(r.key));
      const s = doc === undefined ? undefined : texts.get(doc);
      const indexed = s ? indexDocument(s.title, s.body) : null;
      if (r.exact || (indexed && holdsPhrases(indexed.title, indexed.body, q.words.clauses))) out.push(Number(r.key));
    }
    if (rows.rows.length < want || out.length >= q.size) return out;
    before = Number(rows.rows.at(-1)!.key);
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
      : sql<number>`(select k.doc / 4 from search_words w join search_keys k on k.key = w.key
          where w.terms @@ ${query}::tsquery and w.key % 4 = 0)`;
  }
  const match = ftsQuery(text);
  return match === null
    ? null
    : sql<number>`(select k.doc / 4 from search_index join search_keys k on k.key = search_index.rowid
        where search_index match ${match} and search_index.rowid % 4 = 0)`;
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
