import { sql, type Kysely } from 'kysely';
import type { Database, TicketPriority, TicketTable, TicketType } from '../../db/schema.js';
import type { Updateable } from 'kysely';
import { precompiled } from '../../db/prepared.js';
import { dummyKysely } from '../../db/dummy.js';
import { calendarRecord } from '../calendars/index.js';

import { slaSelectColumns } from './sla-columns.js';

type Db = Kysely<Database>;

/** Tier order for choosing among several matching agreements: the better service wins. */
const tierRank = sql<number>`case agreements.tier when 'premium' then 0 when '24x7' then 1 when '8x5' then 2 else 3 end`;

/**
 * The agreement a ticket falls under (rules in sla-rules.ts): an active agreement of the organization;
 * with a service, one that covers it; among several, the best tier, then the latest start, then the oldest.
 */
function agreementForQuery(db: Db, withService: boolean) {
  // The calendar comes along: one query gives everything a new ticket's deadlines need but the target.
  let q = db
    .selectFrom('agreements')
    .innerJoin('calendars', 'calendars.id', 'agreements.calendar_id')
    .select([
      'agreements.id',
      'agreements.tier',
      'agreements.calendar_id',
      'agreements.warning_percent',
      'calendars.document as calendar_document',
    ])
    .where('agreements.organization_id', '=', 0)
    .where('agreements.status', '=', 'active')
    // A product's warranty is chosen by its own rule (findWarrantiesFor): inside its period or not at all.
    .where(sql<boolean>`(agreements.kind <> 'warranty' or agreements.product_service_id is null)`);
  if (withService) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('agreement_services')
          .select('agreement_services.service_id')
          .whereRef('agreement_services.agreement_id', '=', 'agreements.id')
          .where('agreement_services.service_id', '=', 0),
      ),
    );
  }
  return q.orderBy(tierRank).orderBy('agreements.start_date', 'desc').orderBy('agreements.id').limit(1);
}

// Ticket creation runs these on every ticket: compiled once (see db/prepared.ts).
const agreementForOrganization = precompiled(() => agreementForQuery(dummyKysely, false).compile());
const agreementForService = precompiled(() => agreementForQuery(dummyKysely, true).compile());

/**
 * The agreement a ticket falls under (rules in sla.service.ts): an active agreement of the organization;
 * with a service, one that covers it; among several, the best tier, then the latest start, then the oldest.
 */
export async function findAgreementFor(db: Db, organizationId: number, serviceId: number | null) {
  const result =
    serviceId === null
      ? await agreementForOrganization(db, [organizationId, 'active', 1])
      : await agreementForService(db, [organizationId, 'active', serviceId, 1]);
  return result.rows[0];
}

/** The organization's active warranty agreements of a product (a service), latest delivery first. */
export function findWarrantiesFor(db: Db, organizationId: number, serviceId: number) {
  return db
    .selectFrom('agreements')
    .innerJoin('calendars', 'calendars.id', 'agreements.calendar_id')
    .select([
      'agreements.id',
      'agreements.tier',
      'agreements.calendar_id',
      'agreements.warning_percent',
      'agreements.warranty_start',
      'agreements.warranty_months',
      'calendars.document as calendar_document',
    ])
    .where('agreements.organization_id', '=', organizationId)
    .where('agreements.product_service_id', '=', serviceId)
    .where('agreements.kind', '=', 'warranty')
    .where('agreements.status', '=', 'active')
    .where('agreements.warranty_start', 'is not', null)
    .where('agreements.warranty_months', 'is not', null)
    .orderBy('agreements.warranty_start', 'desc')
    .execute();
}

export function agreementTerms(db: Db, agreementId: number) {
  return db
    .selectFrom('agreements')
    .innerJoin('calendars', 'calendars.id', 'agreements.calendar_id')
    .select([
      'agreements.id',
      'agreements.organization_id',
      'agreements.status',
      'agreements.calendar_id',
      'agreements.warning_percent',
      'agreements.manager_id',
      'agreements.number',
      'calendars.updated_at as calendar_updated_at',
    ])
    .where('agreements.id', '=', agreementId)
    .executeTakeFirst();
}

const targetQuery = precompiled(() =>
  dummyKysely
    .selectFrom('sla_targets')
    .select(['reaction_minutes', 'resolution_minutes'])
    .where('agreement_id', '=', 0)
    .where('priority', '=', 'P1')
    .where((eb) => eb.or([eb('type', '=', 'incident'), eb('type', 'is', null)]))
    .orderBy(sql`type is null`)
    .limit(1)
    .compile(),
);

/** The target for a priority: a row for the ticket's type wins over the row for any type. */
export async function findTarget(db: Db, agreementId: number, priority: TicketPriority, type: TicketType) {
  return (await targetQuery(db, [agreementId, priority, type, 1])).rows[0];
}

export function serviceExists(db: Db, serviceId: number) {
  return db.selectFrom('services').select(['id', 'active']).where('id', '=', serviceId).executeTakeFirst();
}

