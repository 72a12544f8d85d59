import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Webhooks (issue 19): endpoints that receive signed domain events, and one row per message to an endpoint —
 * the queue the delivery worker drains in order per endpoint and, once sent or given up, the delivery log
 * admins read (kept 30 days). A secret is stored sealed under the installation's webhook key and never read
 * back by the API; after a rotation the previous secret keeps signing until `previous_secret_until`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'integer', (c) => c.references('organizations.id').onDelete('cascade'))
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('thin').check(sql`payload in ('thin', 'full')`))
    .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('github_signature', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_until', 'text')
    // Events up to this id happened before the endpoint existed: it receives what comes after.
    .addColumn('from_event_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failing_since', 'text')
    .addColumn('disabled_reason', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('agents.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    // The Standard Webhooks message id: the same for every attempt and redelivery of one message.
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'integer')
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'succeeded', 'failed')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('manual', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('request_headers', 'text')
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text')
    .execute();
  // The worker's question: each endpoint's oldest pending message.
  await sql`create index webhook_deliveries_pending on webhook_deliveries (endpoint_id, id) where status = 'pending'`.execute(
    db,
  );
  // A message is queued once per endpoint and event, however often the processor reads the event (at least once).
  await sql`create unique index webhook_deliveries_once on webhook_deliveries (endpoint_id, event_id) where manual = 0 and event_id is not null`.execute(
    db,
  );
  // The log, newest first, of one endpoint (optionally one status or event type); and the 30-day cleanup.
  await db.schema.createIndex('webhook_deliveries_log').on('webhook_deliveries').columns(['endpoint_id', 'id']).execute();
  await db.schema
    .createIndex('webhook_deliveries_log_status')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'status', 'id'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_log_event')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'event_type', 'id'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_created').on('webhook_deliveries').columns(['created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_endpoints').execute();
}
