/**
 * `ondesk db migrate-to-postgres`: a desk with data in every kind of table is copied from its SQLite file into
 * PostgreSQL through the CLI; counts and checksums agree, the desk on PostgreSQL answers with the same tickets, a
 * non-empty target is refused, a copy killed with SIGKILL resumes to the same checksums, and the SQLite file
 * never changes.
 */
import t, { type Test } from 'tap';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../server/app.js';
import { openInstallation, type Installation } from '../../server/installation.js';
import { indexBacklog } from '../../server/modules/search/index.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { apiClient, testDesk, type ApiClient } from '../helpers/app.js';
import { runCli, startCli } from '../helpers/cli.js';
import { makeAgreement, makeCalendar, makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { freshPostgresDatabase, tempDir } from '../helpers/installation.js';

const ok = async (t: Test, res: { statusCode: number; body: string; json(): any }, status = 201) => {
  t.equal(res.statusCode, status, res.statusCode === status ? `answered ${status}` : res.body);
  return res.json();
};

/** A desk on SQLite with rows in tickets, comments, worklogs, agreements, documents, the outbox and more. */
async function seededDesk(t: Test, tickets: number) {
  const desk = await testDesk(t, { database: 'sqlite' });
  const admin = await desk.agent('admin', undefined, { rateLimitPerMinute: 1_000_000 });
  const accountant = await desk.agent('accountant');
  const org = await makeOrganization(admin, { name: 'ООО «Ромашка» — "quotes" & \\ backslash', taxId: '5047123455' });
  const contact = await makeContact(admin, org.id, { name: 'Анна Петрова', email: 'anna@romashka.example' });
  const calendar = await makeCalendar(admin);
  await makeAgreement(admin, { organizationId: org.id, calendarId: calendar.id });
  const entity = await ok(
    t,
    await accountant.post('/api/v1/legal-entities', {
      name: 'ООО «Ондеск Сервис»',
      shortName: 'ООО «Ондеск»',
      inn: '7704123450',
      kpp: '770401001',
      address: 'г. Москва',
      bankName: 'ПАО Сбербанк',
      bik: '044525225',
      corrAccount: '30101810400000000225',
      settlementAccount: '40702810603800001234',
      directorName: 'Соколов Андрей Петрович',
      directorPosition: 'Генеральный директор',
    }),
  );
  await ok(t, await admin.post('/api/v1/rate-cards', { rateKopecks: 300_000 }));
  const ids: number[] = [];
  for (let i = 0; i < tickets; i++) {
    const ticket = await makeTicket(admin, org.id, {
      subject: i === 0 ? 'Не печатает принтер 🖨 в бухгалтерии' : `Ticket ${i}`,
      contactId: contact.id,
    });
    ids.push(ticket.id);
    if (i % 3 === 0)
      await ok(
        t,
        await admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: `Ответ №${i}\nстрока 2`, public: true }),
      );
  }
  await ok(
    t,
    await admin.post('/api/v1/worklogs', {
      ticketId: ids[0],
      startedAt: '2026-12-02T07:00:00Z',
      endedAt: '2026-12-02T09:00:00Z',
      billable: true,
    }),
  );
  const invoice = await ok(
    t,
    await accountant.post('/api/v1/invoices', {
      organizationId: org.id,
      entityId: entity.id,
      from: '2026-12-01',
      to: '2026-12-31',
      include: ['worklogs'],
      date: '2026-12-03',
    }),
  );
  await ok(t, await admin.patch(`/api/v1/tickets/${ids.at(-1)}`, { status: 'in_progress', priority: 'P1' }), 200);
  const first = await ok(t, await admin.get(`/api/v1/tickets/${ids[0]}`), 200);
  const dataDir = desk.inst.config.dataDir;
  writeFileSync(join(dataDir, 'ondesk.json'), `${JSON.stringify({ port: 8080 }, null, 2)}\n`);
  const counts = new BetterSqlite3(join(dataDir, 'ondesk.db'), { readonly: true });
  const rowsOf = (table: string) => (counts.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  const seeded = Object.fromEntries(
    ['tickets', 'comments', 'worklogs', 'agreements', 'documents', 'outbox', 'domain_events'].map((x) => [
      x,
      rowsOf(x),
    ]),
  );
  counts.close();
  t.ok(
    Object.values(seeded).every((n) => n > 0),
    `rows in every kind of table: ${JSON.stringify(seeded)}`,
  );
  t.ok(invoice.id > 0);
  // The desk is stopped before the copy, as the command asks.
  await desk.app.close();
  await desk.inst.close();
  return { dataDir, adminId: admin.agentId, ids, first, seeded };
}

