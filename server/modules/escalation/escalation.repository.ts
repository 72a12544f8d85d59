import type { Insertable, Kysely, Updateable } from 'kysely';
import type {
  AgreementTier,
  Database,
  DutyPageTable,
  TicketEscalationTable,
  TicketHistoryTable,
} from '../../db/schema.js';
import { dummyKysely } from '../../db/dummy.js';
import { precompiled } from '../../db/prepared.js';

export function findPolicy(db: Kysely<Database>, tier: AgreementTier) {
  return db.selectFrom('escalation_policies').selectAll().where('tier', '=', tier).executeTakeFirst();
}

export function listPolicies(db: Kysely<Database>) {
  return db.selectFrom('escalation_policies').selectAll().execute();
}

export async function upsertPolicy(
  db: Kysely<Database>,
  row: { tier: AgreementTier; steps: string; repeat_count: number; updated_at: string; updated_by: number | null },
) {
  await db
    .insertInto('escalation_policies')
    .values(row)
    .onConflict((oc) =>
      oc.column('tier').doUpdateSet({
        steps: row.steps,
        repeat_count: row.repeat_count,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute();
}

const ticketFactsQuery = precompiled(() =>
  dummyKysely
    .selectFrom('tickets as t')
    .leftJoin('agreements as a', 'a.id', 't.agreement_id')
    .leftJoin('organizations as o', 'o.id', 't.organization_id')
    .select([
      't.id',
      't.number',
      't.subject',
      't.priority',
      't.status',
      't.team_id',
      't.assignee_id',
      'a.tier',
      'a.manager_id',
      'o.name as organization_name',
    ])
    .where('t.id', '=', 0)
    .compile(),
);

/**
 * What routing and paging need to know of a ticket: its priority, status, team and agreement's tier and manager.
 * Kept compiled: every new ticket is asked this in its own transaction.
 */
export async function ticketFacts(db: Kysely<Database>, ticketId: number) {
  return (await ticketFactsQuery(db, [ticketId])).rows[0];
}

export type TicketFacts = NonNullable<Awaited<ReturnType<typeof ticketFacts>>>;

/** The people a page can reach. */
export function findPageable(db: Kysely<Database>, agentId: number) {
  return db
    .selectFrom('agents')
    .select(['id', 'name', 'email', 'phone', 'language'])
    .where('id', '=', agentId)
    .where('active', '=', 1)
    .executeTakeFirst();
}

/** The first active manager (then admin) of the desk: who answers when a ticket's agreement names no manager. */
export function firstManager(db: Kysely<Database>) {
  return db
    .selectFrom('agents')
    .select('id')
    .where('active', '=', 1)
    .where('role', 'in', ['manager', 'admin'])
    .orderBy((eb) => eb.case().when('role', '=', 'manager').then(0).else(1).end())
    .orderBy('id')
    .executeTakeFirst();
}

export function agentNames(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('agents').select(['id', 'name']).where('id', 'in', ids).execute();
}

export function findEscalation(db: Kysely<Database>, ticketId: number) {
  return db.selectFrom('ticket_escalations').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
}

export async function insertEscalation(db: Kysely<Database>, row: Insertable<TicketEscalationTable>) {
  await db.insertInto('ticket_escalations').values(row).execute();
}

export async function updateEscalation(
  db: Kysely<Database>,
  ticketId: number,
  patch: Updateable<TicketEscalationTable>,
) {
  await db.updateTable('ticket_escalations').set(patch).where('ticket_id', '=', ticketId).execute();
}

/** Running chains whose next page is due, by ticket after `afterTicketId` (a run visits each chain once). */
export function dueEscalations(db: Kysely<Database>, nowMs: number, afterTicketId: number, limit: number) {
  return db
    .selectFrom('ticket_escalations')
    .select('ticket_id')
    .where('next_at', 'is not', null)
    .where('next_at', '<=', nowMs)
    .where('ticket_id', '>', afterTicketId)
    .orderBy('ticket_id')
    .limit(limit)
    .execute();
}

export async function insertPages(db: Kysely<Database>, rows: Insertable<DutyPageTable>[]) {
  if (rows.length) await db.insertInto('duty_pages').values(rows).execute();
}

export function pagesOfTicket(db: Kysely<Database>, ticketId: number) {
  return db
    .selectFrom('duty_pages as p')
    .innerJoin('agents as a', 'a.id', 'p.agent_id')
    .select([
      'p.id',
      'p.step',
      'p.round',
      'p.target',
      'p.agent_id',
      'a.name as agent_name',
      'p.channel',
      'p.at',
      'p.acknowledged_at',
    ])
    .where('p.ticket_id', '=', ticketId)
    .orderBy('p.id')
    .execute();
}

/** Marks the pages an agent got for a ticket as answered by them. */
export async function acknowledgePages(db: Kysely<Database>, ticketId: number, agentId: number, at: string) {
  await db
    .updateTable('duty_pages')
    .set({ acknowledged_at: at })
    .where('ticket_id', '=', ticketId)
    .where('agent_id', '=', agentId)
    .where('acknowledged_at', 'is', null)
    .execute();
}

/**
 * An agent's pages sent in [from, to): a page is one step of one chain, whatever channels carried it; the
 * acknowledged ones are those the agent answered.
 */
export async function countPagesOfAgent(db: Kysely<Database>, agentId: number, from: string, to: string) {
  const rows = await db
    .selectFrom('duty_pages')
    .select(['ticket_id', 'round', 'step'])
    .select((eb) => eb.fn.max('acknowledged_at').as('acknowledged_at'))
    .where('agent_id', '=', agentId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy(['ticket_id', 'round', 'step'])
    .execute();
  return { pages: rows.length, acknowledged: rows.filter((r) => r.acknowledged_at !== null).length };
}

/** A page or an acknowledgement stands in the ticket's history, beside its other events. */
export async function insertHistory(db: Kysely<Database>, row: Insertable<TicketHistoryTable>) {
  await db.insertInto('ticket_history').values(row).execute();
}
