import t from 'tap';
import fc from 'fast-check';
import { sql } from 'kysely';
import { DASHBOARD_METRICS } from '../../migrations/2026-12-04-014-dashboard-aggregates.js';
import { dashboardDesk, insertTeam, insertTicket } from './helpers.js';
import type { Installation } from '../../server/installation.js';

/** Rows of a query written as text, on whichever database the desk runs. */
async function rows(inst: Installation, text: string): Promise<unknown[]> {
  return (await sql.raw(text).execute(inst.database.db)).rows;
}

/**
 * A metric's day as the triggers compute it: SQLite's `date(x, '+3 hours')` as written in the migration, and on
 * PostgreSQL as the migrator translates it (server/db/postgres-ddl.ts).
 */
function dayOf(inst: Installation, expression: string): string {
  return inst.database.dialect === 'postgres'
    ? expression.replace(
        /\bdate\(([a-z_.]+), '\+(\d+) hours'\)/gi,
        `to_char(($1)::timestamptz at time zone 'utc' + interval '$2 hours', 'YYYY-MM-DD')`,
      )
    : expression;
}

/** The daily counts recomputed from the tickets themselves: what the triggers must always equal. */
async function recomputed(inst: Installation) {
  const daily = [];
  for (const [metric, expression] of Object.entries(DASHBOARD_METRICS)) {
    const day = dayOf(inst, expression);
    daily.push(
      ...(await rows(
        inst,
        `select ${day} as day, '${metric}' as metric, coalesce(r.team_id, 0) as team_id, count(*) as n from tickets r
         where ${day} is not null group by 1, 3 order by 1, 3`,
      )),
    );
  }
  const clients = await rows(
    inst,
    `select day, organization_id, sum(n) as n from (
       select ${dayOf(inst, DASHBOARD_METRICS.reaction_breached)} as day, r.organization_id, 1 as n from tickets r
       union all select ${dayOf(inst, DASHBOARD_METRICS.resolution_breached)}, r.organization_id, 1 from tickets r) as breaches
     where day is not null group by 1, 2 order by 1, 2`,
  );
  return { daily, clients };
}

async function kept(inst: Installation) {
  const order = `case metric ${Object.keys(DASHBOARD_METRICS)
    .map((m, i) => `when '${m}' then ${i}`)
    .join(' ')} end`;
  return {
    daily: await rows(
      inst,
      `select day, metric, team_id, n from dashboard_daily where n <> 0 order by ${order}, day, team_id`,
    ),
    clients: await rows(
      inst,
      `select day, organization_id, n from dashboard_client_breaches where n <> 0 order by day, organization_id`,
    ),
  };
}

const instant = fc
  .integer({ min: Date.parse('2026-02-25T00:00:00Z'), max: Date.parse('2026-03-05T00:00:00Z') })
  .map((ms) => new Date(Math.floor(ms / 3_600_000) * 3_600_000).toISOString());
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const statuses = ['new', 'open', 'in_progress', 'waiting_for_client', 'on_approval', 'resolved', 'closed'] as const;

const change = fc.record(
  {
    status: fc.constantFrom(...statuses),
    team_id: maybe(fc.constantFrom(1, 2)),
    organization_id: fc.constantFrom(1, 2),
    resolved_at: maybe(instant),
    first_response_at: maybe(instant),
    reaction_due: maybe(fc.constant(1)),
    resolution_due: maybe(fc.constant(1)),
    reaction_breached_at: maybe(instant),
    resolution_breached_at: maybe(instant),
  },
  { requiredKeys: [] },
);

const op = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), createdAt: instant, change }),
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), change }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
);

t.test('the daily counts kept by triggers always equal the counts recomputed from the tickets', async (t) => {
  const d = await dashboardDesk(t);
  const db = d.inst.database.db;
  await insertTeam(d.inst, 'A');
  await insertTeam(d.inst, 'B');
  t.same([d.romashka.id, d.volga.id], [1, 2], 'the generator names these clients');
  await fc.assert(
    fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
      await db.deleteFrom('tickets').execute();
      const ids: number[] = [];
      for (const o of ops) {
        if (o.kind === 'insert') {
          const id = await insertTicket(d.inst, { organizationId: 1, createdAt: o.createdAt });
          ids.push(id);
          await apply(id, o.change);
        } else if (ids.length > 0) {
          const id = ids[o.pick % ids.length]!;
          if (o.kind === 'update') await apply(id, o.change);
          else {
            await db.deleteFrom('tickets').where('id', '=', id).execute();
            ids.splice(ids.indexOf(id), 1);
          }
        }
      }
      const want = await recomputed(d.inst);
      const have = await kept(d.inst);
      t.same(have.daily, want.daily);
      t.same(have.clients, want.clients);
      return JSON.stringify(have) === JSON.stringify(want);
    }),
    { numRuns: 60 },
  );

  async function apply(id: number, c: Record<string, unknown>) {
    if (Object.keys(c).length === 0) return;
    await db.updateTable('tickets').set(c).where('id', '=', id).execute();
  }
});
