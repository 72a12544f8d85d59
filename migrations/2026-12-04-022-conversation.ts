import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * The conversation view: CC addresses and the channel of a message stored with it, canned replies (macros), and a
 * notification rule for agents @mentioned in an internal note. The rule table is rebuilt because SQLite
 * cannot widen a CHECK constraint in place.
 */
const RECIPIENTS_022 = `'assignee','team','manager','ticket_contact','organization_contacts','agent','admins','mentioned'`;
const RECIPIENTS_007 = `'assignee','team','manager','ticket_contact','organization_contacts','agent','admins'`;

async function rebuildRules(db: Kysely<any>, recipients: string, keep: string) {
  await sql`drop index if exists notification_rules_unique`.execute(db);
  await sql.raw(`alter table notification_rules rename to notification_rules_old`).execute(db);
  await sql
    .raw(
      `create table notification_rules (
        id integer primary key autoincrement,
        event text not null,
        channel text not null check (channel in ('email','sms')),
        recipient text not null check (recipient in (${recipients})),
        agent_id integer references agents(id) on delete cascade,
        enabled integer not null default 1,
        created_at text not null
      )`,
    )
    .execute(db);
  await sql
    .raw(`insert into notification_rules (id, event, channel, recipient, agent_id, enabled, created_at)
          select id, event, channel, recipient, agent_id, enabled, created_at from notification_rules_old where ${keep}`)
    .execute(db);
  await sql.raw(`drop table notification_rules_old`).execute(db);
  await sql`create unique index notification_rules_unique on notification_rules (event, channel, recipient, coalesce(agent_id, 0))`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // A JSON array of the addresses a public reply was copied to; null when none.
  await sql`alter table comments add column cc text`.execute(db);
  // How a message reached the desk (agent, phone, email, portal, web_form, api); null on rows written before.
  await sql`alter table comments add column channel text`.execute(db);
  await db.schema
    .createTable('macros')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // Null: shared with the whole desk; otherwise only its owner sees it.
    .addColumn('owner_agent_id', 'integer', (c) => c.references('agents.id').onDelete('cascade'))
    .addColumn('set_status', 'text')
    .addColumn('set_priority', 'text')
    .addColumn('set_assignee_id', 'integer', (c) => c.references('agents.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index macros_owner on macros (owner_agent_id)`.execute(db);

  await rebuildRules(db, RECIPIENTS_022, '1');
  const now = new Date().toISOString();
  await sql`insert or ignore into notification_rules (event, channel, recipient, enabled, created_at) values ('ticket.mentioned', 'email', 'mentioned', 1, ${now})`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuildRules(db, RECIPIENTS_007, `recipient in (${RECIPIENTS_007}) and event <> 'ticket.mentioned'`);
  await sql`delete from agent_mutes where event = 'ticket.mentioned'`.execute(db);
  await sql`delete from mail_templates where event = 'ticket.mentioned'`.execute(db);
  await db.schema.dropTable('macros').ifExists().execute();
  await sql`alter table comments drop column channel`.execute(db);
  await sql`alter table comments drop column cc`.execute(db);
}
