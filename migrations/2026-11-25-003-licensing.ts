import { sql, type Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';

// Frozen: a migration never changes once released. Later changes go into a new file.

export async function up(db: Kysely<any>): Promise<void> {
  // Applied licenses, newest sequence wins; kept, never overwritten, so an audit can replay what was in force.
  await db.schema
    .createTable('licenses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('jti', 'text', (c) => c.notNull().unique())
    .addColumn('lsq', 'integer', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('claims', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .addColumn('applied_by', 'text', (c) => c.notNull())
    .execute();
  // One row per registered node: its latest node token.
  await db.schema
    .createTable('node_tokens')
    .addColumn('node_id', 'text', (c) => c.primaryKey())
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('license_jti', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'integer', (c) => c.notNull()) // epoch seconds, as in the token
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('revoked_tokens')
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('list_jti', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  // The most agents active on each day: what a license audit and a renewal quote look at.
  await db.schema
    .createTable('seat_usage')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('max_active', 'integer', (c) => c.notNull())
    .execute();
  // Side effects leave the request path through this table, written in the same transaction as the change
  // that causes them; workers deliver and retry, and admins see every item.
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('channel', 'text', (c) => c.notNull()) // email | sms | webhook
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('payload', 'text') // channel-specific extras as JSON
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending')) // pending | sent | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').columns(['status', 'next_attempt_at']).execute();
  // A stable random id of this installation: keys the node id hash, so a machine id is never shown raw.
  await sql`insert or ignore into settings (key, value) values ('installation_id', ${randomUUID()})`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['outbox', 'seat_usage', 'revoked_tokens', 'node_tokens', 'licenses']) await db.schema.dropTable(table).ifExists().execute();
  await sql`delete from settings where key = 'installation_id'`.execute(db);
}
