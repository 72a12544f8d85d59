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
