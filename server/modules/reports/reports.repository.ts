import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/**
 * Instants are stored as UTC ISO strings of one format, so text order is time order. Every time filter here
 * is a coarse one — the period widened by the widest zone offsets — and the pure report decides per ticket in
 * its own calendar's zone.
 */
export interface InstantRange {
  from: string;
  to: string;
}

export interface SlaScope {
  organizationId?: number;
  agreementId?: number;
}

/** Tickets under an agreement that replied, resolved or missed a deadline within the range. */
export function slaTicketRows(db: Db, range: InstantRange, scope: SlaScope) {
  let q = db
    .selectFrom('tickets')
    .innerJoin('agreements', 'agreements.id', 'tickets.agreement_id')
    .innerJoin('organizations', 'organizations.id', 'tickets.organization_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.subject',
      'tickets.status',
      'tickets.priority',
      'tickets.created_at',
      'tickets.first_response_at',
      'tickets.resolved_at',
      'tickets.reaction_due',
      'tickets.resolution_due',
      'tickets.reaction_breached_at',
      'tickets.resolution_breached_at',
      'tickets.paused_since',
      'tickets.agreement_id',
      'tickets.organization_id',
      'agreements.number as agreement_number',
      'agreements.calendar_id',
      'organizations.name as organization_name',
    ])
    .where((eb) =>
      eb.or(
        (
          [
            'tickets.first_response_at',
            'tickets.resolved_at',
            'tickets.reaction_breached_at',
            'tickets.resolution_breached_at',
          ] as const
        ).map((column) => eb.and([eb(column, '>=', range.from), eb(column, '<', range.to)])),
      ),
    );
  if (scope.organizationId !== undefined) q = q.where('tickets.organization_id', '=', scope.organizationId);
  if (scope.agreementId !== undefined) q = q.where('tickets.agreement_id', '=', scope.agreementId);
  return q.orderBy('tickets.id').execute();
}
export type SlaTicketRow = Awaited<ReturnType<typeof slaTicketRows>>[number];

/** Every pause of the tickets, in order; one still running ends at `now`. */
export async function pausesOf(db: Db, ticketIds: readonly number[], now: number) {
  const map = new Map<number, Array<{ from: number; to: number }>>();
  for (let i = 0; i < ticketIds.length; i += 500) {
    const rows = await db
      .selectFrom('ticket_pauses')
      .select(['ticket_id', 'from_at', 'to_at'])
      .where('ticket_id', 'in', ticketIds.slice(i, i + 500))
      .orderBy('ticket_id')
      .orderBy('from_at')
      .execute();
    for (const r of rows) {
      const list = map.get(r.ticket_id) ?? [];
      list.push({ from: r.from_at, to: r.to_at ?? Math.max(now, r.from_at) });
      map.set(r.ticket_id, list);
    }
  }
  return map;
}

export function calendarsByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('calendars')
    .select(['id', 'document'])
    .where('id', 'in', [...ids])
    .execute();
}

export function agreementsByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('agreements')
    .innerJoin('organizations', 'organizations.id', 'agreements.organization_id')
    .select(['agreements.id', 'agreements.number', 'organizations.name as organization_name'])
    .where('agreements.id', 'in', [...ids])
    .execute();
}

export function organizationName(db: Db, id: number) {
  return db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst();
}

/** When a ticket stopped being work: its last resolution, else its closing (closed without resolving). */
const doneAt = sql<string | null>`coalesce(tickets.resolved_at, tickets.closed_at)`;

/**
 * One page (by id) of the tickets a tickets report looks at: created before the range ends and not done
 * before it starts — those created, resolved or still open in the period.
 */
export function ticketReportPage(
  db: Db,
  range: InstantRange,
  organizationId: number | undefined,
  afterId: number,
  limit: number,
) {
  let q = db
    .selectFrom('tickets')
    .innerJoin('organizations', 'organizations.id', 'tickets.organization_id')
    .leftJoin('services', 'services.id', 'tickets.service_id')
    .leftJoin('teams', 'teams.id', 'tickets.team_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.subject',
      'tickets.status',
      'tickets.priority',
      'tickets.type',
      'tickets.channel',
      'tickets.created_at',
      'tickets.service_id',
      'tickets.team_id',
      'tickets.organization_id',
      'organizations.name as organization_name',
      'services.name as service_name',
      'teams.name as team_name',
    ])
    .select(doneAt.as('done_at'))
    .where('tickets.created_at', '<', range.to)
    .where((eb) => eb.or([eb(doneAt, 'is', null), eb(doneAt, '>=', range.from)]))
    .where('tickets.id', '>', afterId);
  if (organizationId !== undefined) q = q.where('tickets.organization_id', '=', organizationId);
  return q.orderBy('tickets.id').limit(limit).execute();
}
export type TicketReportRow = Awaited<ReturnType<typeof ticketReportPage>>[number];

