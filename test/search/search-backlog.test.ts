import t from 'tap';
import { sql } from 'kysely';
import { join } from 'node:path';
import { testDesk, apiClient } from '../helpers/app.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { sqliteOnly, tempDir } from '../helpers/installation.js';
import { runCli } from '../helpers/cli.js';
import {
  compactSearchIndex,
  indexBacklog,
  indexBatch,
  startSearchIndexer,
} from '../../server/modules/search/search-backlog.js';
import { openDatabase } from '../../server/db/connection.js';
import { createMigrator, migrateToLatest } from '../../server/db/migrator.js';
import { migrations } from '../../migrations/index.js';
import { databaseFile, openInstallation, type Installation } from '../../server/installation.js';
import { buildApp } from '../../server/app.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { dialectOf } from '../../server/db/dialect.js';
import { tsqueryText } from '../../server/modules/search/search-text.js';

const queued = async (db: Kysely<Database>) =>
  (await db.selectFrom('search_queue').select('doc').orderBy('doc').execute()).map((r) => r.doc);
/**
 * The docs whose index row holds this stem: SQLite's FTS5 word index, or PostgreSQL's tsvector table (both keyed
 * by the document's key, which `search_keys` maps to the document).
 */
const matching = async (db: Kysely<Database>, match: string) =>
  (dialectOf(db) === 'postgres'
    ? await sql<{ doc: number }>`select k.doc from search_words w join search_keys k on k.key = w.key
        where w.terms @@ ${tsqueryText([{ terms: [match], prefix: false }])}::tsquery order by k.doc`.execute(db)
    : await sql<{ doc: number }>`select k.doc from search_index join search_keys k on k.key = search_index.rowid
        where search_index match ${match} order by k.doc`.execute(db)
  ).rows.map((r) => Number(r.doc));

t.test('a new ticket waits in the queue and is indexed before any search reads the index', async (t) => {
  const desk = await testDesk(t);
  const db = desk.inst.database.db;
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  await indexBacklog(desk.inst.ctx());
  const ticket = await makeTicket(admin, org.id, {
    subject: 'Плоттер жуёт бумагу',
    description: 'Canon в переговорной',
  });
  t.same(await queued(db), [ticket.id * 4], 'the new ticket waits (doc = id × 4)');
  t.same(await matching(db, 'плоттер'), [], 'and is not in the index yet');

  const found = (await admin.get(`/api/v1/search?q=${encodeURIComponent('плоттеры')}`)).json().items;
  t.match(found, [{ kind: 'ticket', id: ticket.id }], 'search finds it: the queue is indexed first');
  t.same(await queued(db), [], 'and the queue is empty');

  const second = await makeTicket(admin, org.id, { subject: 'Сканеры не видят сеть', description: 'Kyocera' });
  const queue = (await admin.get(`/api/v1/tickets?q=${encodeURIComponent('сканер')}`)).json().items;
  t.same(
    queue.map((q: { id: number }) => q.id),
    [second.id],
    'the queue’s text filter finds a ticket created a moment ago, in another word form',
  );
});

