import t from 'tap';
import { openDatabase } from '../../server/db/connection.js';
import { createMigrator, migrateDown, migrateToLatest, migrationStatus } from '../../server/db/migrator.js';
import { migrations } from '../../migrations/index.js';
import { tempDir } from '../helpers/installation.js';
import { join } from 'node:path';
import { sql } from 'kysely';
import { indexBacklog } from '../../server/modules/search/index.js';

t.test('migrations run from empty to latest, all the way down, and up again', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'm.db'));
  t.teardown(() => handle.close());
  const names = Object.keys(migrations);
  await migrateToLatest(handle.db);
  t.same(
    (await migrationStatus(handle.db)).filter((m) => m.executedAt).map((m) => m.name),
    names,
  );
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(handle.db);
  t.ok(
    tables.rows.some((r) => r.name === 'tickets'),
    'tickets table exists',
  );
  for (let i = 0; i < names.length; i++) await migrateDown(handle.db);
  t.same(
    (await migrationStatus(handle.db)).filter((m) => m.executedAt),
    [],
    'all rolled back',
  );
  const left = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'`.execute(
    handle.db,
  );
  t.same(left.rows, [], 'down leaves no table behind');
  await migrateToLatest(handle.db);
  t.equal((await migrationStatus(handle.db)).filter((m) => m.executedAt).length, names.length, 'up again');
});

t.test('pragmas: WAL, foreign keys, busy timeout', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'p.db'));
  t.teardown(() => handle.close());
  t.equal(handle.sqlite.pragma('journal_mode', { simple: true }), 'wal');
  t.equal(handle.sqlite.pragma('foreign_keys', { simple: true }), 1);
  t.equal(handle.sqlite.pragma('busy_timeout', { simple: true }), 5000);
  await migrateToLatest(handle.db);
  await handle.durable(); // group fsync resolves after a commit
  t.pass('durable() resolves');
});

t.test('each migration upgrades the previous schema with data in it, and the data survives', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'u.db'));
  t.teardown(() => handle.close());
  const migrator = createMigrator(handle.db);
  // The schema before teams and the search backlog (007, 008), which these checks are about; every later
  // migration runs over the same data on the way to the latest.
  await migrator.migrateTo('2026-11-25-006-inbound-mail');
  const now = '2026-11-20T10:00:00.000Z';
  await sql`insert into organizations (name, tags, created_at, updated_at) values ('ООО Ромашка', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
            values (1, 'Не печатает принтер', 'Замятие бумаги', 'incident', 'P2', 'open', 1, 'email', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into notification_rules (event, channel, recipient, enabled, created_at) values ('ticket.created', 'email', 'manager', 0, ${now})`.execute(
    handle.db,
  );
  const rulesBefore = (await sql<{ id: number }>`select id from notification_rules order by id`.execute(handle.db))
    .rows;
  await migrateToLatest(handle.db);
  const rules = await sql<{
    id: number;
    event: string;
    recipient: string;
    enabled: number;
  }>`select id, event, recipient, enabled from notification_rules order by id`.execute(handle.db);
  t.same(
    rules.rows.slice(0, rulesBefore.length).map((r) => r.id),
    rulesBefore.map((r) => r.id),
    'the notification rules survive the rebuild of their table',
  );
  t.match(
    rules.rows.find((r) => r.event === 'ticket.created' && r.recipient === 'manager'),
    { enabled: 0 },
    'a disabled rule stays disabled',
  );
  t.ok(
    rules.rows.some((r) => r.event === 'sla.breach' && r.recipient === 'manager'),
    'and the SLA rules are added',
  );
  const ticket = await handle.db.selectFrom('tickets').selectAll().where('number', '=', 1).executeTakeFirstOrThrow();
  t.same(
    await handle.db.selectFrom('domain_events').selectAll().execute(),
    [],
    'domain events start empty: history before the upgrade is not replayed to processors',
  );
  t.equal(ticket.team_id, null, 'tickets start without a team');
  t.equal(ticket.subject, 'Не печатает принтер', 'the ticket survived the upgrade');
  t.equal(ticket.agreement_id, null, 'and has no agreement (no SLA) until one is chosen');
  // The upgrade to stems (028) queues every row; the indexer of the running desk works through the queue.
  await indexBacklog(handle);
  const found = await sql<{
    ref_id: number;
  }>`select k.doc / 4 as ref_id from search_index join search_keys k on k.key = search_index.rowid
    where search_index match 'принтер' and search_index.rowid % 4 = 0`.execute(handle.db);
  t.same(
    found.rows.map((r) => r.ref_id),
    [ticket.id],
    'the word index still finds it',
  );
  await sql`update tickets set subject = 'Сканер не сканирует' where id = ${ticket.id}`.execute(handle.db);
  await indexBacklog(handle);
  const renamed = await sql<{
    ref_id: number;
  }>`select k.doc / 4 as ref_id from search_index join search_keys k on k.key = search_index.rowid
    where search_index match 'сканер' and search_index.rowid % 4 = 0`.execute(handle.db);
  t.same(
    renamed.rows.map((r) => r.ref_id),
    [ticket.id],
    'and follows a changed subject',
  );
  await sql`update tickets set sla_state = 'ok' where id = ${ticket.id}`.execute(handle.db);
  t.equal(
    (await sql<{ n: number }>`select count(*) as n from search_queue`.execute(handle.db)).rows[0]!.n,
    0,
    'an SLA-only update leaves the index alone',
  );
});