/** Each hand of an engineer on a ticket in the range: what they changed or wrote, and tickets assigned to them. */
export async function agentTouches(db: Db, range: InstantRange) {
  const acted = await db
    .selectFrom('ticket_history')
    .select(['actor_agent_id as agent_id', 'ticket_id', 'at'])
    .where('actor_agent_id', 'is not', null)
    .where('at', '>=', range.from)
    .where('at', '<', range.to)
    .execute();
  const assigned = await db
    .selectFrom('ticket_history')
    .select(['new_value', 'ticket_id', 'at'])
    .where('field', '=', 'assigneeId')
    .where('new_value', 'is not', null)
    .where('at', '>=', range.from)
    .where('at', '<', range.to)
    .execute();
  return [
    ...acted.map((r) => ({ agentId: r.agent_id!, ticketId: r.ticket_id, at: r.at })),
    ...assigned.map((r) => ({ agentId: Number(r.new_value), ticketId: r.ticket_id, at: r.at })),
  ];
}

/** Tickets' first public agent replies that came in the range, with their authors. */
export function firstResponsesIn(db: Db, range: InstantRange) {
  return db
    .selectFrom('comments as c')
    .select(['c.ticket_id', 'c.author_agent_id', 'c.created_at'])
    .where('c.public', '=', 1)
    .where('c.author_agent_id', 'is not', null)
    .where('c.created_at', '>=', range.from)
    .where('c.created_at', '<', range.to)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('comments as e')
            .select('e.id')
            .whereRef('e.ticket_id', '=', 'c.ticket_id')
            .where('e.public', '=', 1)
            .where('e.author_agent_id', 'is not', null)
            .where((eb) =>
              eb.or([
                eb('e.created_at', '<', eb.ref('c.created_at')),
                eb.and([eb('e.created_at', '=', eb.ref('c.created_at')), eb('e.id', '<', eb.ref('c.id'))]),
              ]),
            ),
        ),
      ),
    )
    .execute();
}

/** Every status change (before and after) of the tickets resolved in the range: reopens come later. */
export function statusChangesOfResolvedIn(db: Db, range: InstantRange) {
  return db
    .selectFrom('ticket_history')
    .select(['ticket_id', 'actor_agent_id', 'at', 'old_value', 'new_value'])
    .where('field', '=', 'status')
    .where('ticket_id', 'in', (eb) =>
      eb
        .selectFrom('ticket_history')
        .select('ticket_id')
        .where('field', '=', 'status')
        .where('new_value', '=', 'resolved')
        .where('at', '>=', range.from)
        .where('at', '<', range.to),
    )
    .orderBy('ticket_id')
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Minutes logged per engineer on the days from..to (the day work was done), billable and not. */
export function workPerAgent(db: Db, from: string, to: string) {
  return db
    .selectFrom('worklogs')
    .select([
      'agent_id',
      sql<number>`sum(case when billable = 1 then minutes else 0 end)`.as('billable'),
      sql<number>`sum(case when billable = 1 then 0 else minutes end)`.as('non_billable'),
    ])
    .where('work_date', '>=', from)
    .where('work_date', '<=', to)
    .groupBy('agent_id')
    .execute();
}

export function agentNames(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('agents')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Tickets created or resolved in the range, per client. */
export function clientTicketRows(db: Db, range: InstantRange) {
  return db
    .selectFrom('tickets')
    .select(['organization_id', 'created_at', 'resolved_at', 'status'])
    .where((eb) =>
      eb.or([
        eb.and([eb('created_at', '>=', range.from), eb('created_at', '<', range.to)]),
        eb.and([eb('resolved_at', '>=', range.from), eb('resolved_at', '<', range.to)]),
      ]),
    )
    .execute();
}

export function organizationsByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Every agreement with its client: the clients report asks each for its package periods. */
export function allAgreements(db: Db) {
  return db.selectFrom('agreements').select(['id', 'organization_id']).orderBy('id').execute();
}

export function agreementWithCalendar(db: Db, id: number) {
  return db
    .selectFrom('agreements')
    .innerJoin('organizations', 'organizations.id', 'agreements.organization_id')
    .select([
      'agreements.id',
      'agreements.number',
      'agreements.calendar_id',
      'agreements.organization_id',
      'organizations.name as organization_name',
    ])
    .where('agreements.id', '=', id)
    .executeTakeFirst();
}

/** The agreement's tickets created before the range ends and not done before it starts. */
export function agreementTicketRows(db: Db, agreementId: number, range: InstantRange) {
  return db
    .selectFrom('tickets')
    .select(['id', 'number', 'subject', 'priority', 'status', 'created_at', 'resolved_at', 'closed_at'])
    .select(doneAt.as('done_at'))
    .where('agreement_id', '=', agreementId)
    .where('created_at', '<', range.to)
    .where((eb) => eb.or([eb(doneAt, 'is', null), eb(doneAt, '>=', range.from)]))
    .orderBy('number')
    .execute();
}
