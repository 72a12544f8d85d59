import t from 'tap';
import type { Test } from 'tap';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { isPostgres } from '../../server/db/claims.js';
import { claim, claimDue, markSent } from '../../server/modules/outbox/outbox.repository.js';
import * as counters from '../../server/modules/auth/throttle.repository.js';
import { claimDueEndpoints } from '../../server/modules/webhooks/webhooks.repository.js';
import { claimUnfiled } from '../../server/modules/inbound-mail/spool.repository.js';
import { postgresAdminUrl } from '../helpers/postgres.js';

// The claims and counters on PostgreSQL, where concurrent transactions really run side by side (SQLite has one
// writer). Runs when ONDESK_TEST_PG_URL names an admin URL (node test/tools/pg-cluster.mjs start prints one);
// the tables are this slice's own columns, created in a database of the test's own, dropped afterwards.
// CI's cluster (ONDESK_TEST_PG_URL), else a private one this file starts: the test never skips.
const adminUrl = postgresAdminUrl();

const NOW = new Date('2026-12-05T09:00:00.000Z');
const AT = NOW.toISOString();
const plus = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

async function privateDatabase(t: Test): Promise<Kysely<Database>> {
  const name = `ondesk_claims_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 8 }) }),
  });
  t.teardown(async () => {
    await db.destroy();
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  });
  await sql`create table outbox (id serial primary key, channel text not null, recipient text not null,
    subject text, body text not null, payload text, dedupe_key text unique, status text not null default 'pending',
    attempts integer not null default 0, next_attempt_at text not null, last_error text, created_at text not null,
    sent_at text, claimed_by text, claim_expires_at text)`.execute(db);
  await sql`create table throttle_counters (key text primary key, count integer not null default 0,
    in_flight integer not null default 0, window_start text not null, next_allowed_at text, reserved_until text,
    updated_at text not null)`.execute(db);
  await sql`create table webhook_endpoints (id serial primary key, active integer not null default 1,
    claimed_by text, claim_expires_at text)`.execute(db);
  await sql`create table webhook_deliveries (id serial primary key, endpoint_id integer not null,
    status text not null default 'pending', next_attempt_at text)`.execute(db);
  await sql`create table inbound_spool (id text primary key, raw_sha256 text not null, raw_size integer not null,
    source text not null, envelope_from text, received_at text not null, status text not null default 'pending',
    attempts integer not null default 0, claimed_by text, claim_expires_at text, last_error text)`.execute(db);
  return db;
}

t.test('on PostgreSQL', async (t) => {
  const db = await privateDatabase(t);
  t.ok(isPostgres(db), 'the handle is recognised as PostgreSQL (SKIP LOCKED is used)');

  t.test('three senders racing on 1,000 outbox rows claim and send each exactly once', async (t) => {
    await sql`insert into outbox (channel, recipient, body, next_attempt_at, created_at)
      select 'email', 'r' || g || '@client.example', 'b', ${AT}, ${AT} from generate_series(1, 1000) g`.execute(db);
    const sentBy = new Map<number, string[]>();
    let largestBatch = 0;
    await Promise.all(
      ['a', 'b', 'c'].map(async (node) => {
        for (;;) {
          const rows = await db.transaction().execute((trx) => claimDue(trx, ['email'], node, NOW, 25));
          if (rows.length === 0) return;
          largestBatch = Math.max(largestBatch, rows.length);
          for (const row of rows) {
            const ours = await db
              .transaction()
              .execute((trx) => claim(trx, row.id, node, NOW, new Date(plus(600_000))));
            if (ours) sentBy.set(row.id, [...(sentBy.get(row.id) ?? []), node]);
            await markSent(db, row.id, NOW);
          }
        }
      }),
    );
    t.equal(sentBy.size, 1000);
    t.ok(largestBatch <= 25, `no claim took more than its limit of 25 (largest: ${largestBatch})`);
    t.ok(
      [...sentBy.values()].every((nodes) => nodes.length === 1),
      'no row was attempted by two senders',
    );
    const byNode = await db
      .selectFrom('outbox')
      .select(['claimed_by', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', '=', 'sent')
      .groupBy('claimed_by')
      .execute();
    t.equal(
      byNode.reduce((sum, r) => sum + Number(r.n), 0),
      1000,
    );
  });

  t.test('50 parallel sign-in reservations: only the budget passes', async (t) => {
    const reservedUntil = plus(120_000);
    const pairs = await Promise.all(
      Array.from({ length: 50 }, () =>
        db
          .transaction()
          .execute((trx) => counters.reservePair(trx, 'login:pair:a|s', { at: AT, reservedUntil, freeFailures: 3 })),
      ),
    );
    t.equal(pairs.filter(Boolean).length, 3, 'the three free failures');
    const accounts = await Promise.all(
      Array.from({ length: 50 }, () =>
        db.transaction().execute((trx) =>
          counters.reserveAccount(trx, 'login:account:a', {
            at: AT,
            windowFrom: plus(-60_000),
            reservedUntil,
            cap: 5,
          }),
        ),
      ),
    );
    t.equal(accounts.filter(Boolean).length, 5, 'the per-account cap');
    t.equal(await counters.releaseSlot(db, 'login:pair:a|s', { at: AT, failed: true }), 1, 'a failure counted');
    const totals = await Promise.all(Array.from({ length: 20 }, () => counters.addToWindow(db, 'api:1:100', 3, AT)));
    t.equal(Math.max(...totals), 60, 'token window: 20 flushes of 3 from parallel nodes add up');
  });

  t.test('webhook endpoints and spooled mail: concurrent claimers never share one', async (t) => {
    await sql`insert into webhook_endpoints (active) select 1 from generate_series(1, 10)`.execute(db);
    await sql`insert into webhook_deliveries (endpoint_id, next_attempt_at)
      select (g % 10) + 1, ${AT} from generate_series(1, 100) g`.execute(db);
    const endpoints = await Promise.all(
      ['a', 'b', 'c'].map((n) => db.transaction().execute((trx) => claimDueEndpoints(trx, n, AT, plus(60_000)))),
    );
    t.equal(endpoints.flat().length, 10);
    t.equal(new Set(endpoints.flat()).size, 10, 'each endpoint claimed once');
    await sql`insert into inbound_spool (id, raw_sha256, raw_size, source, received_at)
      select 'm' || g, 'x', 1, 'smtp', ${AT} from generate_series(1, 30) g`.execute(db);
    const spooled = await Promise.all(
      ['a', 'b', 'c'].map((n) => db.transaction().execute((trx) => claimUnfiled(trx, n, AT, plus(60_000), 12))),
    );
    t.equal(spooled.flat().length, 30);
    t.ok(
      spooled.every((rows) => rows.length <= 12),
      `each claim within its limit of 12 (${spooled.map((rows) => rows.length).join(', ')})`,
    );
    t.equal(new Set(spooled.flat().map((r) => r.id)).size, 30, 'each message claimed once');
  });
});