t.test('time, packages and rates (011) upgrade a desk with services, agreements and tickets in it', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'time.db'));
  t.teardown(() => handle.close());
  const migrator = createMigrator(handle.db);
  await migrator.migrateTo('2026-12-04-010-api-token-scopes');
  const now = '2026-12-01T10:00:00.000Z';
  await sql`insert into organizations (name, tags, created_at, updated_at) values ('ООО Ромашка', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into services (name, active, created_at, updated_at) values ('1С', 1, ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into calendars (name, document, created_at, updated_at)
            values ('8x5', '{"timezone":"Europe/Moscow"}', ${now}, ${now})`.execute(handle.db);
  await sql`insert into agreements (organization_id, number, title, kind, tier, calendar_id, start_date, end_date, status,
              hours_package, hour_rate, created_at, updated_at)
            values (1, '2026-001', 'Пакет', 'prepaid_hours', '8x5', 1, '2026-01-01', '2026-12-31', 'active', 10, 2500,
              ${now}, ${now})`.execute(handle.db);
  await migrateToLatest(handle.db);
  const service = await handle.db.selectFrom('services').selectAll().executeTakeFirstOrThrow();
  t.match(service, { name: '1С', billable_default: null }, 'services keep their rows and have no billable opinion');
  const agreement = await handle.db.selectFrom('agreements').selectAll().executeTakeFirstOrThrow();
  t.match(agreement, { hours_package: 10, hour_rate: 2500 }, 'the package and the hour rate stay on the agreement');
  t.same(await handle.db.selectFrom('agreement_time_terms').selectAll().execute(), [], 'default time terms until set');
  const rules = await handle.db.selectFrom('notification_rules').select(['event', 'recipient']).execute();
  t.ok(rules.some((r) => r.event === 'package.exhausted' && r.recipient === 'organization_contacts'));
  t.equal(
    (await handle.db.selectFrom('worklog_activities').selectAll().execute()).length,
    6,
    'activities to start with',
  );
});

