import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database, TicketPriority, TicketStatus, TicketType } from '../../db/schema.js';
import { jsonArrayHas } from '../../db/dialect.js';

/** The queue's filters a board can share (free text stays with the queue: a board is a picture of the work). */
export interface BoardFilter {
  status: TicketStatus[];
  priority?: TicketPriority[];
  type?: TicketType[];
  assigneeId?: number | null;
  teamId?: number | null;
  teamsOfAgentId?: number;
  organizationId?: number;
  tag?: string;
}

function filtered<O>(db: Kysely<Database>, q: SelectQueryBuilder<Database, 'tickets', O>, f: BoardFilter) {
  q = q.where('tickets.status', 'in', f.status);
  if (f.priority?.length) q = q.where('tickets.priority', 'in', f.priority);
  if (f.type?.length) q = q.where('tickets.type', 'in', f.type);
  if (f.assigneeId === null) q = q.where('tickets.assignee_id', 'is', null);
  else if (f.assigneeId !== undefined) q = q.where('tickets.assignee_id', '=', f.assigneeId);
  if (f.teamId === null) q = q.where('tickets.team_id', 'is', null);
  else if (f.teamId !== undefined) q = q.where('tickets.team_id', '=', f.teamId);
  if (f.teamsOfAgentId !== undefined)
    q = q.where(
      'tickets.team_id',
      'in',
      sql<number>`(select team_id from team_members where agent_id = ${f.teamsOfAgentId})`,
    );
  if (f.organizationId !== undefined) q = q.where('tickets.organization_id', '=', f.organizationId);
  if (f.tag) q = q.where(jsonArrayHas(db, 'tickets.tags', f.tag));
  return q;
}

const keyColumn = { assignee: 'tickets.assignee_id', team: 'tickets.team_id' } as const;

/** How many tickets each (column, status) cell holds: the WIP figures, whatever the card limit. */
export function cellCounts(db: Kysely<Database>, groupBy: 'assignee' | 'team', f: BoardFilter) {
  const key = keyColumn[groupBy];
  return filtered(db, db.selectFrom('tickets').select([`${key} as key`, 'tickets.status']), f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy([key, 'tickets.status'])
    .execute();
}

/**
 * The first `limit` cards of one cell, most urgent first (priority, then the nearest deadline). One query per
 * cell: each is an index range (tickets_assignee / tickets_team) sorted in a few hundred rows, where one
 * windowed query over every active ticket sorted tens of thousands.
 */
export function cellCards(
  db: Kysely<Database>,
  groupBy: 'assignee' | 'team',
  f: BoardFilter,
  cell: { key: number | null; status: TicketStatus },
  limit: number,
) {
  const key = keyColumn[groupBy];
  let q = filtered(
    db,
    db
      .selectFrom('tickets')
      .innerJoin('organizations', 'organizations.id', 'tickets.organization_id')
      .select([
        'tickets.id',
        'tickets.number',
        'tickets.subject',
        'tickets.status',
        'tickets.priority',
        'tickets.sla_state',
        'tickets.assignee_id',
        'tickets.team_id',
        'organizations.name as organization_name',
      ]),
    { ...f, status: [cell.status] },
  );
  q = cell.key === null ? q.where(key, 'is', null) : q.where(key, '=', cell.key);
  return q.orderBy('tickets.priority').orderBy('tickets.sla_order').orderBy('tickets.id').limit(limit).execute();
}

export function activeAgents(db: Kysely<Database>) {
  return db
    .selectFrom('agents')
    .select(['id', 'name', 'timezone'])
    .where('active', '=', 1)
    .where('role', 'in', ['admin', 'manager', 'engineer'])
    .orderBy('name')
    .execute();
}

export function teams(db: Kysely<Database>) {
  return db.selectFrom('teams').select(['id', 'name']).orderBy('name').execute();
}

/** Per assignee: active tickets, breached ones and those whose pending deadline falls before `dueBefore`. */
export function assigneeLoad(db: Kysely<Database>, active: TicketStatus[]) {
  return db
    .selectFrom('tickets')
    .select(['tickets.id', 'tickets.assignee_id', 'tickets.priority', 'tickets.sla_state', 'tickets.sla_order'])
    .where('tickets.status', 'in', active)
    .where('tickets.assignee_id', 'is not', null)
    .execute();
}

/** Minutes already logged on each assigned active ticket. */
export function loggedMinutes(db: Kysely<Database>, active: TicketStatus[]) {
  return db
    .selectFrom('tickets')
    .innerJoin('worklogs', 'worklogs.ticket_id', 'tickets.id')
    .select(['tickets.id as ticket_id', (eb) => eb.fn.sum<number>('worklogs.minutes').as('minutes')])
    .where('tickets.status', 'in', active)
    .where('tickets.assignee_id', 'is not', null)
    .groupBy('tickets.id')
    .execute();
}

/** The desk's own history: average minutes logged per ticket resolved since `since`, by priority. */
export function averageEffort(db: Kysely<Database>, since: string) {
  return db
    .selectFrom(
      db
        .selectFrom('tickets')
        .innerJoin('worklogs', 'worklogs.ticket_id', 'tickets.id')
        .select(['tickets.priority', (eb) => eb.fn.sum<number>('worklogs.minutes').as('total')])
        .where('tickets.resolved_at', '>=', since)
        .groupBy('tickets.id')
        .as('t'),
    )
    .select(['t.priority', (eb) => eb.fn.avg<number>('t.total').as('minutes')])
    .groupBy('t.priority')
    .execute();
}