t.test('a row changed or deleted while it waited is indexed once, with its latest text', async (t) => {
  const desk = await testDesk(t);
  const db = desk.inst.database.db;
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const changed = await makeTicket(admin, org.id, { subject: 'Old words', description: 'x' });
  const deleted = await makeTicket(admin, org.id, { subject: 'Gone soon', description: 'y' });
  const plain = await makeTicket(admin, org.id, { subject: 'Plain one', description: 'z' });
  const comment = (
    await admin.post(`/api/v1/tickets/${plain.id}/comments`, { body: 'Draft reply', public: false })
  ).json();
  t.equal((await admin.patch(`/api/v1/tickets/${changed.id}`, { subject: 'Fresh words' })).statusCode, 200);
  await desk.inst.database.writes.run((trx) => trx.deleteFrom('tickets').where('id', '=', deleted.id).execute());
  t.ok((await indexBacklog(desk.inst.ctx())) >= 4, 'they all leave the queue');
  t.same(await matching(db, 'fresh'), [changed.id * 4], 'the changed ticket under its new subject');
  t.same(await matching(db, 'old'), [], 'not its old one');
  t.same(await matching(db, 'gone'), [], 'the deleted one not at all');
  t.same(await matching(db, 'plain'), [plain.id * 4]);
  t.same(await matching(db, 'repli'), [comment.id * 4 + 1], 'comments too (doc = id × 4 + 1), stemmed');

  // Once indexed, a change or a delete replaces or removes the row.
  await desk.inst.database.writes.run((trx) =>
    trx.updateTable('comments').set({ body: 'Final answer' }).where('id', '=', comment.id).execute(),
  );
  await desk.inst.database.writes.run((trx) => trx.deleteFrom('tickets').where('id', '=', changed.id).execute());
  await indexBacklog(desk.inst.ctx());
  t.same(await matching(db, 'repli'), [], 'the old comment text is gone');
  t.same(await matching(db, 'answer'), [comment.id * 4 + 1], 'the new one is there');
  t.same(await matching(db, 'fresh'), [], 'a deleted ticket leaves the index');
  t.equal(await indexBacklog(desk.inst.ctx()), 0, 'nothing left');

  for (let i = 0; i < 3; i++) await makeTicket(admin, org.id, { subject: `Parallel ${i}`, description: '-' });
  t.same(
    await Promise.all([indexBacklog(desk.inst.ctx()), indexBacklog(desk.inst.ctx()), indexBacklog(desk.inst.ctx())]),
    [3, 0, 0],
    'drains that meet share one: each row is indexed once',
  );
});

t.test(
  'a drain indexes the rows that waited when it began; rows that arrive meanwhile wait for the next',
  async (t) => {
    const desk = await testDesk(t);
    const db = desk.inst.database.db;
    const admin = await desk.agent('admin');
    const org = await makeOrganization(admin);
    await indexBacklog(desk.inst.ctx());
    const first = await makeTicket(admin, org.id, { subject: 'Монитор мерцает', description: 'Dell в бухгалтерии' });
    // A ticket created while the drain writes its first batch, as under a stream of new tickets.
    const ctx = desk.inst.ctx();
    let arrived: { id: number } | null = null;
    const writes = {
      run: async <T>(work: Parameters<typeof ctx.writes.run<T>>[0]) => {
        const value = await ctx.writes.run(work);
        arrived ??= await makeTicket(admin, org.id, { subject: 'Клавиатура залита', description: 'чаем' });
        return value;
      },
    } as unknown as typeof ctx.writes;
    t.equal(await indexBacklog({ db: ctx.db, writes }), 1, 'the drain indexed the one row that waited and stopped');
    t.ok(arrived, 'a ticket arrived during the drain');
    t.same(await queued(db), [arrived!.id * 4], 'the one that arrived meanwhile waits');
    t.same(await matching(db, 'монитор'), [first.id * 4], 'the waiting one is in the index');
    t.equal(await indexBacklog(ctx), 1, 'the next drain takes it');
    t.same(await matching(db, 'клавиатур'), [arrived!.id * 4]);
  },
);

