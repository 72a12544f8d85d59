import t from 'tap';
import { sql } from 'kysely';
import { join } from 'node:path';
import { testDesk, type ApiClient } from '../helpers/app.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { sqliteOnly, tempDir } from '../helpers/installation.js';
import { fixedClock } from '../../server/shared/clock.js';
import { indexBacklog } from '../../server/modules/search/search-backlog.js';
import { openDatabase } from '../../server/db/connection.js';
import { createMigrator, migrateToLatest } from '../../server/db/migrator.js';

/** Noon of the n-th day of 2026, plus minutes. */
const day = (n: number, minutes = 0) => new Date(Date.UTC(2026, 0, n, 12, minutes)).toISOString();

interface Hit {
  kind: string;
  id: number;
}
const label = (h: Hit) => `${h.kind} ${h.id}`;

async function comment(api: ApiClient, ticketId: number, body: string): Promise<{ id: number }> {
  const res = await api.post(`/api/v1/tickets/${ticketId}/comments`, { body, public: false });
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`comment: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Every hit of a query, page after page through the cursor. */
async function allHits(api: ApiClient, q: string, limit = 50): Promise<Hit[]> {
  const out: Hit[] = [];
  let cursor = '';
  for (let pages = 0; pages < 100; pages++) {
    const res = await api.get(
      `/api/v1/search?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    const page = res.json() as { items: Hit[]; nextCursor: string | null };
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('the cursor never ended');
}

t.test('newest first across tickets and comments: a comment’s higher id does not outrank a newer ticket', async (t) => {
  const clock = fixedClock(day(1));
  const desk = await testDesk(t, { clock });
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const older = await makeTicket(admin, org.id, { subject: 'Удалённый доступ', description: 'Туннель не поднимается' });
  const comments: { id: number }[] = [];
  for (let i = 0; i < 6; i++) {
    clock.set(day(2 + i));
    comments.push(await comment(admin, older.id, `Туннель: попытка ${i + 1}`));
  }
  clock.set(day(20));
  const newer = await makeTicket(admin, org.id, { subject: 'Снова доступ', description: 'Туннели опять упали' });
  clock.set(day(21));
  const latest = await comment(admin, newer.id, 'Туннель поднят');
  // Ids: tickets 1–2, comments 1–7. Keyed by id × 4 + kind, every comment but the first outranked the newer ticket.
  const hits = await allHits(admin, 'туннель');
  t.same(
    hits.map(label),
    [
      `comment ${latest.id}`,
      `ticket ${newer.id}`,
      ...comments.map((c) => `comment ${c.id}`).reverse(),
      `ticket ${older.id}`,
    ],
    'every match, in the order it was created, newest first',
  );
  const tickets = (await admin.get(`/api/v1/search?q=${encodeURIComponent('туннель')}&kind=ticket`)).json().items;
  t.same(tickets.map(label), [`ticket ${newer.id}`, `ticket ${older.id}`], 'the kind filter reads the key as before');
});

t.test('a new ticket is on the first page above hundreds of older matching comments', async (t) => {
  const clock = fixedClock(day(1));
  const desk = await testDesk(t, { clock });
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const busy = await makeTicket(admin, org.id, { subject: 'Почта', description: 'Outlook просит пароль' });
  // 700 comments over the next weeks (more than a slice of 500), written straight into the table.
  await desk.inst.database.writes.run(async (trx) => {
    for (let i = 0; i < 700; i += 100)
      await trx
        .insertInto('comments')
        .values(
          Array.from({ length: 100 }, (_, k) => ({
            ticket_id: busy.id,
            author_agent_id: null,
            body: `Outlook снова просит пароль, попытка ${i + k + 1}`,
            public: 0,
            created_at: day(2, (i + k) * 30),
          })),
        )
        .execute();
  });
  clock.set(day(60));
  const fresh = await makeTicket(admin, org.id, { subject: 'Принтер', description: 'Outlook не печатает вложения' });
  const first = (await admin.get(`/api/v1/search?q=${encodeURIComponent('outlook')}&limit=20`)).json();
  t.same(label(first.items[0]), `ticket ${fresh.id}`, 'the newest ticket leads the first page');
  t.equal(first.items.length, 20);
  const all = await allHits(admin, 'outlook');
  t.equal(all.length, 702, 'the cursor reaches every match once');
  t.equal(new Set(all.map(label)).size, 702, 'none twice');
  t.same(label(all.at(-1)!), `ticket ${busy.id}`, 'the oldest last');
});

