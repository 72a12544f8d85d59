/**
 * The monthly package run: 1,000 prepaid-hours agreements, each with work logged in November, at 01:00 on
 * 1 December in Moscow — every November closes (carry-over and expiry), every December is granted and the
 * threshold notices due go out. Then the same run again, which must find nothing to do. Real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openInstallation } from '../../server/installation.js';
import { fixedClock } from '../../server/shared/clock.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createCalendar } from '../../server/modules/calendars/calendars.service.js';
import { createService } from '../../server/modules/services/services.service.js';
import { createAgreement } from '../../server/modules/agreements/agreements.service.js';
import { createTicket } from '../../server/modules/tickets/index.js';
import { logWork } from '../../server/modules/worklogs/worklogs.service.js';
import { packagePeriodsJob, setTimeTerms } from '../../server/modules/packages/packages.service.js';
import { defaultTimeTerms } from '../../server/modules/packages/time-terms.js';
import type { BenchRow } from './business-time.bench.js';
import { printBenchRows } from './business-time.bench.js';

const AGREEMENTS = Number(process.env.BENCH_PACKAGE_AGREEMENTS ?? 1000);
const weekdays = (i: [string, string][]) => ({ mon: i, tue: i, wed: i, thu: i, fri: i, sat: [], sun: [] });

export async function benchPackagePeriods(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-package-bench-'));
  const clock = fixedClock('2026-11-16T09:00:00Z');
  const inst = await openInstallation({ dataDir, clock, overrides: { logLevel: 'warn' } });
  try {
    const ctx = inst.ctx();
    const manager = await createAgent(ctx, { email: 'manager@bench.ondesk', name: 'Manager', role: 'manager' });
    const engineerRow = await createAgent(ctx, { email: 'eng@bench.ondesk', name: 'Engineer', role: 'engineer' });
    const engineer = inst.ctx({
      kind: 'agent',
      id: engineerRow.id,
      role: 'engineer',
      name: 'Engineer',
      language: 'ru',
    });
    const calendar = await createCalendar(ctx, {
      name: 'Moscow 8x5',
      timezone: 'Europe/Moscow',
      week: weekdays([['09:00', '18:00']]),
    });
    const setupStart = performance.now();
    await Promise.all(
      Array.from({ length: AGREEMENTS }, async (_, i) => {
        const org = await createOrganization(ctx, { name: `Client ${i}` });
        const service = await createService(ctx, { name: `Support ${i}` });
        const agreement = await createAgreement(ctx, {
          organizationId: org.id,
          number: `PK-${i}`,
          title: 'Пакет часов',
          calendarId: calendar.id,
          start: '2026-01-01',
          end: '2027-12-31',
          tier: '8x5',
          kind: 'prepaid_hours',
          hoursPackage: 10,
          managerId: manager.id,
          serviceIds: [service.id],
        });
        await setTimeTerms(ctx, agreement.id, {
          ...defaultTimeTerms,
          carryRule: i % 2 ? 'all' : 'limited',
          carryLimitMinutes: 120,
        });
        const ticket = await createTicket(engineer, {
          subject: `Работа ${i}`,
          description: '—',
          organizationId: org.id,
          type: 'request',
          priority: 'P3',
          serviceId: service.id,
        });
        // From a tenth to the whole package used: some reach the 50/80/100 % thresholds.
        await logWork(engineer, { ticketId: ticket.id, minutes: 60 + ((i * 37) % 540) });
      }),
    );
    const setupSeconds = (performance.now() - setupStart) / 1000;
    clock.set('2026-11-30T22:00:00Z'); // 01:00 on 1 December in Moscow
    const started = performance.now();
    const first = await packagePeriodsJob(inst.ctx());
    const firstMs = performance.now() - started;
    const againStart = performance.now();
    const again = await packagePeriodsJob(inst.ctx());
    const againMs = performance.now() - againStart;
    return [
      {
        name: `setup: ${AGREEMENTS} agreements with November work (reference)`,
        value: Math.round(setupSeconds * 1000),
        unit: 'ms',
      },
      {
        name: `month change: ${first.agreements} agreements closed and granted, ${first.notices} notices`,
        value: Math.round(firstMs),
        unit: 'ms',
        budget: '≤ 5,000 ms',
        pass: firstMs <= 5000,
      },
      { name: `the same run again (${again.notices} notices)`, value: Math.round(againMs), unit: 'ms' },
    ];
  } finally {
    await inst.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printBenchRows('Hour packages', await benchPackagePeriods());
}