export const slaColumns = [
  'tickets.id',
  'tickets.number',
  'tickets.subject',
  'tickets.status',
  'tickets.type',
  'tickets.priority',
  'tickets.organization_id',
  'tickets.assignee_id',
  'tickets.team_id',
  'tickets.created_at',
  ...slaSelectColumns,
] as const;

export function ticketSla(db: Db, ticketId: number) {
  return db.selectFrom('tickets').select(slaColumns).where('tickets.id', '=', ticketId).executeTakeFirst();
}
export type TicketSlaRow = NonNullable<Awaited<ReturnType<typeof ticketSla>>>;

/** Tickets whose next SLA event is due, with what the sweep needs of their agreement, oldest event first. */
export function dueTickets(db: Db, now: number, limit: number, afterId = 0) {
  return (
    db
      .selectFrom('tickets')
      .innerJoin('agreements', 'agreements.id', 'tickets.agreement_id')
      .innerJoin('calendars', 'calendars.id', 'agreements.calendar_id')
      // What the notices say of each ticket, read with it rather than once per event.
      .innerJoin('organizations', 'organizations.id', 'tickets.organization_id')
      .leftJoin('agents as assignee', 'assignee.id', 'tickets.assignee_id')
      .select(slaColumns)
      .select([
        'agreements.calendar_id',
        'agreements.warning_percent',
        'agreements.manager_id',
        'agreements.number as agreement_number',
        'calendars.updated_at as calendar_updated_at',
      ])
      .select(['organizations.name as organization_name', 'assignee.name as assignee_name'])
      .where('tickets.sla_next_check', '<=', now)
      // Neither the cursor nor the order may use the rowid: SQLite would walk the table in id order (or from the
      // cursor on) and, with nothing due (most minutes), read every ticket — 43 ms at 270,000 tickets and 185 ms at
      // a million, every minute, filling the page cache with rows nobody needs. With `+` the due rows come from
      // tickets_sla_next_check and are sorted (0.1 ms with none due; 24 ms for the first page of 100,000 due).
      .where(sql<number>`+tickets.id`, '>', afterId)
      .orderBy(sql`+tickets.id`)
      .limit(limit)
      .execute()
  );
}

export async function pausesOf(db: Db, ticketIds: number[]) {
  const map = new Map<number, Array<{ from: number; to: number }>>();
  if (ticketIds.length === 0) return map;
  for (let i = 0; i < ticketIds.length; i += 500) {
    const rows = await db
      .selectFrom('ticket_pauses')
      .select(['ticket_id', 'from_at', 'to_at'])
      .where('ticket_id', 'in', ticketIds.slice(i, i + 500))
      .where('to_at', 'is not', null)
      .orderBy('ticket_id')
      .orderBy('from_at')
      .execute();
    for (const r of rows) {
      const list = map.get(r.ticket_id) ?? [];
      list.push({ from: r.from_at, to: r.to_at! });
      map.set(r.ticket_id, list);
    }
  }
  return map;
}

export function openPause(db: Db, ticketId: number, from: number) {
  return db.insertInto('ticket_pauses').values({ ticket_id: ticketId, from_at: from, to_at: null }).execute();
}

export function closePause(db: Db, ticketId: number, to: number) {
  return db
    .updateTable('ticket_pauses')
    .set({ to_at: to })
    .where('ticket_id', '=', ticketId)
    .where('to_at', 'is', null)
    .execute();
}

export function updateSla(db: Db, ticketId: number, patch: Updateable<TicketTable>) {
  return db.updateTable('tickets').set(patch).where('id', '=', ticketId).execute();
}

export async function openTicketIdsOfAgreement(db: Db, agreementId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('tickets')
    .select('id')
    .where('agreement_id', '=', agreementId)
    .where('status', 'not in', ['resolved', 'closed'])
    .execute();
  return rows.map((r) => r.id);
}

/** What an SLA notice says about a ticket beyond its SLA columns. */
export function noticeFacts(db: Db, ticketId: number) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .leftJoin('agents as a', 'a.id', 't.assignee_id')
    .select(['o.name as organization_name', 'a.name as assignee_name'])
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
}

export async function calendarRow(db: Db, id: number) {
  const row = await calendarRecord(db, id);
  if (!row) throw new Error(`calendar ${id} is gone`);
  return row;
}

const stateColumns = [
  'reaction_due',
  'resolution_due',
  'sla_state',
  'paused_minutes',
  'reaction_breached_at',
  'resolution_breached_at',
  'sla_next_check',
  'sla_order',
  'sla_warned_at',
] as const;

// The sweep may store thousands of states in one run: the update is compiled once.
const updateStateQuery = precompiled(() =>
  dummyKysely
    .updateTable('tickets')
    .set(Object.fromEntries(stateColumns.map((c) => [c, null])) as never)
    .where('id', '=', 0)
    .compile(),
);

export function updateSlaState(db: Db, ticketId: number, state: Record<(typeof stateColumns)[number], unknown>) {
  return updateStateQuery(db, [...stateColumns.map((c) => state[c] ?? null), ticketId]);
}