t.test('a row gets its key as it is inserted, after every key before it, holding its kind', async (t) => {
  const desk = await testDesk(t);
  const db = desk.inst.database.db;
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const ticket = await makeTicket(admin, org.id, { subject: 'Импорт', description: 'Старая заявка' });
  const keyOf = async (doc: number) =>
    Number((await db.selectFrom('search_keys').select('key').where('doc', '=', doc).executeTakeFirstOrThrow()).key);
  const orgKey = await keyOf(org.id * 4 + 2);
  const ticketKey = await keyOf(ticket.id * 4);
  t.ok(ticketKey > orgKey, 'the ticket after its client, before anything is indexed');
  t.equal(ticketKey % 4, 0, 'a ticket’s key holds kind 0');
  t.equal(orgKey % 4, 2, 'a client’s kind 2');
  // Several rows in one statement (an import): keyed in the order the statement inserts them.
  await desk.inst.database.writes.run((trx) =>
    trx
      .insertInto('comments')
      .values(
        [0, 1, 2, 3].map((i) => ({
          ticket_id: ticket.id,
          author_agent_id: null,
          body: `Импортированный комментарий ${i}`,
          public: 0,
          created_at: new Date().toISOString(),
        })),
      )
      .execute(),
  );
  const ids = (
    await db.selectFrom('comments').select('id').where('ticket_id', '=', ticket.id).orderBy('id').execute()
  ).map((c) => c.id);
  const keys = await Promise.all(ids.map((id) => keyOf(id * 4 + 1)));
  t.same(
    keys,
    [...keys].sort((a, b) => a - b),
    'rising with the ids',
  );
  t.ok(keys[0]! > ticketKey && keys.every((k) => k % 4 === 1), 'after the ticket, each holding kind 1');
  t.same(
    (await allHits(admin, 'импортированный')).map(label),
    [...ids].reverse().map((id) => `comment ${id}`),
    'search shows them newest first',
  );
  await desk.inst.database.writes.run((trx) => trx.deleteFrom('comments').where('id', '=', ids[0]!).execute());
  await indexBacklog(desk.inst.ctx());
  t.equal(
    await db
      .selectFrom('search_keys')
      .select('key')
      .where('doc', '=', ids[0]! * 4 + 1)
      .executeTakeFirst(),
    undefined,
    'a deleted row’s key goes with its index rows',
  );
});

t.test(
  'the upgrade (036) orders an existing desk by creation time and rebuilds the indexes in the background',
  sqliteOnly,
  async (t) => {
    const handle = openDatabase(join(tempDir(t), 'keys.db'));
    t.teardown(() => handle.close());
    await createMigrator(handle.db).migrateTo('2026-12-06-035-assignee-deadline-index');
    await sql`insert into organizations (name, tags, created_at, updated_at)
      values ('ООО Ромашка', '[]', ${day(1)}, ${day(1)})`.execute(handle.db);
    for (const [n, at] of [
      [1, day(2)],
      [2, day(40)],
    ] as const)
      await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel,
        tags, created_at, updated_at) values (${n}, ${`Заявка ${n}`}, 'Не печатает принтер', 'incident', 'P2',
        'open', 1, 'email', '[]', ${at}, ${at})`.execute(handle.db);
    for (let i = 0; i < 5; i++)
      await sql`insert into comments (ticket_id, body, public, created_at)
        values (1, ${`Принтер: шаг ${i}`}, 0, ${day(3 + i)})`.execute(handle.db);
    await migrateToLatest(handle.db);
    const keyed = await handle.db.selectFrom('search_keys').select(['key', 'doc']).orderBy('key').execute();
    t.same(
      keyed.map((k) => Number(k.doc)),
      [1 * 4 + 2, 1 * 4, 1 * 4 + 1, 2 * 4 + 1, 3 * 4 + 1, 4 * 4 + 1, 5 * 4 + 1, 2 * 4],
      'client, first ticket, its five comments, the second ticket: in creation order',
    );
    t.ok(
      keyed.every((k) => Number(k.key) % 4 === Number(k.doc) % 4),
      'each key holds its kind',
    );
    const rebuild = await handle.db.selectFrom('search_rebuild').selectAll().executeTakeFirstOrThrow();
    t.equal(rebuild.total, 8, 'every document waits for the background rebuild');
    await indexBacklog(handle);
    const found = await sql<{ doc: number }>`select k.doc from search_index join search_keys k
      on k.key = search_index.rowid where search_index match 'принтер' order by search_index.rowid desc`.execute(
      handle.db,
    );
    t.same(
      found.rows.map((r) => Number(r.doc)),
      [2 * 4, 5 * 4 + 1, 4 * 4 + 1, 3 * 4 + 1, 2 * 4 + 1, 1 * 4 + 1, 1 * 4],
      'read backwards, the rebuilt index is newest first',
    );
    t.equal((await handle.db.selectFrom('search_rebuild').selectAll().execute()).length, 0, 'and the rebuild is over');
  },
);
