import { sql, type Kysely } from 'kysely';
import { DASHBOARD_METRICS } from '../2026-12-04-014-dashboard-aggregates.js';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * PostgreSQL's version of 033: the daily counts get a `shard` column in their keys, and the triggers of 014 add
 * and subtract on the row of the shard of their own connection (`pg_backend_pid() % 64`) instead of one shared
 * row. A connection runs one transaction at a time, so two transactions bump the same row only when their
 * connections' process ids meet modulo 64 (then one runs again), and the transactions of many connections never
 * wait for each other. A subtraction is an upsert of -1 on its own shard: a day's count is the sum over shards
 * (the dashboards already read `sum(n)`), and the `dashboard-fold` job folds the shards of past days into shard 0.
 * The triggers are written in SQLite's words and translated by server/db/postgres-ddl.ts, as 014's were.
 */
const SHARD = 'pg_backend_pid() % 64';
const CLIENT_BREACHES = ['reaction_breached', 'resolution_breached'] as const;
const WATCHED = `status, resolved_at, first_response_at, reaction_breached_at, resolution_breached_at, reaction_due, resolution_due, team_id, organization_id, created_at`;
type Metric = keyof typeof DASHBOARD_METRICS;
const metrics = Object.keys(DASHBOARD_METRICS) as Metric[];

const on = (expr: string, row: 'new' | 'old') => expr.replaceAll('r.', `${row}.`);
const team = (row: 'new' | 'old') => `coalesce(${row}.team_id, 0)`;

/**
 * `delta` (1 or -1) on the metric's day of `row`, when `when` holds: on this connection's shard, or (`sharded`
 * false, undoing this migration) on the one row of the day as before.
 */
function bump(metric: Metric, row: 'new' | 'old', delta: 1 | -1, when: string, sharded: boolean): string {
  const day = on(DASHBOARD_METRICS[metric], row);
  const sign = delta > 0 ? '+' : '-';
  const [column, value, key] = sharded ? [', shard', `, ${SHARD}`, ', shard'] : ['', '', ''];
  let out = `insert into dashboard_daily (day, metric, team_id${column}, n) select ${day}, '${metric}', ${team(row)}${value}, ${delta}
      where ${day} is not null and ${when} on conflict (day, metric, team_id${key}) do update set n = n ${sign} 1;`;
  if ((CLIENT_BREACHES as readonly string[]).includes(metric))
    out += `insert into dashboard_client_breaches (day, organization_id${column}, n) select ${day}, ${row}.organization_id${value}, ${delta}
      where ${day} is not null and ${when} on conflict (day, organization_id${key}) do update set n = n ${sign} 1;`;
  return out;
}

const TABLES = [
  ['dashboard_daily', 'day, metric, team_id'],
  ['dashboard_client_breaches', 'day, organization_id'],
] as const;

async function triggers(db: Kysely<any>, sharded: boolean): Promise<void> {
  const moved = (m: Metric) =>
    `(${on(DASHBOARD_METRICS[m], 'old')} is not ${on(DASHBOARD_METRICS[m], 'new')} or ${team('old')} <> ${team('new')} or old.organization_id <> new.organization_id)`;
  const each = (f: (m: Metric) => string) => metrics.map(f).join('\n');
  await sql
    .raw(`create trigger tickets_dashboard_insert after insert on tickets begin ${each((m) => bump(m, 'new', 1, '1', sharded))} end`)
    .execute(db);
  await sql
    .raw(`create trigger tickets_dashboard_delete after delete on tickets begin ${each((m) => bump(m, 'old', -1, '1', sharded))} end`)
    .execute(db);
  await sql
    .raw(
      `create trigger tickets_dashboard_update after update of ${WATCHED} on tickets begin
       ${each((m) => bump(m, 'old', -1, moved(m), sharded) + bump(m, 'new', 1, moved(m), sharded))} end`,
    )
    .execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, key] of TABLES) {
    await sql.raw(`alter table ${table} add column shard integer not null default 0`).execute(db);
    await sql.raw(`alter table ${table} drop constraint ${table}_pkey`).execute(db);
    await sql.raw(`alter table ${table} add primary key (${key}, shard)`).execute(db);
  }
  await triggers(db, true);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, key] of TABLES) {
    const folded = `${table}_folded`;
    await sql.raw(`create temporary table ${folded} as select ${key}, sum(n) as n from ${table} group by ${key}`).execute(db);
    await sql.raw(`delete from ${table}`).execute(db);
    await sql.raw(`alter table ${table} drop constraint ${table}_pkey`).execute(db);
    await sql.raw(`alter table ${table} drop column shard`).execute(db);
    await sql.raw(`insert into ${table} (${key}, n) select ${key}, n from ${folded}`).execute(db);
    await sql.raw(`drop table ${folded}`).execute(db);
    await sql.raw(`alter table ${table} add primary key (${key})`).execute(db);
  }
  await triggers(db, false);
}