t.test('documents (018) upgrade a desk with agreements, terms and work: fee column, frozen documents', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'documents.db'));
  t.teardown(() => handle.close());
  const migrator = createMigrator(handle.db);
  await migrator.migrateTo('2026-12-04-017-surveys');
  const now = '2026-12-04T10:00:00.000Z';
  await sql`insert into organizations (name, tags, created_at, updated_at) values ('ООО Ромашка', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into calendars (name, document, created_at, updated_at)
            values ('8x5', '{"timezone":"Europe/Moscow"}', ${now}, ${now})`.execute(handle.db);
  await sql`insert into agreements (organization_id, number, title, kind, tier, calendar_id, start_date, end_date, status,
              created_at, updated_at)
            values (1, '2026-001', 'Сопровождение', 'commercial', '8x5', 1, '2026-01-01', '2026-12-31', 'active', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into agreement_time_terms (agreement_id, overage_rate_kopecks, updated_at) values (1, 250000, ${now})`.execute(
    handle.db,
  );
  await migrateToLatest(handle.db);
  t.match(
    await handle.db.selectFrom('agreement_time_terms').selectAll().executeTakeFirstOrThrow(),
    { overage_rate_kopecks: 250000, package_fee_kopecks: null },
    'the terms keep their values and have no fee',
  );
  await sql`insert into legal_entities (name, short_name, inn, address, bank_name, bik, corr_account, settlement_account,
              director_name, director_position, created_at, updated_at)
            values ('ООО «Ондеск Сервис»', 'Ондеск', '7707083893', 'Москва', 'ПАО Сбербанк', '044525225',
              '30101810400000000225', '40702810938000012345', 'Иванов Иван Иванович', 'Директор', ${now}, ${now})`.execute(
    handle.db,
  );
  const insert = (number: number) =>
    sql`insert into documents (kind, entity_id, organization_id, number, year, number_text, date, net_kopecks,
          vat_kopecks, total_kopecks, language, snapshot, created_by, created_at)
        values ('act', 1, 1, ${number}, 2026, ${String(number)}, '2026-12-01', 100, 22, 122, 'ru', '{}', 'test', ${now})`.execute(
      handle.db,
    );
  await insert(1);
  await t.rejects(insert(1), /UNIQUE/, 'a number is used once per entity, kind and year');
  await t.rejects(sql`update documents set total_kopecks = 0`.execute(handle.db), /never changed/);
  await t.rejects(sql`delete from documents`.execute(handle.db), /never changed/);
  t.equal(
    (await handle.db.selectFrom('legal_entities').select('vat_mode').executeTakeFirstOrThrow()).vat_mode,
    'standard',
  );
});

t.test('settlements (019) upgrade a desk with documents: payments, their history and pay formulas', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'settlements.db'));
  t.teardown(() => handle.close());
  const migrator = createMigrator(handle.db);
  await migrator.migrateTo('2026-12-04-018-documents');
  const now = '2026-12-04T10:00:00.000Z';
  await sql`insert into organizations (name, tax_id, tags, created_at, updated_at)
            values ('ООО Ромашка', '5047123455', '[]', ${now}, ${now})`.execute(handle.db);
  await sql`insert into legal_entities (name, short_name, inn, address, bank_name, bik, corr_account, settlement_account,
              director_name, director_position, created_at, updated_at)
            values ('ООО «Ондеск Сервис»', 'Ондеск', '7704123450', 'Москва', 'ПАО Сбербанк', '044525225',
              '30101810400000000225', '40702810603800001234', 'Соколов Андрей Петрович', 'Директор', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into documents (kind, entity_id, organization_id, number, year, number_text, date, net_kopecks,
              vat_kopecks, total_kopecks, language, snapshot, created_by, created_at)
            values ('invoice', 1, 1, 15, 2026, '15', '2026-12-01', 100, 22, 122, 'ru', '{}', 'test', ${now})`.execute(
    handle.db,
  );
  await migrateToLatest(handle.db);
  const payment = {
    organization_id: 1,
    entity_id: 1,
    invoice_document_id: 1,
    date: '2026-12-02',
    amount_kopecks: 122,
    source: 'import' as const,
    dedupe_key: 'bank:1',
    created_by: 'test',
    created_at: now,
  };
  await handle.db.insertInto('payments').values(payment).execute();
  await t.rejects(handle.db.insertInto('payments').values(payment).execute(), /UNIQUE/, 'one bank payment once');
  await t.rejects(
    handle.db
      .insertInto('payments')
      .values({ ...payment, dedupe_key: 'bank:2', amount_kopecks: 0 })
      .execute(),
    /CHECK/,
    'a payment is money received',
  );
  await t.rejects(
    handle.db
      .insertInto('payments')
      .values({ ...payment, dedupe_key: 'bank:3', invoice_document_id: 99 })
      .execute(),
    /FOREIGN KEY/,
  );
  t.same(
    (await handle.db.selectFrom('documents').select(['number_text', 'total_kopecks']).execute()).map((d) => [
      d.number_text,
      d.total_kopecks,
    ]),
    [['15', 122]],
    'issued documents are untouched',
  );
});