/** Contents and mtime of the SQLite files: the copy only reads them. */
function fingerprint(dataDir: string) {
  const file = join(dataDir, 'ondesk.db');
  return {
    sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    mtimeMs: statSync(file).mtimeMs,
    size: statSync(file).size,
  };
}

/** The summary table the command prints: table → [sqlite rows, postgres rows, result]. */
function summary(stdout: string): Map<string, { source: number; target: number; result: string; sums: string[] }> {
  const rows = new Map<string, { source: number; target: number; result: string; sums: string[] }>();
  for (const line of stdout.split('\n')) {
    const m = /^(\w+)\s+(\d+)\s+(\d+)\s+([0-9a-f]{16})\s+([0-9a-f]{16})\s+(ok|MISMATCH)$/.exec(line.trim());
    if (m) rows.set(m[1]!, { source: Number(m[2]), target: Number(m[3]), result: m[6]!, sums: [m[4]!, m[5]!] });
  }
  return rows;
}

async function onPostgres(url: string, query: string): Promise<any[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(query)).rows;
  } finally {
    await client.end();
  }
}

/** The desk opened on the PostgreSQL database, with an API client of an agent copied from SQLite. */
async function deskOn(t: Test, url: string, agentId: number): Promise<{ api: ApiClient; inst: Installation }> {
  const inst = await openInstallation({
    dataDir: tempDir(t),
    env: {},
    overrides: { database: 'postgres', databaseUrl: url, databasePool: 4, logLevel: 'warn' },
  });
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(async () => {
    await app.close();
    await inst.close();
  });
  const { token } = await createApiToken(inst.ctx(), { agentId, name: 'after the move', rateLimitPerMinute: null });
  return { api: apiClient(app, token, agentId), inst };
}

