import { sql, type Insertable, type Kysely, type RawBuilder, type Updateable } from 'kysely';
import type {
  CommentTable,
  Database,
  TicketHistoryTable,
  TicketTable,
  TicketPriority,
  TicketStatus,
  TicketType,
} from '../../db/schema.js';
import { containsText } from '../../db/text-match.js';
import { dialectOf, jsonArrayHas } from '../../db/dialect.js';
import { ticketTextFilter } from '../search/index.js';
import { precompiled } from '../../db/prepared.js';
import { insertRows } from '../../db/commit-buffer.js';
import { dummyKysely } from '../../db/dummy.js';
import { newTicketSlaColumns, slaSelectColumns } from '../sla/index.js';
import { activeStatuses } from './tickets.states.js';

const ticketColumns = [
  'tickets.id',
  'tickets.number',
  'tickets.subject',
  'tickets.description',
  'tickets.type',
  'tickets.priority',
  'tickets.status',
  'tickets.organization_id',
  'tickets.contact_id',
  'tickets.assignee_id',
  'tickets.team_id',
  'tickets.channel',
  'tickets.tags',
  'tickets.created_by_agent_id',
  'tickets.created_at',
  'tickets.updated_at',
  'tickets.resolved_at',
  'tickets.closed_at',
  ...slaSelectColumns,
  'tickets.sla_order',
] as const;

function withNames(db: Kysely<Database>) {
  return db
    .selectFrom('tickets')
    .innerJoin('organizations', 'organizations.id', 'tickets.organization_id')
    .leftJoin('agents', 'agents.id', 'tickets.assignee_id')
    .leftJoin('contacts', 'contacts.id', 'tickets.contact_id')
    .select(ticketColumns)
    .select([
      'organizations.name as organization_name',
      'agents.name as assignee_name',
      'contacts.name as contact_name',
    ]);
}

export type TicketRow = NonNullable<Awaited<ReturnType<typeof findTicket>>>;

const findTicketQuery = precompiled(() => withNames(dummyKysely).where('tickets.id', '=', 0).compile());

export async function findTicket(db: Kysely<Database>, id: number) {
  return (await findTicketQuery(db, [id])).rows[0];
}

export function findTicketByNumber(db: Kysely<Database>, number: number) {
  return withNames(db).where('tickets.number', '=', number).executeTakeFirst();
}

const ticketOwnColumns = [
  'subject',
  'description',
  'type',
  'priority',
  'status',
  'organization_id',
  'contact_id',
  'assignee_id',
  'team_id',
  'channel',
  'tags',
  'created_by_agent_id',
  'created_at',
  'updated_at',
] as const;
const ticketInsertColumns = [...ticketOwnColumns, ...newTicketSlaColumns] as const;
type TicketInsert = { [K in (typeof ticketOwnColumns)[number]]: Insertable<TicketTable>[K] } & {
  [K in (typeof newTicketSlaColumns)[number]]?: Insertable<TicketTable>[K];
};

/**
 * The insert of a new ticket with the next human number: on SQLite "the largest number + 1" (its single writer
 * makes that safe); on PostgreSQL the column's own sequence (migration 032), since there concurrent creations that
 * read the largest number would all clash.
 */
const insertTicketQueries = {
  sqlite: insertTicketQuery(sql<number>`(select coalesce(max(number), 0) + 1 from tickets)`),
  postgres: insertTicketQuery(sql<number>`default`),
};

function insertTicketQuery(number: RawBuilder<number>) {
  return precompiled(() =>
    dummyKysely
      .insertInto('tickets')
      .values({
        ...(Object.fromEntries(ticketInsertColumns.map((c) => [c, null])) as unknown as TicketInsert),
        number,
      })
      .returning(['id', 'number'])
      .compile(),
  );
}

/** Inserts a ticket with the SLA columns the SLA module computed for it (`slaForNewTicket`). */
export async function insertTicket(db: Kysely<Database>, row: TicketInsert) {
  return (
    await insertTicketQueries[dialectOf(db)](
      db,
      ticketInsertColumns.map((c) => row[c] ?? null),
    )
  ).rows[0]!;
}

export function updateTicket(db: Kysely<Database>, id: number, patch: Updateable<TicketTable>) {
  return db.updateTable('tickets').set(patch).where('id', '=', id).execute();
}

