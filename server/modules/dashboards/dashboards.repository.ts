import { sql, type Kysely } from 'kysely';
import type { Database, TicketStatus } from '../../db/schema.js';
import { dialectOf } from '../../db/dialect.js';

export const OPEN_STATUSES: readonly TicketStatus[] = [
  'new',
  'open',
  'in_progress',
  'waiting_for_client',
  'on_approval',
];

/** Open tickets per status: a count over tickets_status (or tickets_team for one team), no row is read. */
export function openByStatus(db: Kysely<Database>, teamId?: number) {
  let q = db
    .selectFrom('tickets')
    .select(['status', sql<number>`count(*)`.as('n')])
    .where('status', 'in', OPEN_STATUSES);
  if (teamId !== undefined) q = q.where('team_id', '=', teamId);
  return q.groupBy('status').execute();
}

/**
 * Open tickets per team (those of no team are the rest of the total): for each team a count of its open
 * entries in the partial tickets_team index, so closed tickets are never walked, however many there are.
 */
export async function openByTeam(db: Kysely<Database>) {
  const result = await sql<{ team_id: number; name: string; n: number }>`select teams.id as team_id, teams.name,
      (select count(*) from tickets indexed by tickets_team
        where tickets.team_id = teams.id and tickets.status in (${sql.join(OPEN_STATUSES)})) as n
    from teams`.execute(db);
  // Filtered here: a `where n > 0` around it would make SQLite count every team twice.
  return result.rows.filter((r) => Number(r.n) > 0);
}

/**
 * Tickets whose pending deadline (reaction, else resolution) comes before `beforeMs`. `sla_order` holds that
 * deadline and the far future for a done, paused or SLA-less ticket, so the count is a range over its index.
 */
export async function pendingDueBefore(db: Kysely<Database>, beforeMs: number, teamId?: number): Promise<number> {
  let q = db
    .selectFrom('tickets')
    .select(sql<number>`count(*)`.as('n'))
    .where('sla_order', '<', beforeMs);
  if (teamId !== undefined) q = q.where('team_id', '=', teamId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * Open tickets with a recorded breach, counted over the partial index tickets_open_breached (its where clause
 * is this one). Named, so that a team's count never walks all of the team's tickets by another index.
 */
export async function openBreached(db: Kysely<Database>, teamId?: number): Promise<number> {
  const team = teamId === undefined ? sql`` : sql` and team_id = ${teamId}`;
  const row = await sql<{ n: number }>`select count(*) as n from tickets indexed by tickets_open_breached
    where status not in ('resolved','closed') and (reaction_breached_at is not null or resolution_breached_at is not null)${team}`.execute(
    db,
  );
  return Number(row.rows[0]?.n ?? 0);
}

/** Daily counts of the given metrics over an inclusive range of Moscow days, summed over teams unless one is named. */
export function dailyCounts(
  db: Kysely<Database>,
  q: { from: string; to: string; metrics: readonly Database['dashboard_daily']['metric'][]; teamId?: number },
) {
  let query = db
    .selectFrom('dashboard_daily')
    .select(['day', 'metric', sql<number>`sum(n)`.as('n')])
    .where('day', '>=', q.from)
    .where('day', '<=', q.to)
    .where('metric', 'in', q.metrics);
  if (q.teamId !== undefined) query = query.where('team_id', '=', q.teamId);
  return query.groupBy(['day', 'metric']).execute();
}

/** The clients with the most breaches recorded in the range, most first. */
export function topBreachedClients(db: Kysely<Database>, q: { from: string; to: string; limit: number }) {
  return db
    .selectFrom('dashboard_client_breaches as b')
    .innerJoin('organizations as o', 'o.id', 'b.organization_id')
    .select(['o.id', 'o.name', sql<number>`sum(b.n)`.as('n')])
    .where('b.day', '>=', q.from)
    .where('b.day', '<=', q.to)
    .groupBy('o.id')
    .having(sql`sum(b.n)`, '>', 0)
    .orderBy(sql`sum(b.n)`, 'desc')
    .orderBy('o.name')
    .limit(q.limit)
    .execute();
}

export function activeAgents(db: Kysely<Database>) {
  return db.selectFrom('agents').select(['id', 'name', 'role']).where('active', '=', 1).orderBy('name').execute();
}

export function teamName(db: Kysely<Database>, id: number) {
  return db.selectFrom('teams').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

/** Open tickets per assignee: one range of tickets_assignee per (agent, status), not a walk over all tickets. */
export function openAssigned(db: Kysely<Database>, agentIds: readonly number[]) {
  if (agentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('tickets')
    .select(['assignee_id', sql<number>`count(*)`.as('n')])
    .where('assignee_id', 'in', agentIds)
    .where('status', 'in', OPEN_STATUSES)
    .groupBy('assignee_id')
    .execute();
}

/**
 * PostgreSQL keeps a day's counts on several rows, one per connection that bumped them (migration 033); folds
 * the rows of the days before `beforeDay` into one each (shard 0). Returns how many rows were folded away.
 * SQLite's single writer keeps one row per count: nothing to fold.
 */
export async function foldCounterShards(db: Kysely<Database>, beforeDay: string): Promise<number> {
  if (dialectOf(db) !== 'postgres') return 0;
  let folded = 0;
  for (const [table, key] of [
    ['dashboard_daily', 'day, metric, team_id'],
    ['dashboard_client_breaches', 'day, organization_id'],
  ] as const) {
    const [t, k] = [sql.table(table), sql.raw(key)];
    const result = await sql<{ n: number }>`
      with moved as (delete from ${t} where day < ${beforeDay} and shard <> 0 returning ${k}, n),
        added as (insert into ${t} (${k}, shard, n) select ${k}, 0, sum(n) from moved group by ${k}
          on conflict (${k}, shard) do update set n = ${t}.n + excluded.n returning 1)
      select (select count(*) from moved) as n`.execute(db);
    folded += Number(result.rows[0]?.n ?? 0);
  }
  return folded;
}