t.test('the background indexer empties the queue without a search, in batches', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const now = new Date().toISOString();
  await desk.inst.database.writes.run(async (trx) => {
    for (let i = 0; i < 4500; i++) {
      await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
                values (${100_000 + i}, ${`Bulk ${i}`}, 'loaded', 'request', 'P3', 'new', ${org.id}, 'api', '[]', ${now}, ${now})`.execute(
        trx,
      );
    }
  });
  const db = desk.inst.database.db;
  t.ok((await queued(db)).length >= 4500);
  const stop = startSearchIndexer(desk.inst, 20);
  for (let i = 0; i < 400 && (await queued(db)).length > 0; i++) await new Promise((r) => setTimeout(r, 25));
  await stop();
  t.same(await queued(db), [], 'indexed in the background');
  t.equal((await matching(db, 'load')).length, 4500, 'every one of them, once ("loaded" by its stem)');
  t.ok((await compactSearchIndex(desk.inst.ctx())) > 0, 'the many small segments are merged, step by step');
  t.equal(await compactSearchIndex(desk.inst.ctx()), 0, 'until nothing is left to merge');
  t.equal(await compactSearchIndex(desk.inst.ctx(), { whole: true }), 1, 'or all at once');
  t.equal((await matching(db, 'load')).length, 4500, 'and the index answers the same');
});

/** The segments of each FTS5 index: every segment has at least one row in its `_idx` table. */
const segments = async (db: Kysely<Database>) => {
  const count = async (table: string) =>
    (await sql<{ n: number }>`select count(distinct segid) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n;
  return { words: await count('search_index_idx'), codes: await count('search_codes_idx') };
};

t.test(
  'one write of the indexer adds one segment to each index, however many rows it holds',
  sqliteOnly('FTS5 segments'),
  async (t) => {
    const desk = await testDesk(t);
    const admin = await desk.agent('admin');
    const org = await makeOrganization(admin);
    await indexBacklog(desk.inst.ctx());
    const before = await segments(desk.inst.database.db);
    const now = new Date().toISOString();
    await desk.inst.database.writes.run(async (trx) => {
      for (let i = 0; i < 1500; i++) {
        await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
                values (${200_000 + i}, ${`Сервер ${i} недоступен`}, ${`Ошибка 0x8007${String(i).padStart(4, '0')}`}, 'incident', 'P2', 'new', ${org.id}, 'api', '[]', ${now}, ${now})`.execute(
          trx,
        );
      }
    });
    t.equal(await indexBatch(desk.inst.ctx(), 1500), 1500, 'one batch indexes them all');
    const after = await segments(desk.inst.database.db);
    // A segment per statement (FTS5 writes out its pending rows whenever a statement opens a savepoint) made a
    // bulk load dozens of tiny segments for the merges to rewrite again and again.
    t.same(
      { words: after.words - before.words, codes: after.codes - before.codes },
      { words: 1, codes: 1 },
      'one new segment in the word index and one in the code index',
    );
    t.equal((await matching(desk.inst.database.db, 'сервер')).length, 1500, 'holding every ticket');
  },
);

t.test(
  'the drain of a running desk writes a batch 100 rows at a time, each write a unit of the group commit of its own',
  async (t) => {
    const desk = await testDesk(t);
    const admin = await desk.agent('admin');
    const org = await makeOrganization(admin);
    await indexBacklog(desk.inst.ctx());
    const now = new Date().toISOString();
    const insert = (from: number, count: number) =>
      desk.inst.database.writes.run(async (trx) => {
        for (let i = from; i < from + count; i++) {
          await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
                  values (${300_000 + i}, ${`Коммутатор ${i} перезагружается`}, 'Стек из двух', 'incident', 'P2', 'new', ${org.id}, 'api', '[]', ${now}, ${now})`.execute(
            trx,
          );
        }
      });
    // Every unit the indexer hands to the group commit, and how many rows of the index it wrote.
    const counted = () => {
      const ctx = desk.inst.ctx();
      const units: number[] = [];
      const writes = {
        ...ctx.writes,
        run: <T>(work: Parameters<typeof ctx.writes.run<T>>[0]) =>
          ctx.writes.run<T>(async (trx, commit) => {
            const before = await queued(trx);
            const result = await work(trx, commit);
            units.push(before.length - (await queued(trx)).length);
            return result;
          }),
      };
      return { ctx: { ...ctx, writes }, units };
    };

    await insert(0, 250);
    const live = counted();
    t.equal(await indexBacklog(live.ctx), 250, 'the drain indexes all 250 waiting rows');
    t.same(live.units, [100, 100, 50], 'in three writes of at most 100 rows');
    t.equal((await matching(desk.inst.database.db, 'коммутатор')).length, 250, 'every one of them in the index');

    await insert(250, 250);
    const whole = counted();
    t.equal(await indexBatch(whole.ctx, 400), 250, 'a batch asked for on its own (a rebuild) reads them all');
    t.same(whole.units, [250], 'and writes them in one commit');
    t.equal((await matching(desk.inst.database.db, 'коммутатор')).length, 500, 'all 500 are in the index');
  },
);

const MINE = '2026-12-04-028-search-stems';
const BEFORE_MINE = Object.keys(migrations)[Object.keys(migrations).indexOf(MINE) - 1]!;

/** A desk at the schema before the stems, with a client, a contact, and `tickets` tickets with a comment each. */
async function oldDesk(dataDir: string, tickets: number) {
  const old = openDatabase(databaseFile(dataDir));
  await createMigrator(old.db).migrateTo(BEFORE_MINE);
  const at = '2021-01-04T09:00:00.000Z';
  await sql`insert into organizations (name, tags, created_at, updated_at) values ('ООО Ромашка', '[]', ${at}, ${at})`.execute(
    old.db,
  );
  await sql`insert into contacts (organization_id, name, email, created_at, updated_at)
            values (1, 'Анна', 'anna@romashka.example', ${at}, ${at})`.execute(old.db);
  old.sqlite.transaction(() => {
    const ticket = old.sqlite.prepare(`insert into tickets (number, subject, description, type, priority, status,
      organization_id, channel, tags, created_at, updated_at) values (?, ?, ?, 'incident', 'P2', 'open', 1, 'email', '[]', ?, ?)`);
    const comment = old.sqlite.prepare(
      'insert into comments (ticket_id, body, public, created_at) values (?, ?, 1, ?)',
    );
    for (let i = 1; i <= tickets; i++) {
      ticket.run(i, i === 1 ? 'Бухгалтерия не видит принтеры' : `Заявка ${i}`, `Ошибка 0x8007000${i % 10}`, at, at);
      comment.run(i, i === 1 ? 'Заменили картриджи в бухгалтерии' : 'Проверили', at);
    }
  })();
  await old.close();
}

t.test('ondesk migrate says how much the running desk will index', async (t) => {
  const dataDir = tempDir(t);
  await oldDesk(dataDir, 30);
  const run = runCli(['migrate', 'up', '--data-dir', dataDir]);
  t.equal(run.code, 0);
  t.match(run.stdout, /applied {2}2026-12-04-028-search-stems\n/);
  t.match(
    run.stdout,
    /^search index: 62 rows \(tickets, comments, clients, contacts\) to index; the desk does it in the background, newest first, and logs its progress every 5 s$/m,
  );
  t.match(
    runCli(['migrate', 'up', '--data-dir', dataDir]).stdout,
    /^already up to date\n(search index: 62 rows)/,
    'until the desk has run',
  );
});

t.test('the upgrade rebuilds the index of an existing desk in the background, logging its progress', async (t) => {
  const dataDir = tempDir(t);
  const TICKETS = 700;
  await oldDesk(dataDir, TICKETS);

  const lines: string[] = [];
  const inst = await openInstallation({ dataDir, env: {}, overrides: { logLevel: 'warn' } });
  t.teardown(() => inst.close());
  const rows = TICKETS * 2 + 2;
  t.same(
    await inst.database.db.selectFrom('search_rebuild').select('total').execute(),
    [{ total: rows }],
    'every ticket, comment, client and contact is queued',
  );
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(() => app.close());
  const agent = await createAgent(inst.ctx(), { email: 'a@test.ondesk', name: 'A', role: 'admin', language: 'en' });
  const api = apiClient(app, (await createApiToken(inst.ctx(), { agentId: agent.id, name: 't' })).token, agent.id);
  const during = (await api.get(`/api/v1/search?q=${encodeURIComponent('бухгалтерии')}`)).json();
  t.match(
    during,
    { items: [], indexing: { done: 0, total: rows } },
    'the desk answers at once and says how far the rebuild is',
  );

  const log = { info: (msg: string) => lines.push(msg), warn: (o: unknown) => lines.push(`warn ${String(o)}`) };
  const stop = startSearchIndexer({ ...inst, log } as unknown as Installation, 10, 0);
  for (let i = 0; i < 400 && !lines.some((l) => l.includes('rebuilt')); i++)
    await new Promise((r) => setTimeout(r, 25));
  await stop();
  t.match(lines[0], /^search index: rebuilding, 1,40\d rows \(tickets, comments, clients, contacts\) to index$/);
  t.ok(
    lines.some((l) => /^search index: \d[\d,]* of 1,40\d rows \(tickets, comments, clients, contacts\)$/.test(l)),
    'a progress line while it works',
  );
  t.match(lines.at(-1), /^search index: rebuilt, 1,40\d rows in \d+ s$/);
  t.same(await inst.database.db.selectFrom('search_rebuild').selectAll().execute(), [], 'the rebuild is over');

  const after = (await api.get(`/api/v1/search?q=${encodeURIComponent('бухгалтерия')}`)).json();
  t.same(
    after.items.map((h: { kind: string; id: number }) => `${h.kind} ${h.id}`),
    ['ticket 1', 'comment 1'],
    'the old ticket and its comment are found by another word form',
  );
  t.equal(after.indexing, undefined, 'and the answer no longer speaks of a rebuild');
  const code = (await api.get('/api/v1/search?q=0x80070003&kind=ticket&limit=100')).json();
  t.equal(code.items.length, TICKETS / 10, 'an error code as an exact substring');
  t.same(
    (await api.get('/api/v1/search?q=romashka.example')).json().items.map((h: { kind: string }) => h.kind),
    ['contact'],
    'a contact by part of the e-mail',
  );
});

t.test('migrating down brings back the word index of before, filled, with its triggers', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'b.db'));
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);
  const now = '2026-11-25T10:00:00.000Z';
  await sql`insert into organizations (name, tags, created_at, updated_at) values ('Org', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
            values (1, 'Waiting ticket', 'x', 'request', 'P3', 'new', 1, 'api', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into comments (ticket_id, body, public, created_at) values (1, 'A comment', 1, ${now})`.execute(
    handle.db,
  );
  await createMigrator(handle.db).migrateTo(BEFORE_MINE);
  const old = async (match: string) =>
    (
      await sql<{
        kind: string;
        ref_id: number;
      }>`select kind, ref_id from search_index where search_index match ${match} order by rowid`.execute(handle.db)
    ).rows.map((r) => `${r.kind} ${r.ref_id}`);
  t.same(await old('waiting'), ['ticket 1'], 'the ticket is in the old index');
  t.same(await old('comment'), ['comment 1'], 'and its comment');
  t.same(await old('org'), ['organization 1'], 'and the client');
  await sql`insert into comments (ticket_id, body, public, created_at) values (1, 'Another note', 1, ${now})`.execute(
    handle.db,
  );
  t.same(await old('another'), ['comment 2'], 'a new comment is indexed per row again');
  await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
            values (2, 'Plotter ticket', 'x', 'request', 'P3', 'new', 1, 'api', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  t.same(
    (await sql<{ ticket_id: number }>`select ticket_id from search_backlog`.execute(handle.db)).rows,
    [{ ticket_id: 2 }],
    'and a new ticket waits in the backlog of before',
  );
  await migrateToLatest(handle.db);
  await indexBacklog({ db: handle.db, writes: handle.writes });
  t.same(await matching(handle.db, 'plotter'), [8], 'and up again: the waiting ticket is indexed');
});
