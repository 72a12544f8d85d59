import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per message that reached a receiver, whatever became of it: the audit trail admins read, and the
  // idempotency key (a Message-ID is ingested once even if a mailbox returns it twice).
  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('message_key', 'text', (c) => c.notNull().unique())
    .addColumn('message_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text')
    .addColumn('from_name', 'text')
    .addColumn('subject', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('ticket','comment','rejected','held')`))
    .addColumn('reason', 'text')
    .addColumn('automatic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id').onDelete('set null'))
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
    .addColumn('raw_sha256', 'text')
    .addColumn('raw_size', 'integer', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('quoted_text', 'text')
    .execute();
  await db.schema.createIndex('inbound_messages_status').on('inbound_messages').columns(['status', 'id']).execute();
  await db.schema.createIndex('inbound_messages_ticket').on('inbound_messages').column('ticket_id').execute();
  // The per-sender cap on automatic answers counts a sender's recent messages.
  await db.schema.createIndex('inbound_messages_from').on('inbound_messages').columns(['from_address', 'received_at']).execute();

  // Every Message-ID a stored message references or carries, so a reply threads by In-Reply-To/References.
  await db.schema
    .createTable('inbound_message_refs')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('inbound_message_id', 'integer', (c) => c.notNull().references('inbound_messages.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('inbound_message_refs_id').on('inbound_message_refs').column('message_id').execute();

  // Mail from an unknown address of a client's domain becomes that client's contact.
  await db.schema
    .createTable('organization_domains')
    .addColumn('domain', 'text', (c) => c.primaryKey().modifyEnd(sql`collate nocase`))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organization_domains_organization').on('organization_domains').column('organization_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['organization_domains', 'inbound_message_refs', 'inbound_messages']) await db.schema.dropTable(table).ifExists().execute();
}
