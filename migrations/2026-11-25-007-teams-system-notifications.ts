import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Teams (first-line, field engineers, DBA…) that tickets are routed to, and notification rules for the events
 * that do not come from a ticket change: SLA warnings and breaches, agreement notices, license expiry.
 * The rule table is rebuilt because SQLite cannot widen a CHECK constraint in place.
 */
const RECIPIENTS_007 = `'assignee','team','manager','ticket_contact','organization_contacts','agent','admins'`;
const RECIPIENTS_005 = `'assignee','manager','ticket_contact','organization_contacts','agent'`;

/** What the product did before these events had rules, now written as rules admins can change. */
const SYSTEM_DEFAULT_RULES: Array<[event: string, channel: string, recipient: string]> = [
  ['sla.warning', 'email', 'assignee'],
  ['sla.warning', 'email', 'manager'],
  ['sla.breach', 'email', 'assignee'],
  ['sla.breach', 'email', 'manager'],
  ['agreement.activated', 'email', 'manager'],
  ['agreement.activated', 'email', 'organization_contacts'],
  ['agreement.expiring', 'email', 'manager'],
  ['agreement.expiring', 'email', 'organization_contacts'],
  ['agreement.expired', 'email', 'manager'],
  ['agreement.expired', 'email', 'organization_contacts'],
  ['license.expiring', 'email', 'admins'],
];

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
  await db.schema
    .createTable('teams')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index teams_name on teams (lower(name))`.execute(db);
  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'integer', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'agent_id'])
    .execute();
  await db.schema.createIndex('team_members_agent').on('team_members').columns(['agent_id']).execute();
  // No REFERENCES clause: SQLite could never drop such a column again (down). A trigger keeps it honest instead.
  await sql`alter table tickets add column team_id integer`.execute(db);
  await sql`create trigger teams_delete_unassigns after delete on teams begin update tickets set team_id = null where team_id = old.id; end`.execute(db);
  // Partial: most tickets have no team, and an index entry per ticket would cost every ticket insert.
  await sql`create index tickets_team on tickets (team_id, status) where team_id is not null`.execute(db);

  await rebuildRules(db, RECIPIENTS_007, '1');
  const now = new Date().toISOString();
  for (const [event, channel, recipient] of SYSTEM_DEFAULT_RULES) {
    await sql`insert or ignore into notification_rules (event, channel, recipient, enabled, created_at) values (${event}, ${channel}, ${recipient}, 1, ${now})`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuildRules(db, RECIPIENTS_005, `recipient in (${RECIPIENTS_005}) and event like 'ticket.%'`);
  await sql`delete from agent_mutes where event not like 'ticket.%'`.execute(db);
  await sql`delete from mail_templates where event not like 'ticket.%'`.execute(db);
  await sql`drop trigger if exists teams_delete_unassigns`.execute(db);
  await sql`drop index if exists tickets_team`.execute(db);
  await sql`alter table tickets drop column team_id`.execute(db);
  await db.schema.dropTable('team_members').ifExists().execute();
  await sql`drop index if exists teams_name`.execute(db);
  await db.schema.dropTable('teams').ifExists().execute();
}
