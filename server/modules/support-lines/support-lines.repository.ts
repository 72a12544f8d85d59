import type { Insertable, Kysely } from 'kysely';
import type { Database, SupportLineTable, TicketHistoryTable } from '../../db/schema.js';

type Db = Kysely<Database>;

export function listLines(db: Db) {
  return db
    .selectFrom('support_lines')
    .leftJoin('teams', 'teams.id', 'support_lines.team_id')
    .select([
      'support_lines.id',
      'support_lines.position',
      'support_lines.name',
      'support_lines.team_id',
      'support_lines.kind',
      'teams.name as team_name',
    ])
    .orderBy('support_lines.position')
    .execute();
}

/** Lines are saved as a whole list: the old rows go, the new ones come in the list's order. */
export async function replaceLines(db: Db, rows: Insertable<SupportLineTable>[]) {
  await db.deleteFrom('support_lines').execute();
  if (rows.length) await db.insertInto('support_lines').values(rows).execute();
}

export function teamExists(db: Db, teamId: number) {
  return db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
}

/** What a move between lines needs of a ticket. */
export function ticketLineState(db: Db, ticketId: number) {
  return db
    .selectFrom('tickets')
    .select([
      'id',
      'status',
      'organization_id',
      'team_id',
      'assignee_id',
      'agreement_id',
      'agreement_reason',
      'support_line',
      'external_issue_url',
      'external_issue_state',
      'external_issue_updated_at',
    ])
    .where('id', '=', ticketId)
    .executeTakeFirst();
}

export function setTicketLine(
  db: Db,
  ticketId: number,
  patch: {
    support_line: number;
    updated_at: string;
    external_issue_state?: string;
    external_issue_updated_at?: string;
  },
) {
  return db.updateTable('tickets').set(patch).where('id', '=', ticketId).execute();
}

export function setExternalIssue(db: Db, ticketId: number, patch: { url: string | null; state: string; at: string }) {
  return db
    .updateTable('tickets')
    .set({
      external_issue_url: patch.url,
      external_issue_state: patch.state,
      external_issue_updated_at: patch.at,
      updated_at: patch.at,
    })
    .where('id', '=', ticketId)
    .execute();
}

/** The move and its handoff note stand in the ticket's history (two lines: the move, then the note). */
export async function insertHistory(db: Db, rows: Insertable<TicketHistoryTable>[]) {
  await db.insertInto('ticket_history').values(rows).execute();
}

/** Moves between lines with their handoff notes, oldest first. */
export function lineHistory(db: Db, ticketId: number) {
  return db
    .selectFrom('ticket_history')
    .leftJoin('agents', 'agents.id', 'ticket_history.actor_agent_id')
    .select([
      'ticket_history.id',
      'ticket_history.at',
      'ticket_history.action',
      'ticket_history.old_value',
      'ticket_history.new_value',
      'ticket_history.actor_agent_id',
      'agents.name as actor_name',
    ])
    .where('ticket_history.ticket_id', '=', ticketId)
    .where('ticket_history.action', 'in', ['escalated', 'de_escalated', 'handoff_note'])
    .orderBy('ticket_history.id')
    .execute();
}

/** Who escalated the ticket away from a line most recently: de-escalation gives the ticket back to them. */
export async function lastEscalatorFrom(db: Db, ticketId: number, lineName: string) {
  const row = await db
    .selectFrom('ticket_history')
    .innerJoin('agents', 'agents.id', 'ticket_history.actor_agent_id')
    .select(['ticket_history.actor_agent_id'])
    .where('ticket_history.ticket_id', '=', ticketId)
    .where('ticket_history.action', '=', 'escalated')
    .where('ticket_history.old_value', '=', lineName)
    .where('agents.active', '=', 1)
    .orderBy('ticket_history.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.actor_agent_id ?? null;
}

export function agreementOf(db: Db, agreementId: number) {
  return db
    .selectFrom('agreements')
    .leftJoin('services', 'services.id', 'agreements.product_service_id')
    .select([
      'agreements.id',
      'agreements.number',
      'agreements.title',
      'agreements.kind',
      'agreements.tier',
      'agreements.product_version',
      'agreements.warranty_start',
      'agreements.warranty_months',
      'services.name as product_name',
    ])
    .where('agreements.id', '=', agreementId)
    .executeTakeFirst();
}