t.test('conversation (022) upgrade keeps rules and comments, adds the `mentioned` rule and macros', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'conversation.db'));
  t.teardown(() => handle.close());
  await createMigrator(handle.db).migrateTo('2026-12-04-019-settlements');
  const now = '2026-12-04T10:00:00.000Z';
  await sql`insert into organizations (name, tags, created_at, updated_at) values ('Romashka', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags,
              created_at, updated_at)
            values (1, 'Printer', '', 'incident', 'P2', 'new', 1, 'email', '[]', ${now}, ${now})`.execute(handle.db);
  await sql`insert into comments (ticket_id, body, public, created_at) values (1, 'from mail', 1, ${now})`.execute(
    handle.db,
  );
  await sql`update notification_rules set enabled = 0 where event = 'ticket.created'`.execute(handle.db);
  const rulesBefore = await sql<{ n: number }>`select count(*) as n from notification_rules`.execute(handle.db);
  await migrateToLatest(handle.db);
  t.same(
    await handle.db.selectFrom('comments').select(['body', 'cc', 'channel']).execute(),
    [{ body: 'from mail', cc: null, channel: null }],
    'old comments are untouched',
  );
  const rules = await handle.db.selectFrom('notification_rules').select(['event', 'recipient', 'enabled']).execute();
  t.equal(rules.length, rulesBefore.rows[0].n + 1, 'every rule kept, one added');
  t.same(
    rules.filter((r) => r.event === 'ticket.created').map((r) => r.enabled),
    [0],
    "an admin's choice survives",
  );
  t.ok(rules.some((r) => r.event === 'ticket.mentioned' && r.recipient === 'mentioned' && r.enabled === 1));
  await handle.db
    .insertInto('macros')
    .values({ name: 'Hi', body: 'Hello', owner_agent_id: null, created_at: now, updated_at: now })
    .execute();
  t.equal((await handle.db.selectFrom('macros').select('name').execute()).length, 1);
});

t.test('contact-active (021) upgrades a desk with clients: contacts stay active, KPP starts empty', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'contact-active.db'));
  t.teardown(() => handle.close());
  await createMigrator(handle.db).migrateTo('2026-12-04-019-settlements');
  const now = '2026-12-04T10:00:00.000Z';
  await sql`insert into organizations (name, tax_id, tags, created_at, updated_at)
            values ('ООО Ромашка', '5047123455', '[]', ${now}, ${now})`.execute(handle.db);
  await sql`insert into contacts (organization_id, name, email, created_at, updated_at)
            values (1, 'Анна', 'anna@romashka.example', ${now}, ${now})`.execute(handle.db);
  await migrateToLatest(handle.db);
  t.same(await handle.db.selectFrom('contacts').select(['name', 'active', 'portal_enabled']).execute(), [
    { name: 'Анна', active: 1, portal_enabled: 1 },
  ]);
  t.same(await handle.db.selectFrom('organizations').select(['tax_id', 'kpp']).execute(), [
    { tax_id: '5047123455', kpp: null },
  ]);
  await handle.db.updateTable('contacts').set({ active: 0 }).execute();
  t.equal((await handle.db.selectFrom('contacts').select('active').executeTakeFirstOrThrow()).active, 0);
});

