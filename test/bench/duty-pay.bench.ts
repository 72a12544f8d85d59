/**
 * Support lines and on-call pay (issue 18): the night-hours split of an engineer's month (pure, one core), the
 * monthly pay report through the service (a five-layer schedule on a real SQLite file, every engineer's shifts
 * compiled and cut at the month's bounds), and escalating / returning a ticket between lines (each a durable
 * write with history and an event).
 *
 * Part of `npm run bench` (through extra.ts, key `duty-pay`); on its own:
 *   node --import=tsx test/bench/duty-pay.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openInstallation } from '../../server/installation.js';
import { fixedClock } from '../../server/shared/clock.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createTeam } from '../../server/modules/teams/index.js';
import { createSchedule } from '../../server/modules/duty/duty.service.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createTicket } from '../../server/modules/tickets/index.js';
import { dutyPayReport } from '../../server/modules/duty-pay/index.js';
import { dutyPayOfMonth } from '../../server/modules/duty-pay/night-hours.js';
import {
  deEscalateTicket,
  escalateTicket,
  saveSupportLines,
} from '../../server/modules/support-lines/support-lines.service.js';
import type { BenchRow } from './business-time.bench.js';
import { printBenchRows } from './business-time.bench.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

export async function benchDutyPay(): Promise<BenchRow[]> {
  // An engineer's month of 12-hour shifts every other day, over a month boundary at both ends, in Moscow.
  const start = Date.parse('2026-11-30T19:00:00Z');
  const shifts = Array.from({ length: 17 }, (_, i) => ({
    from: new Date(start + i * 2 * 86_400_000).toISOString(),
    to: new Date(start + i * 2 * 86_400_000 + 12 * 3_600_000).toISOString(),
    zone: 'Europe/Moscow',
  }));
  for (let i = 0; i < 200; i += 1) dutyPayOfMonth(shifts, '2026-12');
  const N = 2_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i += 1) dutyPayOfMonth(shifts, '2026-12');
  const pureMs = ms(t0) / N;

  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-duty-pay-bench-'));
  const inst = await openInstallation({
    dataDir,
    clock: fixedClock('2027-01-10T09:00:00Z'),
    overrides: { logLevel: 'warn' },
  });
  const report: number[] = [];
  const moves: number[] = [];
  try {
    const ctx = inst.ctx();
    const agents: number[] = [];
    for (let i = 0; i < 4; i += 1)
      agents.push((await createAgent(ctx, { email: `p${i}@bench.ondesk`, name: `P${i}`, role: 'engineer' })).id);
    const l1 = await createTeam(ctx, { name: 'L1 bench', memberIds: agents.slice(0, 2) });
    const l2 = await createTeam(ctx, { name: 'L2 bench', memberIds: agents.slice(2) });
    const rotate = (n: number) => [...agents.slice(n), ...agents.slice(0, n)];
    for (const [team, offset] of [
      [l1.id, 0],
      [l2.id, 2],
    ] as const)
      await createSchedule(ctx, {
        teamId: team,
        timezone: 'Europe/Moscow',
        layers: [
          { members: rotate(offset), shiftMinutes: 10080, handoff: '10:00', startsOn: '2026-11-02' },
          {
            members: rotate(offset + 1),
            shiftMinutes: 1440,
            handoff: '19:00',
            startsOn: '2026-11-02',
            restrictions: [{ days: [1, 2, 3, 4, 5], from: '19:00', to: '10:00' }],
          },
          { members: rotate(offset + 2), shiftMinutes: 720, handoff: '08:00', startsOn: '2026-11-02' },
        ],
      });
    for (let i = 0; i < 3; i += 1) await dutyPayReport(ctx, '2026-12');
    for (let i = 0; i < 15; i += 1) {
      const t = process.hrtime.bigint();
      await dutyPayReport(ctx, '2026-12');
      report.push(ms(t));
    }

    await saveSupportLines(ctx, [
      { name: 'L1', teamId: l1.id, kind: 'support' },
      { name: 'L2', teamId: l2.id, kind: 'support' },
    ]);
    const org = await createOrganization(ctx, { name: 'Bench client' });
    const ticket = await createTicket(ctx, {
      subject: 'Bench',
      description: 'Moves between lines',
      organizationId: org.id,
      type: 'incident',
      priority: 'P2',
      teamId: l1.id,
    });
    for (let i = 0; i < 100; i += 1) {
      const t = process.hrtime.bigint();
      await (i % 2 === 0 ? escalateTicket : deEscalateTicket)(ctx, ticket.id, { note: `Handoff ${i}` });
      moves.push(ms(t));
    }
  } finally {
    await inst.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return [
    {
      name: "night-hours split of an engineer's month (17 shifts over both month ends, pure, mean)",
      value: Math.round(pureMs * 1000),
      unit: 'µs',
      budget: '≤ 1 ms',
      pass: pureMs <= 1,
    },
    {
      name: 'on-call pay report of a month (4 engineers, 2 schedules × 3 layers, SQLite), median of 15',
      value: Number(median(report).toFixed(1)),
      unit: 'ms',
      budget: '≤ 500 ms',
      pass: median(report) <= 500,
    },
    {
      name: 'escalate / return a ticket between lines (durable write, history, event), median of 100',
      value: Number(median(moves).toFixed(1)),
      unit: 'ms',
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printBenchRows('Support lines and on-call pay', await benchDutyPay());
}
