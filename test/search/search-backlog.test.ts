import t from 'tap';
import { sql } from 'kysely';
import { join } from 'node:path';
import { testDesk } from '../helpers/app.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { tempDir } from '../helpers/installation.js';
import { indexBacklog, startSearchIndexer } from '../../server/modules/search/search-backlog.js';
import { openDatabase } from '../../server/db/connection.js';
import { createMigrator, migrateToLatest } from '../../server/db/migrator.js';

type Desk = Awaited<ReturnType<typeof testDesk>>;
const backlog = async (desk: Desk) =>
  (await desk.inst.database.db.selectFrom('search_backlog').select('ticket_id').orderBy('ticket_id').execute()).map(
    (r) => r.ticket_id,
  );
const indexedRows = async (desk: Desk, ticketId: number) =>
  (
    await sql<{ title: string }>`select title from search_index where rowid = ${ticketId * 4}`.execute(
      desk.inst.database.db,
    )
  ).rows.map((r) => r.title);

t.test('a new ticket waits in the backlog and is indexed before any search reads the index', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const ticket = await makeTicket(admin, org.id, {
    subject: 'Плоттер жуёт бумагу',
    description: 'Canon в переговорной',
  });
  t.same(await backlog(desk), [ticket.id], 'the new ticket waits');
  t.same(await indexedRows(desk, ticket.id), [], 'and is not in the index yet');

  const found = (await admin.get(`/api/v1/search?q=${encodeURIComponent('плоттер')}`)).json().items;
  t.match(found, [{ kind: 'ticket', id: ticket.id }], 'search finds it: the backlog is indexed first');
  t.same(await backlog(desk), [], 'and the backlog is empty');

  const second = await makeTicket(admin, org.id, { subject: 'Сканер не видит сеть', description: 'Kyocera' });
  const queue = (await admin.get(`/api/v1/tickets?q=${encodeURIComponent('сканер')}`)).json().items;
  t.same(
    queue.map((q: { id: number }) => q.id),
    [second.id],
    'the queue’s text filter finds a ticket created a moment ago',
  );
});

t.test('a ticket changed or deleted while it waited is indexed once, with its latest text', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const changed = await makeTicket(admin, org.id, { subject: 'Old words', description: 'x' });
  const deleted = await makeTicket(admin, org.id, { subject: 'Gone soon', description: 'y' });
  const plain = await makeTicket(admin, org.id, { subject: 'Plain one', description: 'z' });
  t.equal((await admin.patch(`/api/v1/tickets/${changed.id}`, { subject: 'Fresh words' })).statusCode, 200);
  await desk.inst.database.writes.run((trx) => trx.deleteFrom('tickets').where('id', '=', deleted.id).execute());
  t.equal(await indexBacklog(desk.inst.ctx()), 3, 'all three leave the backlog');
  t.same(
    await indexedRows(desk, changed.id),
    [`#${changed.number} Fresh words`],
    'the changed ticket once, with its new subject',
  );
  t.same(await indexedRows(desk, deleted.id), [], 'the deleted one not at all');
  t.same(await indexedRows(desk, plain.id), [`#${plain.number} Plain one`]);
  t.equal(await indexBacklog(desk.inst.ctx()), 0, 'nothing left');
});

t.test('the background indexer empties the backlog without a search, in batches', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const now = new Date().toISOString();
  // More than one batch, inserted as a bulk load would.
  await desk.inst.database.writes.run(async (trx) => {
    for (let i = 0; i < 4500; i++) {
      await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
                values (${100_000 + i}, ${`Bulk ${i}`}, 'loaded', 'request', 'P3', 'new', ${org.id}, 'api', '[]', ${now}, ${now})`.execute(
        trx,
      );
    }
  });
  t.equal((await backlog(desk)).length, 4500);
  const stop = startSearchIndexer(desk.inst, 20);
  for (let i = 0; i < 200 && (await backlog(desk)).length > 0; i++) await new Promise((r) => setTimeout(r, 25));
  await stop();
  t.same(await backlog(desk), [], 'indexed in the background');
  const count = await sql<{
    n: number;
  }>`select count(*) as n from search_index where search_index match 'loaded'`.execute(desk.inst.database.db);
  t.equal(count.rows[0]!.n, 4500, 'every one of them, once');
});

const BEFORE_BACKLOG = '2026-11-25-007-teams-system-notifications';

t.test('migrating down indexes what still waits and brings back indexing per row', async (t) => {
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
  // Down to the schema before the backlog (migration 008), through every migration after it.
  await createMigrator(handle.db).migrateTo(BEFORE_BACKLOG);
  const found = await sql<{
    ref_id: number;
  }>`select ref_id from search_index where search_index match 'waiting'`.execute(handle.db);
  t.same(
    found.rows.map((r) => r.ref_id),
    [1],
    'the waiting ticket was indexed on the way down',
  );
  await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
            values (2, 'Direct ticket', 'x', 'request', 'P3', 'new', 1, 'api', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  const direct = await sql<{
    ref_id: number;
  }>`select ref_id from search_index where search_index match 'direct'`.execute(handle.db);
  t.same(
    direct.rows.map((r) => r.ref_id),
    [2],
    'and a new ticket is indexed at once again',
  );
});
