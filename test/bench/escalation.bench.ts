/**
 * Escalation (issue 18, routing and paging): what a night P1 under a 24x7 agreement costs when it is filed (the
 * ticket, its routing to the duty engineer, the frozen chain and the SMS and e-mail page, in one transaction),
 * and how long the minute job takes to page the next step of 1,000 unanswered chains. Real SQLite file, the
 * services as in production, a fixed clock at 02:00 on a Saturday in Moscow.
 *
 * Part of `npm run bench` (through extra.ts, key `escalation`); on its own:
 *   node --import=tsx test/bench/escalation.bench.ts
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
import { createCalendar } from '../../server/modules/calendars/index.js';
import { createOrganization } from '../../server/modules/organizations/index.js';
import { createAgreement } from '../../server/modules/agreements/index.js';
import { createTicket } from '../../server/modules/tickets/index.js';
import { runEscalations } from '../../server/modules/escalation/index.js';
import type { BenchRow } from './business-time.bench.js';
import { printBenchRows } from './business-time.bench.js';

const NIGHT = '2027-03-12T23:00:00.000Z';
const TICKETS = 1000;

const day: [string, string][] = [['09:00', '18:00']];
const weekdays = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] };

export async function benchEscalation(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-escalation-bench-'));
  const clock = fixedClock(NIGHT);
  const inst = await openInstallation({ dataDir, clock, overrides: { logLevel: 'warn' } });
  try {
    const ctx = inst.ctx();
    const engineer = await createAgent(ctx, {
      email: 'duty@bench.ondesk',
      name: 'Duty',
      role: 'engineer',
      phone: '+79000000001',
    });
    const manager = await createAgent(ctx, { email: 'boss@bench.ondesk', name: 'Boss', role: 'manager' });
    const calendar = await createCalendar(ctx, {
      name: 'Weekdays',
      timezone: 'Europe/Moscow',
      week: weekdays,
    });
    const team = await createTeam(ctx, { name: 'First line', memberIds: [engineer.id] });
    await inst.database.db.updateTable('teams').set({ calendar_id: calendar.id }).where('id', '=', team.id).execute();
    await createSchedule(ctx, {
      teamId: team.id,
      timezone: 'Europe/Moscow',
      layers: [{ members: [engineer.id], shiftMinutes: 10080, handoff: '10:00', startsOn: '2027-01-04' }],
    });
    const org = await createOrganization(ctx, { name: 'Romashka' });
    await createAgreement(ctx, {
      organizationId: org.id,
      number: 'B-1',
      title: '24x7',
      calendarId: calendar.id,
      start: '2027-01-01',
      end: '2027-12-31',
      tier: '24x7',
      serviceIds: [],
      managerId: manager.id,
    });

    const times: number[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const started = performance.now();
      await createTicket(ctx, {
        subject: `Server ${i} down`,
        description: 'Nothing answers',
        organizationId: org.id,
        teamId: team.id,
        type: 'incident',
        priority: 'P1',
      });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const chains = await inst.database.db
      .selectFrom('ticket_escalations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(chains.n) !== TICKETS) throw new Error(`expected ${TICKETS} chains, found ${chains.n}`);

    // Thirty minutes pass unanswered: every chain's second step is due at once.
    clock.advance(30 * 60_000);
    const jobStarted = performance.now();
    const run = await runEscalations(inst.ctx());
    const jobMs = performance.now() - jobStarted;
    if (run.due !== TICKETS) throw new Error(`expected ${TICKETS} due chains, found ${run.due}`);
    const median = times[Math.floor(times.length / 2)]!;
    const p95 = times[Math.floor(times.length * 0.95)]!;
    return [
      { name: 'night P1 filed, routed and paged (median)', value: Number(median.toFixed(2)), unit: 'ms' },
      { name: 'night P1 filed, routed and paged (p95)', value: Number(p95.toFixed(2)), unit: 'ms' },
      {
        name: `escalations job: next step of ${TICKETS} due chains`,
        value: Math.round(jobMs),
        unit: 'ms',
        budget: '≤ 30,000 ms (well inside its minute)',
        pass: jobMs <= 30_000,
      },
    ];
  } finally {
    await inst.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  printBenchRows('Escalation (real SQLite file, services as in production)', await benchEscalation());
