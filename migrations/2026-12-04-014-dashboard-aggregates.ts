import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Dashboards answer within 300 ms at a million tickets. What an index can count stays a COUNT over an index
 * (open by status and team, due today, open with a breach); what no index answers — how many tickets were
 * created, resolved, met or breached their SLA per day — is kept as daily counts by SQLite triggers on the
 * tickets table. Triggers, not a domain-event subscriber: every writer of tickets (services, the SLA sweep,
 * imports, the CLI) passes through them in the same transaction, so the counts can never drift from the rows.
 *
 * A day is the Moscow calendar day (UTC+3 all year since 2014) of the instant. Each metric of a ticket
 * lands in at most one day; an update moves it from the old day (and team) to the new one.
 */
export const DASHBOARD_METRICS = {
  created: `date(r.created_at, '+3 hours')`,
  resolved: `case when r.status in ('resolved','closed') then date(r.resolved_at, '+3 hours') end`,
  reaction_met: `case when r.reaction_breached_at is null and r.reaction_due is not null then date(r.first_response_at, '+3 hours') end`,
  reaction_breached: `date(r.reaction_breached_at, '+3 hours')`,
  resolution_met: `case when r.resolution_breached_at is null and r.resolution_due is not null and r.status in ('resolved','closed') then date(r.resolved_at, '+3 hours') end`,
  resolution_breached: `date(r.resolution_breached_at, '+3 hours')`,
} as const;

/** Breaches per client and day: the manager's "top breached clients" (a reaction and a resolution breach count each). */
const CLIENT_BREACHES = ['reaction_breached', 'resolution_breached'] as const;

const WATCHED = `status, resolved_at, first_response_at, reaction_breached_at, resolution_breached_at, reaction_due, resolution_due, team_id, organization_id, created_at`;

const on = (expr: string, row: 'new' | 'old') => expr.replaceAll('r.', `${row}.`);
const team = (row: 'new' | 'old') => `coalesce(${row}.team_id, 0)`;

function add(metric: keyof typeof DASHBOARD_METRICS, when: string): string {
  const day = on(DASHBOARD_METRICS[metric], 'new');
  let out = `insert into dashboard_daily (day, metric, team_id, n) select ${day}, '${metric}', ${team('new')}, 1
      where ${day} is not null and ${when} on conflict (day, metric, team_id) do update set n = n + 1;`;
  if ((CLIENT_BREACHES as readonly string[]).includes(metric))
    out += `insert into dashboard_client_breaches (day, organization_id, n) select ${day}, new.organization_id, 1
      where ${day} is not null and ${when} on conflict (day, organization_id) do update set n = n + 1;`;
  return out;
}

function sub(metric: keyof typeof DASHBOARD_METRICS, when: string): string {
  const day = on(DASHBOARD_METRICS[metric], 'old');
  let out = `update dashboard_daily set n = n - 1 where day = ${day} and metric = '${metric}' and team_id = ${team('old')} and ${when};`;
  if ((CLIENT_BREACHES as readonly string[]).includes(metric))
    out += `update dashboard_client_breaches set n = n - 1 where day = ${day} and organization_id = old.organization_id and ${when};`;
  return out;
}

const metrics = Object.keys(DASHBOARD_METRICS) as (keyof typeof DASHBOARD_METRICS)[];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table dashboard_daily (
    day text not null, metric text not null, team_id integer not null, n integer not null,
    primary key (day, metric, team_id)) without rowid`.execute(db);
  await sql`create table dashboard_client_breaches (
    day text not null, organization_id integer not null, n integer not null,
    primary key (day, organization_id)) without rowid`.execute(db);

  // The counts of the tickets already there.
  for (const metric of metrics) {
    const day = DASHBOARD_METRICS[metric];
    await sql
      .raw(
        `insert into dashboard_daily (day, metric, team_id, n)
         select ${day}, '${metric}', coalesce(r.team_id, 0), count(*) from tickets r where ${day} is not null group by 1, 3`,
      )
      .execute(db);
  }
  await sql
    .raw(
      `insert into dashboard_client_breaches (day, organization_id, n)
       select day, organization_id, sum(n) from (
         ${CLIENT_BREACHES.map((m) => `select ${DASHBOARD_METRICS[m]} as day, r.organization_id, count(*) as n from tickets r where ${DASHBOARD_METRICS[m]} is not null group by 1, 2`).join(' union all ')}
       ) group by day, organization_id`,
    )
    .execute(db);

  await sql.raw(`create trigger tickets_dashboard_insert after insert on tickets begin ${metrics.map((m) => add(m, '1')).join('\n')} end`).execute(db);
  await sql.raw(`create trigger tickets_dashboard_delete after delete on tickets begin ${metrics.map((m) => sub(m, '1')).join('\n')} end`).execute(db);
  const moved = (m: keyof typeof DASHBOARD_METRICS) =>
    `(${on(DASHBOARD_METRICS[m], 'old')} is not ${on(DASHBOARD_METRICS[m], 'new')} or ${team('old')} <> ${team('new')} or old.organization_id <> new.organization_id)`;
  await sql
    .raw(
      `create trigger tickets_dashboard_update after update of ${WATCHED} on tickets begin
       ${metrics.map((m) => sub(m, moved(m)) + add(m, moved(m))).join('\n')} end`,
    )
    .execute(db);

  // "Open with a breach" is a small share of all tickets: a partial index counts it without reading rows.
  await sql`create index tickets_open_breached on tickets (team_id)
    where status not in ('resolved','closed') and (reaction_breached_at is not null or resolution_breached_at is not null)`.execute(db);
  // "Due today" of one team: its pending deadlines in order (the desk-wide one reads tickets_sla_order).
  await sql`create index tickets_team_sla_order on tickets (team_id, sla_order) where team_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists tickets_dashboard_${op}`).execute(db);
  await sql`drop index if exists tickets_team_sla_order`.execute(db);
  await sql`drop index if exists tickets_open_breached`.execute(db);
  await sql`drop table if exists dashboard_client_breaches`.execute(db);
  await sql`drop table if exists dashboard_daily`.execute(db);
}
