import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Work that several nodes share is claimed in the database, and counters every node must see live there:
 *
 * - `outbox.claimed_by` / `claim_expires_at`: a sender marks a batch as its own for a minute before sending, so
 *   two senders never send one message twice; a sender that dies leaves the claim to expire.
 * - `webhook_endpoints.claimed_by` / `claim_expires_at`: one sender drains an endpoint at a time, which keeps
 *   the endpoint's messages in order across nodes as they were within one process.
 * - `throttle_counters`: the sign-in throttle and the API tokens' request counts, one row per key (pair of
 *   account and source, account, known source, token window); a job deletes rows idle for a day.
 * - `inbound_spool`: a message the SMTP receiver accepted and stored raw, filed by whichever node claims it —
 *   the receiving node at once, or another one should it die before filing. A filed message's row is deleted
 *   (the inbound_messages row tells what became of it); one that cannot be filed after ten tries is `failed`.
 *
 * Only portable DDL: text instants (UTC ISO), no autoincrement (the spool's id is made by the application).
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['outbox', 'webhook_endpoints']) {
    await db.schema.alterTable(table).addColumn('claimed_by', 'text').execute();
    await db.schema.alterTable(table).addColumn('claim_expires_at', 'text').execute();
  }

  await db.schema
    .createTable('throttle_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('in_flight', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('next_allowed_at', 'text')
    .addColumn('reserved_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('throttle_counters_updated').on('throttle_counters').column('updated_at').execute();

  await db.schema
    .createTable('inbound_spool')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('raw_sha256', 'text', (c) => c.notNull())
    .addColumn('raw_size', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('envelope_from', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_by', 'text')
    .addColumn('claim_expires_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('inbound_spool_pending')
    .on('inbound_spool')
    .columns(['status', 'received_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbound_spool').execute();
  await db.schema.dropTable('throttle_counters').execute();
  for (const table of ['webhook_endpoints', 'outbox']) {
    await db.schema.alterTable(table).dropColumn('claim_expires_at').execute();
    await db.schema.alterTable(table).dropColumn('claimed_by').execute();
  }
}
