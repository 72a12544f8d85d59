import t from 'tap';
import fc from 'fast-check';
import type { Database as Sqlite } from 'better-sqlite3';
import { DASHBOARD_METRICS } from '../../migrations/2026-12-04-014-dashboard-aggregates.js';
import { dashboardDesk, insertTeam, insertTicket } from './helpers.js';

/** The daily counts recomputed from the tickets themselves: what the triggers must always equal. */
function recomputed(sqlite: Sqlite) {
  const daily = Object.entries(DASHBOARD_METRICS).flatMap(([metric, day]) =>
    sqlite
      .prepare(
        `select ${day} as day, '${metric}' as metric, coalesce(r.team_id, 0) as team_id, count(*) as n from tickets r
         where ${day} is not null group by 1, 3 order by 1, 3`,
      )
      .all(),
  );
  const clients = sqlite
    .prepare(
      `select day, organization_id, sum(n) as n from (
         select ${DASHBOARD_METRICS.reaction_breached} as day, r.organization_id, 1 as n from tickets r
         union all select ${DASHBOARD_METRICS.resolution_breached}, r.organization_id, 1 from tickets r)
       where day is not null group by 1, 2 order by 1, 2`,
    )
    .all();
  return { daily, clients };
}

function kept(sqlite: Sqlite) {
  const order = `case metric ${Object.keys(DASHBOARD_METRICS)
    .map((m, i) => `when '${m}' then ${i}`)
    .join(' ')} end`;
  return {
    daily: sqlite
      .prepare(`select day, metric, team_id, n from dashboard_daily where n <> 0 order by ${order}, day, team_id`)
      .all(),
    clients: sqlite
      .prepare(
        `select day, organization_id, n from dashboard_client_breaches where n <> 0 order by day, organization_id`,
      )
      .all(),
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
  const sqlite = d.inst.database.sqlite;
  insertTeam(d.inst, 'A');
  insertTeam(d.inst, 'B');
  t.same([d.romashka.id, d.volga.id], [1, 2], 'the generator names these clients');
  fc.assert(
    fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
      sqlite.exec('delete from tickets');
      const ids: number[] = [];
      for (const o of ops) {
        if (o.kind === 'insert') {
          const id = insertTicket(d.inst, { organizationId: 1, createdAt: o.createdAt });
          ids.push(id);
          apply(id, o.change);
        } else if (ids.length > 0) {
          const id = ids[o.pick % ids.length]!;
          if (o.kind === 'update') apply(id, o.change);
          else {
            sqlite.prepare('delete from tickets where id = ?').run(id);
            ids.splice(ids.indexOf(id), 1);
          }
        }
      }
      const want = recomputed(sqlite);
      const have = kept(sqlite);
      t.same(have.daily, want.daily);
      t.same(have.clients, want.clients);
      return JSON.stringify(have) === JSON.stringify(want);
    }),
    { numRuns: 60 },
  );

  function apply(id: number, c: Record<string, unknown>) {
    const columns = Object.keys(c);
    if (columns.length === 0) return;
    sqlite
      .prepare(`update tickets set ${columns.map((col) => `${col} = @${col}`).join(', ')} where id = @id`)
      .run({ ...c, id });
  }
});
