import type { Kysely } from 'kysely';
import type { Database, NotificationChannel, NotificationRecipient } from '../../db/schema.js';
import { precompiled } from '../../db/prepared.js';
import { dummyKysely } from '../../db/dummy.js';

type Db = Kysely<Database>;

// Read on every ticket event (creation is the busiest write): compiled once.
const ticketFactsQuery = precompiled(() =>
  dummyKysely
    .selectFrom('tickets as t')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .leftJoin('contacts as c', 'c.id', 't.contact_id')
    .leftJoin('agreements as a', 'a.id', 't.agreement_id')
    .select([
      't.id',
      't.number',
      't.subject',
      't.description',
      't.status',
      't.priority',
      't.channel',
      't.tags',
      't.organization_id',
      't.assignee_id',
      't.team_id',
      'o.name as organization_name',
      'c.id as contact_id',
      'c.name as contact_name',
      'c.email as contact_email',
      'c.language as contact_language',
      'a.manager_id as manager_id',
    ])
    .where('t.id', '=', 0)
    .compile(),
);

export async function ticketFacts(db: Db, ticketId: number) {
  return (await ticketFactsQuery(db, [ticketId])).rows[0];
}
export type TicketFacts = NonNullable<Awaited<ReturnType<typeof ticketFacts>>>;

export function activeAgents(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('agents')
    .select(['id', 'name', 'email', 'phone', 'language'])
    .where('id', 'in', ids)
    .where('active', '=', 1)
    .execute();
}

export function activeAgentsWithRole(db: Db, role: 'admin' | 'manager') {
  return db
    .selectFrom('agents')
    .select(['id', 'name', 'email', 'phone', 'language'])
    .where('role', '=', role)
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
}

export async function teamMemberIds(db: Db, teamId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select('m.agent_id')
    .where('m.team_id', '=', teamId)
    .where('t.active', '=', 1)
    .execute();
  return rows.map((r) => r.agent_id);
}

export function findAgent(db: Db, id: number) {
  return db
    .selectFrom('agents')
    .select(['id', 'name', 'email', 'phone', 'language', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function organizationContacts(db: Db, organizationId: number) {
  return db
    .selectFrom('contacts')
    .select(['id', 'name', 'email', 'language'])
    .where('organization_id', '=', organizationId)
    .where('email', 'is not', null)
    .execute();
}

export function contactName(db: Db, id: number) {
  return db.selectFrom('contacts').select(['name']).where('id', '=', id).executeTakeFirst();
}

export function comment(db: Db, id: number) {
  return db.selectFrom('comments').select(['id', 'body', 'public', 'cc']).where('id', '=', id).executeTakeFirst();
}

const enabledRulesQuery = precompiled(() =>
  dummyKysely
    .selectFrom('notification_rules')
    .select(['channel', 'recipient', 'agent_id'])
    .where('event', '=', '')
    .where('enabled', '=', 1)
    .compile(),
);

export async function enabledRules(db: Db, event: string) {
  return (await enabledRulesQuery(db, [event, 1])).rows;
}

export function listRules(db: Db) {
  return db
    .selectFrom('notification_rules')
    .selectAll()
    .orderBy('event')
    .orderBy('channel')
    .orderBy('recipient')
    .orderBy('id')
    .execute();
}

export async function replaceRules(
  db: Db,
  rules: Array<{
    event: string;
    channel: NotificationChannel;
    recipient: NotificationRecipient;
    agent_id: number | null;
    enabled: number;
  }>,
  now: string,
) {
  await db.deleteFrom('notification_rules').execute();
  if (rules.length)
    await db
      .insertInto('notification_rules')
      .values(rules.map((r) => ({ ...r, created_at: now })))
      .execute();
}

const mutingAgentsQuery = precompiled(() =>
  dummyKysely
    .selectFrom('agent_mutes')
    .select('agent_id')
    .where('event', '=', '')
    .where('channel', '=', 'email')
    .compile(),
);

export async function mutingAgents(db: Db, event: string, channel: NotificationChannel): Promise<Set<number>> {
  return new Set((await mutingAgentsQuery(db, [event, channel])).rows.map((r) => r.agent_id));
}

export function listMutes(db: Db, agentId: number) {
  return db
    .selectFrom('agent_mutes')
    .select(['event', 'channel'])
    .where('agent_id', '=', agentId)
    .orderBy('event')
    .orderBy('channel')
    .execute();
}

export async function replaceMutes(
  db: Db,
  agentId: number,
  mutes: Array<{ event: string; channel: NotificationChannel }>,
) {
  await db.deleteFrom('agent_mutes').where('agent_id', '=', agentId).execute();
  if (mutes.length)
    await db
      .insertInto('agent_mutes')
      .values(mutes.map((m) => ({ agent_id: agentId, ...m })))
      .onConflict((oc) => oc.doNothing())
      .execute();
}

export function templateOverride(db: Db, event: string, language: string) {
  return db
    .selectFrom('mail_templates')
    .selectAll()
    .where('event', '=', event)
    .where('language', '=', language)
    .executeTakeFirst();
}

export function putTemplate(
  db: Db,
  row: {
    event: string;
    language: string;
    subject: string;
    body: string;
    updated_at: string;
    updated_by: number | null;
  },
) {
  return db
    .insertInto('mail_templates')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['event', 'language'])
        .doUpdateSet({ subject: row.subject, body: row.body, updated_at: row.updated_at, updated_by: row.updated_by }),
    )
    .execute();
}

export function deleteTemplate(db: Db, event: string, language: string) {
  return db.deleteFrom('mail_templates').where('event', '=', event).where('language', '=', language).executeTakeFirst();
}

export async function acknowledgesNewTickets(db: Db, organizationId: number): Promise<boolean> {
  const row = await db
    .selectFrom('organization_notification_settings')
    .select('acknowledge_new_tickets')
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return row ? row.acknowledge_new_tickets === 1 : true;
}

export function putOrganizationSettings(db: Db, organizationId: number, acknowledge: boolean, now: string) {
  return db
    .insertInto('organization_notification_settings')
    .values({ organization_id: organizationId, acknowledge_new_tickets: acknowledge ? 1 : 0, updated_at: now })
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet({ acknowledge_new_tickets: acknowledge ? 1 : 0, updated_at: now }),
    )
    .execute();
}

export function organizationExists(db: Db, id: number) {
  return db.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst();
}