t.test(
  'copies every table with equal counts and checksums; the desk on PostgreSQL reads the same tickets',
  async (t) => {
    const source = await seededDesk(t, 12);
    const before = fingerprint(source.dataDir);
    const target = await freshPostgresDatabase();
    t.teardown(() => target.drop());

    const run = runCli(['db', 'migrate-to-postgres', '--data-dir', source.dataDir, '--to', target.url, '--batch', '5']);
    t.equal(run.code, 0, run.stderr);
    t.match(run.stdout, /every row count and checksum matches/);
    t.match(run.stdout, /ondesk\.json is unchanged/);
    const table = summary(run.stdout);
    t.ok(table.size > 60, `a line for each copied table (${table.size})`);
    t.same(
      [...table].filter(([, r]) => r.result !== 'ok' || r.source !== r.target || r.sums[0] !== r.sums[1]),
      [],
      'every table: equal counts, equal checksums',
    );
    for (const [name, n] of Object.entries(source.seeded)) t.equal(table.get(name)?.target, n, `${name}: ${n} rows`);
    t.match(run.stdout, /not copied: .*search_index.*\(search index: rebuilt on the target by the desk\)/);
    t.notOk(table.has('kysely_migration'), 'the migration history is not copied over the target’s own');
    t.same(fingerprint(source.dataDir), before, 'the SQLite file is unchanged, to the byte and its mtime');
    t.same(
      JSON.parse(readFileSync(join(source.dataDir, 'ondesk.json'), 'utf8')),
      { port: 8080 },
      'no --switch: config untouched',
    );

    const bookkeeping = await onPostgres(
      target.url,
      `select table_name from information_schema.tables where table_name like 'migration_copy%'`,
    );
    t.same(bookkeeping, [], 'the copy’s bookkeeping is gone once it finished');
    const queued = await onPostgres(target.url, 'select count(*)::int as n from search_queue');
    t.equal(
      queued[0].n,
      source.ids.length + source.seeded.comments! + 2,
      'every ticket, comment, client, contact queued for search',
    );

    const { api, inst } = await deskOn(t, target.url, source.adminId);
    const first = await ok(t, await api.get(`/api/v1/tickets/${source.ids[0]}`), 200);
    t.same(first, source.first, 'the same ticket, field by field');
    // What the desk's background indexer does after it starts.
    t.equal(await indexBacklog(inst.ctx()), queued[0].n, 'the desk indexes every queued row');
    const found = await ok(t, await api.get(`/api/v1/search?q=${encodeURIComponent('бухгалтерия')}`), 200);
    t.same(
      found.items.map((x: { kind: string; id: number }) => [x.kind, x.id]),
      [['ticket', source.ids[0]]],
      'search on PostgreSQL finds the copied ticket by another form of its word (the index was rebuilt)',
    );
    const list = await ok(t, await api.get('/api/v1/tickets?limit=100'), 200);
    t.same(
      list.items.map((x: { id: number }) => x.id).sort((a: number, b: number) => a - b),
      [...source.ids].sort((a, b) => a - b),
    );
    const fresh = await makeTicket(api, first.organizationId, { subject: 'Бухгалтерия снова', description: '-' });
    t.ok(fresh.id > Math.max(...source.ids), 'new ids continue after the copied ones');
    const keys = await onPostgres(
      target.url,
      `select max(key) filter (where doc = ${fresh.id * 4})::bigint as fresh, max(key) filter (where doc <> ${fresh.id * 4})::bigint as copied from search_keys`,
    );
    t.ok(Number(keys[0].fresh) > Number(keys[0].copied), 'and search keys continue after the copied ones');
    const newest = await ok(t, await api.get(`/api/v1/search?q=${encodeURIComponent('бухгалтерия')}`), 200);
    t.same(
      newest.items.map((x: { kind: string; id: number }) => [x.kind, x.id]),
      [
        ['ticket', fresh.id],
        ['ticket', source.ids[0]],
      ],
      'so the new ticket is found first',
    );

    const again = runCli(['db', 'migrate-to-postgres', '--data-dir', source.dataDir, '--to', target.url]);
    t.equal(again.code, 2, 'a target that holds data is refused');
    t.match(again.stderr, /already holds data .*copies into an empty database only/);
    t.same(fingerprint(source.dataDir), before);
  },
);