const historyColumns = ['ticket_id', 'actor_agent_id', 'at', 'action', 'field', 'old_value', 'new_value'] as const;
const insertHistoryRowQuery = precompiled(() =>
  dummyKysely
    .insertInto('ticket_history')
    .values(Object.fromEntries(historyColumns.map((c) => [c, null])) as unknown as Insertable<TicketHistoryTable>)
    .compile(),
);

export async function insertHistory(db: Kysely<Database>, rows: Insertable<TicketHistoryTable>[]) {
  for (const row of rows)
    await insertHistoryRowQuery(
      db,
      historyColumns.map((c) => row[c] ?? null),
    );
}

export type HistoryLine = { [K in (typeof historyColumns)[number]]: Insertable<TicketHistoryTable>[K] };

/** Many history lines in a few statements (the SLA sweep's thousands of warnings and breaches). */
export function insertHistoryLines(db: Kysely<Database>, lines: readonly HistoryLine[]): Promise<void> {
  return insertRows(
    db,
    'ticket_history',
    historyColumns,
    lines.map((line) => historyColumns.map((c) => line[c] ?? null)),
  );
}

export function listHistory(db: Kysely<Database>, ticketId: number) {
  return db
    .selectFrom('ticket_history')
    .leftJoin('agents', 'agents.id', 'ticket_history.actor_agent_id')
    .select([
      'ticket_history.id',
      'ticket_history.at',
      'ticket_history.action',
      'ticket_history.field',
      'ticket_history.old_value',
      'ticket_history.new_value',
      'ticket_history.actor_agent_id',
      'agents.name as actor_name',
    ])
    .where('ticket_history.ticket_id', '=', ticketId)
    .orderBy('ticket_history.id')
    .execute();
}