t.test('webhooks (026) upgrade a desk with clients: endpoints and their messages, one message per event', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'w.db'));
  t.teardown(() => handle.close());
  const migrator = createMigrator(handle.db);
  await migrator.migrateTo('2026-12-04-024-duty-escalation');
  const now = '2026-12-04T10:00:00.000Z';
  await sql`insert into organizations (name, tags, created_at, updated_at) values ('ООО Ромашка', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  await migrator.migrateTo('2026-12-04-026-webhooks');
  await sql`insert into webhook_endpoints (url, events, organization_id, secret, created_at, updated_at)
    values ('https://example.com/hook', '["ticket.*"]', 1, 'v1.sealed', ${now}, ${now})`.execute(handle.db);
  const endpoint = await handle.db.selectFrom('webhook_endpoints').selectAll().executeTakeFirstOrThrow();
  t.match(endpoint, { payload: 'thin', headers: '{}', active: 1, github_signature: 0, from_event_id: 0 });
  const insert = () =>
    sql`insert or ignore into webhook_deliveries (endpoint_id, message_id, event_id, event_type, body, created_at, next_attempt_at)
      values (1, 'msg_7', 7, 'ticket.created', '{}', ${now}, ${now})`.execute(handle.db);
  await insert();
  await insert();
  t.equal(
    (await handle.db.selectFrom('webhook_deliveries').selectAll().execute()).length,
    1,
    'an event is queued once',
  );
  await migrateToLatest(handle.db);
  t.equal(
    (await handle.db.selectFrom('webhook_endpoints').selectAll().execute()).length,
    1,
    'kept by later migrations',
  );
});

t.test('duty schedules (023) upgrade a desk with teams: teams keep everything and have no calendar yet', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'duty.db'));
  t.teardown(() => handle.close());
  const migrator = createMigrator(handle.db);
  await migrator.migrateTo('2026-12-04-022-conversation');
  const now = '2026-12-04T10:00:00.000Z';
  await sql`insert into teams (name, created_at, updated_at) values ('Первая линия', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into agents (email, name, role, created_at, updated_at)
            values ('eng@duty.example', 'Eng', 'engineer', ${now}, ${now})`.execute(handle.db);
  await migrator.migrateTo('2026-12-04-023-duty-schedules');
  t.same(await handle.db.selectFrom('teams').select(['name', 'active', 'calendar_id']).execute(), [
    { name: 'Первая линия', active: 1, calendar_id: null },
  ]);
  await sql`insert into duty_schedules (team_id, name, timezone, created_at, updated_at)
            values (1, 'Nights', 'Europe/Moscow', ${now}, ${now})`.execute(handle.db);
  await sql`insert into duty_layers (schedule_id, position, members, shift_minutes, handoff, starts_on)
            values (1, 0, '[1]', 1440, '10:00', '2026-12-07')`.execute(handle.db);
  t.match(await handle.db.selectFrom('duty_layers').selectAll().executeTakeFirstOrThrow(), {
    restrictions: '[]',
    skip_holidays: 0,
  });
  await t.rejects(
    sql`insert into duty_swaps (schedule_id, requester_id, with_agent_id, from_at, to_at, status, created_at)
        values (1, 1, 1, ${now}, ${now}, 'maybe', ${now})`.execute(handle.db),
    'a swap is requested, approved or rejected',
  );
  await migrateToLatest(handle.db);
  t.equal((await handle.db.selectFrom('duty_layers').selectAll().execute()).length, 1, 'kept by later migrations');
  await sql`delete from teams`.execute(handle.db);
  t.equal((await handle.db.selectFrom('duty_schedules').selectAll().execute()).length, 0, 'a team takes its schedules');
});

t.test('integration API (027) upgrades a desk with API tokens: each keeps what it could do', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'i.db'));
  t.teardown(() => handle.close());
  const migrator = createMigrator(handle.db);
  await migrator.migrateTo('2026-12-04-026-webhooks');
  const now = '2026-12-04T10:00:00.000Z';
  await sql`insert into agents (email, name, role, created_at, updated_at)
            values ('ops@tokens.example', 'Ops', 'admin', ${now}, ${now})`.execute(handle.db);
  for (const [name, scope] of [
    ['reader', 'read'],
    ['writer', 'write'],
  ])
    await sql`insert into api_tokens (agent_id, name, token_hash, prefix, created_at, scope)
              values (1, ${name}, ${'hash-' + name}, 'odk_abcd', ${now}, ${scope})`.execute(handle.db);
  await migrator.migrateTo('2026-12-04-027-integration-api');
  const rows = await sql<{
    name: string;
    scope: string;
    scopes: string;
    rate_limit_per_minute: number | null;
  }>`select name, scope, scopes, rate_limit_per_minute from api_tokens order by id`.execute(handle.db);
  t.same(rows.rows, [
    { name: 'reader', scope: 'read', scopes: '["read"]', rate_limit_per_minute: null },
    { name: 'writer', scope: 'write', scopes: '["read","write"]', rate_limit_per_minute: null },
  ]);
  await sql`insert into idempotency_keys (principal, key, request_hash, created_at, expires_at)
            values ('token:1', 'k', 'h', ${now}, ${now})`.execute(handle.db);
  await migrateToLatest(handle.db);
  t.equal((await sql`select * from idempotency_keys`.execute(handle.db)).rows.length, 1, 'kept by later migrations');
  await migrator.migrateTo('2026-12-04-026-webhooks');
  const columns = await sql<{ name: string }>`select name from pragma_table_info('api_tokens')`.execute(handle.db);
  t.notOk(
    columns.rows.some((c) => c.name === 'scopes'),
    'down takes the scopes away again',
  );
  t.equal((await sql`select * from api_tokens`.execute(handle.db)).rows.length, 2, 'and keeps the tokens');
});

t.test('escalation (024) upgrades a desk with tickets: tickets untouched, chains and pages start empty', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'escalation.db'));
  t.teardown(() => handle.close());
  await createMigrator(handle.db).migrateTo('2026-12-04-023-duty-schedules');
  const now = '2026-12-04T10:00:00.000Z';
  await sql`insert into organizations (name, tags, created_at, updated_at) values ('Romashka', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into agents (email, name, role, created_at, updated_at) values ('e@x.test', 'Egor', 'engineer', ${now}, ${now})`.execute(
    handle.db,
  );
  await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags,
              created_at, updated_at)
            values (1, 'Server down', '', 'incident', 'P1', 'new', 1, 'phone', '[]', ${now}, ${now})`.execute(
    handle.db,
  );
  await migrateToLatest(handle.db);
  t.same(await handle.db.selectFrom('tickets').select(['subject', 'priority']).execute(), [
    { subject: 'Server down', priority: 'P1' },
  ]);
  t.same(await handle.db.selectFrom('escalation_policies').selectAll().execute(), [], 'tiers run on the defaults');
  t.same(await handle.db.selectFrom('ticket_escalations').selectAll().execute(), []);
  await handle.db
    .insertInto('ticket_escalations')
    .values({
      ticket_id: 1,
      policy: '{}',
      started_at: now,
      step: 0,
      round: 0,
      next_at: 1,
      acknowledged_at: null,
      acknowledged_by: null,
      stopped_reason: null,
    })
    .execute();
  const page = { ticket_id: 1, step: 0, round: 0, target: 'line:1', agent_id: 1, at: now, acknowledged_at: null };
  await handle.db
    .insertInto('duty_pages')
    .values({ ...page, channel: 'sms' })
    .execute();
  await t.rejects(
    handle.db
      .insertInto('duty_pages')
      .values({ ...page, channel: 'fax' as 'sms' })
      .execute(),
    /CHECK constraint/,
    'a page goes by SMS or e-mail only',
  );
  await t.rejects(
    handle.db
      .insertInto('duty_pages')
      .values({ ...page, ticket_id: 99, channel: 'email' })
      .execute(),
    /FOREIGN KEY/,
    'a page belongs to a ticket',
  );
});

