/**
 * Duty schedules (issue 18, "Speed"): who is on call at an instant, and a 90-day timeline of a five-layer
 * schedule, on the pure engine (one core, a warm-up first) and through the service on a real SQLite file
 * (reads the schedule, its overrides and swaps, compiles it and answers: what routing does per ticket).
 *
 * Part of `npm run bench` (through extra.ts, key `duty`); on its own:
 *   node --import=tsx test/bench/duty.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openInstallation } from '../../server/installation.js';
import { fixedClock } from '../../server/shared/clock.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createTeam } from '../../server/modules/teams/index.js';
import { createSchedule, addOverride } from '../../server/modules/duty/duty.service.js';
import { compileSchedule, onCallAt, shiftsBetween, type LayerInput } from '../../server/modules/duty/on-call.js';
import { dutyAgentOfTeam } from '../../server/modules/duty/index.js';
import type { BenchRow } from './business-time.bench.js';
import { printBenchRows } from './business-time.bench.js';

const DAY = 86_400_000;
const START = Date.parse('2026-12-01T00:00:00Z');

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Five layers as a real desk stacks them: a weekly 24x7 base, business-hours days, nights, weekends, 12-hour shifts. */
function layers(ids: number[][]): Omit<LayerInput, 'id' | 'position'>[] {
  return [
    {
      members: ids[0]!,
      shiftMinutes: 10080,
      handoff: '10:00',
      startsOn: '2026-11-02',
      restrictions: [],
      skipHolidays: false,
    },
    {
      members: ids[1]!,
      shiftMinutes: 1440,
      handoff: '09:00',
      startsOn: '2026-11-02',
      restrictions: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }],
      skipHolidays: true,
    },
    {
      members: ids[2]!,
      shiftMinutes: 1440,
      handoff: '19:00',
      startsOn: '2026-11-02',
      restrictions: [{ days: [1, 2, 3, 4, 5], from: '19:00', to: '10:00' }],
      skipHolidays: false,
    },
    {
      members: ids[3]!,
      shiftMinutes: 2880,
      handoff: '00:00',
      startsOn: '2026-11-07',
      restrictions: [{ days: [6, 7], from: '00:00', to: '00:00' }],
      skipHolidays: false,
    },
    {
      members: ids[4]!,
      shiftMinutes: 720,
      handoff: '08:00',
      startsOn: '2026-11-02',
      restrictions: [],
      skipHolidays: false,
    },
  ];
}

const time = (work: () => void) => {
  const t0 = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchDuty(): Promise<BenchRow[]> {
  const rnd = prng(18);
  const ids = [0, 1, 2, 3, 4].map((l) => Array.from({ length: 4 }, (_, i) => 100 + l * 10 + i));
  const overrides = Array.from({ length: 40 }, () => {
    const from = START + Math.floor(rnd() * 90 * 96) * 15 * 60_000;
    return {
      agentId: 900,
      replacesAgentId: rnd() < 0.5 ? ids[Math.floor(rnd() * 5)]![0]! : null,
      from: new Date(from).toISOString(),
      to: new Date(from + (1 + Math.floor(rnd() * 24)) * 3_600_000).toISOString(),
    };
  });
  const holidays = new Set(['2026-12-31', '2027-01-01', '2027-01-02', '2027-01-05', '2027-01-07', '2027-02-23']);
  // A zone with DST, so the timeline crosses no change here but pays the full zone arithmetic.
  const schedule = compileSchedule({
    timezone: 'Europe/Berlin',
    layers: layers(ids).map((l, i) => ({ ...l, id: i + 1, position: i })),
    overrides,
    isHoliday: (d) => holidays.has(d),
  });

  // Shifts of 5 layers × 90 days: the first run pays the zone's offset table, later ones reuse it. The platform's
  // time zone data is loaded once per process (tens of ms, long before any request in a running desk): done here
  // outside the engine, so "first run" measures the engine with a cold cache, not ICU's start-up.
  new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', hour: 'numeric' }).formatToParts(new Date(0));
  const from = new Date(START);
  const to = new Date(START + 90 * DAY);
  let count = 0;
  const cold = time(() => (count = shiftsBetween(schedule, from, to).length));
  const warm: number[] = [];
  for (let i = 0; i < 30; i += 1) warm.push(time(() => shiftsBetween(schedule, from, to)));

  // Lookups at random instants over the 90 days.
  const N = 200_000;
  const instants = Array.from({ length: N }, () => new Date(START + Math.floor(rnd() * 90 * DAY)));
  for (let i = 0; i < 20_000; i += 1) onCallAt(schedule, instants[i]!);
  const lookupMs = time(() => {
    for (let i = 0; i < N; i += 1) onCallAt(schedule, instants[i]!);
  });

  // Through the service on a real SQLite file.
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-duty-bench-'));
  const inst = await openInstallation({ dataDir, clock: fixedClock(from), overrides: { logLevel: 'warn' } });
  let serviceMs: number[] = [];
  try {
    const ctx = inst.ctx();
    const agents: number[] = [];
    // The free mode allows four agents: the layers rotate the same four in different orders.
    for (let i = 0; i < 4; i += 1)
      agents.push((await createAgent(ctx, { email: `e${i}@bench.ondesk`, name: `E${i}`, role: 'engineer' })).id);
    const team = await createTeam(ctx, { name: 'Duty bench', memberIds: agents });
    const real = await createSchedule(ctx, {
      teamId: team.id,
      timezone: 'Europe/Berlin',
      layers: layers([0, 1, 2, 3, 4].map((l) => [...agents.slice(l % 4), ...agents.slice(0, l % 4)])),
    });
    for (const o of overrides.slice(0, 20))
      await addOverride(ctx, real.schedule.id, { agentId: agents[0]!, from: o.from, to: o.to });
    for (let i = 0; i < 50; i += 1) await dutyAgentOfTeam(ctx, team.id, instants[i]!);
    serviceMs = [];
    for (let i = 0; i < 500; i += 1) {
      const t0 = process.hrtime.bigint();
      await dutyAgentOfTeam(ctx, team.id, instants[i]!);
      serviceMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  } finally {
    await inst.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const perLookup = lookupMs / N;
  const sorted = [...serviceMs].sort((a, b) => a - b);
  const p50 = sorted[Math.floor(sorted.length / 2)]!;
  const p99 = sorted[Math.floor(sorted.length * 0.99)]!;
  return [
    {
      name: 'on-call lookup, 5 layers + 40 overrides (pure, mean)',
      value: Math.round(perLookup * 1e6),
      unit: 'ns',
      budget: '≤ 1 ms',
      pass: perLookup <= 1,
    },
    {
      name: "on-call lookup through the service (team's schedule read from SQLite), median of 500",
      value: Math.round(p50 * 1000),
      unit: 'µs',
      budget: '≤ 1 ms',
      pass: p50 <= 1,
    },
    { name: 'the same, p99 of 500 (reported)', value: Math.round(p99 * 1000), unit: 'µs' },
    {
      name: `shifts of 5 layers × 90 days (${count} shifts), first run`,
      value: Number(cold.toFixed(1)),
      unit: 'ms',
      budget: '≤ 50 ms',
      pass: cold <= 50,
    },
    {
      name: 'shifts of 5 layers × 90 days, median of 30 runs',
      value: Number(median(warm).toFixed(1)),
      unit: 'ms',
      budget: '≤ 50 ms',
      pass: median(warm) <= 50,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printBenchRows('Duty schedules', await benchDuty());
}