export function insertComment(db: Kysely<Database>, row: Insertable<CommentTable>) {
  return db.insertInto('comments').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listComments(db: Kysely<Database>, ticketId: number, opts: { publicOnly: boolean }) {
  let q = db
    .selectFrom('comments')
    .leftJoin('agents', 'agents.id', 'comments.author_agent_id')
    .leftJoin('contacts', 'contacts.id', 'comments.author_contact_id')
    .selectAll('comments')
    .select(['agents.name as agent_name', 'contacts.name as contact_name'])
    .where('comments.ticket_id', '=', ticketId);
  if (opts.publicOnly) q = q.where('comments.public', '=', 1);
  return q.orderBy('comments.id').execute();
}

export type QueueSort =
  'created' | '-created' | 'updated' | '-updated' | 'priority' | '-priority' | 'number' | '-number' | 'due' | '-due';

export interface QueueFilter {
  status?: TicketStatus[];
  priority?: TicketPriority[];
  type?: TicketType[];
  assigneeId?: number | null; // null = unassigned
  teamId?: number | null; // null = no team
  /** Tickets of the teams this agent is a member of. */
  teamsOfAgentId?: number;
  organizationId?: number;
  contactId?: number;
  tag?: string;
  text?: string;
}

const sortColumns = {
  created: 'tickets.id',
  updated: 'tickets.updated_at',
  priority: 'tickets.priority',
  number: 'tickets.number',
  due: 'tickets.sla_order',
} as const;

/**
 * Whether a queue page is read by walking the open tickets in deadline order (index tickets_active_due, open
 * tickets only) and stopping at the page: the working views (all open tickets, unassigned ones, a priority, a
 * client) sorted by the nearest deadline. Sorting every match instead cost 160 ms for the P1 view of 100,000
 * tickets (the priority index holds a quarter of the desk, closed tickets included). The status test is written
 * exactly as the index's WHERE, so SQLite may use it, and the priority, unassigned and client terms are kept off
 * their own indexes. A single priority reads its own range of tickets_active_priority_due instead: the walk would
 * pass every open ticket of the other priorities due earlier. One engineer's open tickets read their own range of
 * tickets_active_assignee_due (migration 035): sorting them all cost 3 ms a page for 2,300 open tickets.
 */
function walksByDeadline(filter: QueueFilter, sort: QueueSort): boolean {
  const status = filter.status;
  return (
    sort === 'due' &&
    status !== undefined &&
    status.length === activeStatuses.length &&
    activeStatuses.every((s) => status.includes(s)) &&
    filter.teamId === undefined &&
    filter.teamsOfAgentId === undefined &&
    filter.contactId === undefined &&
    !filter.text
  );
}

export function listQueue(
  db: Kysely<Database>,
  filter: QueueFilter,
  opts: { sort: QueueSort; limit: number; after: [string | number | null, number] | null },
) {
  let q = withNames(db);
  const byDeadline = walksByDeadline(filter, opts.sort);
  if (byDeadline) q = q.where(sql<boolean>`tickets.status not in ('resolved', 'closed')`);
  else if (filter.status?.length) q = q.where('tickets.status', 'in', filter.status);
  // One engineer: their own range of tickets_active_assignee_due, in deadline order (see migration 035).
  const byAssignee = byDeadline && typeof filter.assigneeId === 'number';
  if (filter.priority?.length === 1 && byDeadline && !byAssignee)
    // One priority: its own range of tickets_active_priority_due, in deadline order (see migration 034).
    q = q.where('tickets.priority', '=', filter.priority[0]!);
  else if (filter.priority?.length)
    q = q.where(byDeadline ? sql<TicketPriority>`+tickets.priority` : 'tickets.priority', 'in', filter.priority);
  if (filter.type?.length) q = q.where('tickets.type', 'in', filter.type);
  if (filter.assigneeId === null)
    q = q.where(byDeadline ? sql<number | null>`+tickets.assignee_id` : 'tickets.assignee_id', 'is', null);
  else if (filter.assigneeId !== undefined) q = q.where('tickets.assignee_id', '=', filter.assigneeId);
  if (filter.teamId === null) q = q.where('tickets.team_id', 'is', null);
  else if (filter.teamId !== undefined) q = q.where('tickets.team_id', '=', filter.teamId);
  if (filter.teamsOfAgentId !== undefined) {
    // The member's few teams drive the index tickets_team (team_id, status).
    q = q.where(
      'tickets.team_id',
      'in',
      sql<number>`(select team_id from team_members where agent_id = ${filter.teamsOfAgentId})`,
    );
  }
  if (filter.organizationId !== undefined)
    q = q.where(
      byDeadline ? sql<number>`+tickets.organization_id` : 'tickets.organization_id',
      '=',
      filter.organizationId,
    );
  if (filter.contactId !== undefined) q = q.where('tickets.contact_id', '=', filter.contactId);
  if (filter.tag) q = q.where(jsonArrayHas(db, 'tickets.tags', filter.tag));
  if (filter.text) {
    const text = filter.text.trim();
    const number = /^#?(\d{1,9})$/.exec(text);
    const match = ticketTextFilter(db, text);
    if (number) q = q.where('tickets.number', '=', Number(number[1]));
    else if (match) q = q.where('tickets.id', 'in', match);
    else q = q.where(containsText('tickets.subject', text));
  }
  const descending = opts.sort.startsWith('-');
  const column = sortColumns[opts.sort.replace('-', '') as keyof typeof sortColumns];
  const dir = descending ? 'desc' : 'asc';
  if (opts.after) {
    const [value, id] = opts.after;
    const cmp = descending ? '<' : '>';
    if (column === 'tickets.id') q = q.where('tickets.id', cmp, id);
    else
      q = q.where((eb) =>
        eb.or([
          eb(column, cmp, value as string),
          eb.and([eb(column, '=', value as string), eb('tickets.id', cmp, id)]),
        ]),
      );
  }
  if (column !== 'tickets.id') q = q.orderBy(column, dir);
  return q
    .orderBy('tickets.id', dir)
    .limit(opts.limit + 1)
    .execute();
}

export const sortKeyOf = (sort: QueueSort, row: TicketRow): [string | number | null, number] => {
  const key = sort.replace('-', '') as keyof typeof sortColumns;
  const value =
    key === 'created'
      ? row.id
      : key === 'updated'
        ? row.updated_at
        : key === 'priority'
          ? row.priority
          : key === 'due'
            ? row.sla_order
            : row.number;
  return [value, row.id];
};

export async function updateCommentAuthor(
  db: Kysely<Database>,
  commentId: number,
  author: { contactId: number | null; agentId: number | null },
): Promise<void> {
  await db
    .updateTable('comments')
    .set({ author_contact_id: author.contactId, author_agent_id: author.agentId })
    .where('id', '=', commentId)
    .execute();
}