t.test(
  'support lines and warranty (025) upgrade a desk with tickets and agreements: both kept, new fields empty',
  async (t) => {
    const handle = openDatabase(join(tempDir(t), 'support-lines.db'));
    t.teardown(() => handle.close());
    await createMigrator(handle.db).migrateTo('2026-12-04-024-duty-escalation');
    const now = '2026-12-04T10:00:00.000Z';
    await sql`insert into organizations (name, tags, created_at, updated_at) values ('Romashka', '[]', ${now}, ${now})`.execute(
      handle.db,
    );
    await sql`insert into calendars (name, document, created_at, updated_at)
            values ('8x5', '{"timezone":"Europe/Moscow"}', ${now}, ${now})`.execute(handle.db);
    await sql`insert into agreements (organization_id, number, title, kind, tier, calendar_id, start_date, end_date, status,
              created_at, updated_at)
            values (1, 'W-1', 'Warranty', 'warranty', '8x5', 1, '2026-01-01', '2026-12-31', 'active', ${now}, ${now})`.execute(
      handle.db,
    );
    await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags,
              agreement_id, created_at, updated_at)
            values (1, 'VPN drops', '', 'incident', 'P2', 'new', 1, 'phone', '[]', 1, ${now}, ${now})`.execute(
      handle.db,
    );
    await migrateToLatest(handle.db);
    t.same(
      await handle.db
        .selectFrom('tickets')
        .select(['subject', 'agreement_id', 'support_line', 'external_issue_state', 'agreement_reason'])
        .execute(),
      [
        {
          subject: 'VPN drops',
          agreement_id: 1,
          support_line: null,
          external_issue_state: null,
          agreement_reason: null,
        },
      ],
      'the ticket is on the first line, with no reason recorded before',
    );
    t.same(
      await handle.db
        .selectFrom('agreements')
        .select(['number', 'kind', 'product_service_id', 'warranty_start', 'warranty_months'])
        .execute(),
      [{ number: 'W-1', kind: 'warranty', product_service_id: null, warranty_start: null, warranty_months: null }],
      'an old warranty agreement covers no product until one is set',
    );
    t.same(await handle.db.selectFrom('support_lines').selectAll().execute(), [], 'no lines until an admin sets them');
    const line = { name: 'L1', team_id: null, kind: 'support' as const, updated_at: now };
    await handle.db
      .insertInto('support_lines')
      .values({ ...line, position: 1 })
      .execute();
    await t.rejects(
      handle.db
        .insertInto('support_lines')
        .values({ ...line, name: 'L1 again', position: 1 })
        .execute(),
      /UNIQUE/,
      'one line per position',
    );
    await t.rejects(
      handle.db
        .insertInto('support_lines')
        .values({ ...line, position: 2, kind: 'sales' as 'support' })
        .execute(),
      /CHECK constraint/,
      'a line is support or development',
    );
  },
);

t.test('claims and counters (031) upgrade a desk with queued mail: items unclaimed, new tables empty', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'claims.db'));
  t.teardown(() => handle.close());
  await createMigrator(handle.db).migrateTo('2026-12-04-029-ticket-write-path');
  const now = '2026-12-04T10:00:00.000Z';
  await sql`insert into outbox (channel, recipient, subject, body, next_attempt_at, created_at)
            values ('email', 'a@client.example', 'Queued', 'body', ${now}, ${now})`.execute(handle.db);
  await createMigrator(handle.db).migrateTo('2026-12-04-031-claims-counters');
  t.match(await handle.db.selectFrom('outbox').selectAll().execute(), [
    { subject: 'Queued', status: 'pending', claimed_by: null, claim_expires_at: null },
  ]);
  t.same(await handle.db.selectFrom('throttle_counters').selectAll().execute(), []);
  t.same(await handle.db.selectFrom('inbound_spool').selectAll().execute(), []);
  await migrateToLatest(handle.db);
  await createMigrator(handle.db).migrateTo('2026-12-04-029-ticket-write-path');
  const columns = await sql<{ name: string }>`select name from pragma_table_info('outbox')`.execute(handle.db);
  t.notOk(
    columns.rows.some((c) => c.name === 'claimed_by'),
    'down takes the claim columns away',
  );
  t.equal((await sql`select * from outbox`.execute(handle.db)).rows.length, 1, 'and keeps the queued mail');
});