t.test('killed with SIGKILL mid-copy, a second run resumes and ends with equal checksums; --switch', async (t) => {
  const source = await seededDesk(t, 60);
  const before = fingerprint(source.dataDir);
  const target = await freshPostgresDatabase();
  t.teardown(() => target.drop());

  const child = startCli([
    'db',
    'migrate-to-postgres',
    '--data-dir',
    source.dataDir,
    '--to',
    target.url,
    '--batch',
    '1',
  ]);
  let copied = 0;
  const deadline = Date.now() + 60_000;
  while (copied < 150 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const rows = await onPostgres(
      target.url,
      `select coalesce(sum(copied), 0)::int as n from migration_copy_progress where to_regclass('migration_copy_progress') is not null`,
    ).catch(() => [{ n: 0 }]);
    copied = rows[0].n;
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  t.ok(copied >= 150, `killed after ${copied} rows were committed`);
  const progress = await onPostgres(
    target.url,
    'select sum(done)::int as done, count(*)::int as tables from migration_copy_progress',
  );
  t.ok(
    progress[0].done < progress[0].tables,
    `the copy was cut short: ${progress[0].done} of ${progress[0].tables} tables done`,
  );

  const resumed = runCli(['db', 'migrate-to-postgres', '--data-dir', source.dataDir, '--to', target.url, '--switch']);
  t.equal(resumed.code, 0, resumed.stderr);
  t.match(resumed.stderr, /resuming the copy into .*: \d+ of \d+ tables done/);
  t.match(resumed.stdout, /\(resumed\): every row count and checksum matches/);
  const table = summary(resumed.stdout);
  t.same(
    [...table].filter(([, r]) => r.result !== 'ok' || r.sums[0] !== r.sums[1]),
    [],
  );
  t.equal(table.get('tickets')?.target, 60);
  t.same(fingerprint(source.dataDir), before, 'the SQLite file is unchanged');

  const config = JSON.parse(readFileSync(join(source.dataDir, 'ondesk.json'), 'utf8'));
  t.same(
    config,
    { port: 8080, database: 'postgres', databaseUrl: target.url },
    '--switch points the installation at PostgreSQL',
  );
  const { api } = await deskOn(t, target.url, source.adminId);
  t.same(await ok(t, await api.get(`/api/v1/tickets/${source.ids[0]}`), 200), source.first);
});

t.test('refusals: no database, a URL of another database, a running desk', async (t) => {
  const dataDir = tempDir(t);
  const noDb = runCli(['db', 'migrate-to-postgres', '--data-dir', dataDir, '--to', 'postgres://x@127.0.0.1:1/x']);
  t.equal(noDb.code, 2);
  t.match(noDb.stderr, /no SQLite database in/);
  const badUrl = runCli(['db', 'migrate-to-postgres', '--data-dir', dataDir, '--to', 'mysql://x']);
  t.equal(badUrl.code, 2);
  t.match(badUrl.stderr, /--to must be a PostgreSQL URL/);
  const badBatch = runCli([
    'db',
    'migrate-to-postgres',
    '--data-dir',
    dataDir,
    '--to',
    'postgres://x@h/x',
    '--batch',
    '2k',
  ]);
  t.equal(badBatch.code, 2);
  t.match(badBatch.stderr, /--batch must be a whole number from 1 to 100000, not "2k"/);
  const noTarget = runCli(['db', 'migrate-to-postgres', '--data-dir', dataDir], { env: { ONDESK_DATABASE_URL: '' } });
  t.equal(noTarget.code, 2);
  t.match(noTarget.stderr, /say where to copy: --to postgres:/);
  const source = await seededDesk(t, 1);
  writeFileSync(join(source.dataDir, 'ondesk.pid'), JSON.stringify({ pid: process.pid, port: 1 }));
  const running = runCli([
    'db',
    'migrate-to-postgres',
    '--data-dir',
    source.dataDir,
    '--to',
    'postgres://x@127.0.0.1:1/x',
  ]);
  t.equal(running.code, 2);
  t.match(running.stderr, /the desk is running on this data dir/);
});

t.test(
  'a row changed on the target during the copy is caught by its checksum: exit 1, the target left as it is',
  async (t) => {
    const source = await seededDesk(t, 3);
    const target = await freshPostgresDatabase();
    t.teardown(() => target.drop());
    const child = startCli([
      'db',
      'migrate-to-postgres',
      '--data-dir',
      source.dataDir,
      '--to',
      target.url,
      '--batch',
      '1',
    ]);
    let agentsDone = false;
    const deadline = Date.now() + 60_000;
    while (!agentsDone && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      const rows = await onPostgres(
        target.url,
        `select done from migration_copy_progress where table_name = 'agents'`,
      ).catch(() => []);
      agentsDone = rows[0]?.done === 1;
    }
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    t.ok(agentsDone, 'agents were copied before the kill');
    await onPostgres(target.url, `update agents set name = 'Someone else' where id = ${source.adminId}`);

    const resumed = runCli(['db', 'migrate-to-postgres', '--data-dir', source.dataDir, '--to', target.url]);
    t.equal(resumed.code, 1, resumed.stderr);
    const table = summary(resumed.stdout);
    t.equal(table.get('agents')?.result, 'MISMATCH');
    t.equal(table.get('agents')?.source, table.get('agents')?.target, 'same count, different contents');
    t.same(
      [...table].filter(([name, r]) => name !== 'agents' && r.result !== 'ok').map(([name]) => name),
      [],
      'every other table matches',
    );
    t.match(resumed.stderr, /1 table\(s\) differ after the copy \(agents\): the target was left as it is/);
    const kept = await onPostgres(target.url, `select count(*)::int as n from migration_copy_progress`);
    t.ok(kept[0].n > 0, 'the bookkeeping stays for inspection');
  },
);
