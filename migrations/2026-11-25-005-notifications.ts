import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/** The rules a new installation starts with; admins change them afterwards (notification_rules). */
const DEFAULT_RULES: Array<[event: string, channel: string, recipient: string]> = [
  // The assignee hears everything about their tickets.
  ['ticket.created', 'email', 'assignee'],
  ['ticket.assigned', 'email', 'assignee'],
  ['ticket.status_changed', 'email', 'assignee'],
  ['ticket.public_reply', 'email', 'assignee'],
  ['ticket.internal_note', 'email', 'assignee'],
  // Public replies of agents reach the client.
  ['ticket.public_reply', 'email', 'ticket_contact'],
];

export async function up(db: Kysely<any>): Promise<void> {
  // Admin overrides of the built-in templates (the defaults live in code, so an upgrade can improve them).
  await db.schema
    .createTable('mail_templates')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('agents.id').onDelete('set null'))
    .addPrimaryKeyConstraint('mail_templates_pk', ['event', 'language'])
    .execute();

  await db.schema
    .createTable('notification_rules')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email','sms')`))
    .addColumn('recipient', 'text', (c) => c.notNull().check(sql`recipient in ('assignee','manager','ticket_contact','organization_contacts','agent')`))
    .addColumn('agent_id', 'integer', (c) => c.references('agents.id').onDelete('cascade')) // only for recipient = agent
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index notification_rules_unique on notification_rules (event, channel, recipient, coalesce(agent_id, 0))`.execute(db);
  const now = new Date().toISOString();
  for (const [event, channel, recipient] of DEFAULT_RULES) {
    await sql`insert into notification_rules (event, channel, recipient, enabled, created_at) values (${event}, ${channel}, ${recipient}, 1, ${now})`.execute(db);
  }

  // What an agent chose not to hear; a row is a mute.
  await db.schema
    .createTable('agent_mutes')
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agent_mutes_pk', ['agent_id', 'event', 'channel'])
    .execute();

  // Per organization: whether the sender of a new ticket by e-mail gets an acknowledgement (on when no row).
  await db.schema
    .createTable('organization_notification_settings')
    .addColumn('organization_id', 'integer', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
    .addColumn('acknowledge_new_tickets', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // SMS sent per provider and calendar month (UTC): what the monthly cap is checked against.
  await db.schema
    .createTable('sms_counters')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull()) // YYYY-MM
    .addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refused', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('sms_counters_pk', ['provider', 'month'])
    .execute();

  // Every Message-ID we send (and, written by the inbound side, every one we receive) with its ticket:
  // replies are matched by In-Reply-To / References against this table, never by a guessable pattern.
  await db.schema
    .createTable('mail_message_ids')
    .addColumn('message_id', 'text', (c) => c.primaryKey()) // without angle brackets
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id').onDelete('cascade'))
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
    .addColumn('outbox_id', 'integer', (c) => c.references('outbox.id').onDelete('set null'))
    .addColumn('recipient', 'text')
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('out','in')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_message_ids_ticket').on('mail_message_ids').columns(['ticket_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists notification_rules_unique`.execute(db);
  for (const table of ['mail_message_ids', 'sms_counters', 'organization_notification_settings', 'agent_mutes', 'notification_rules', 'mail_templates']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
