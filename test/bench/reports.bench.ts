/**
 * The report engine at size (issue 14, "Bench"): the SLA report of November for a client with 5,000 tickets
 * under an agreement (replies, resolutions, breaches, pauses; other clients' tickets around them), and the
 * tickets report of October downloaded as XLSX with 100,000 ticket lines, streamed to a sink, measuring
 * the process's peak RSS while it runs; and the monthly client pack of an agreement with 500 tickets in November
 * rendered to PDF. Tickets are bulk-loaded into a real SQLite file: the bench measures
 * the reports, not the loader.
 *
 * The tickets are loaded by one child process and the reports run in a fresh one, so the RSS measured is the
 * report's, not the loader's or what earlier benches left behind.
 * Part of `npm run bench` (through extra.ts); on its own:
 *   node --import=tsx test/bench/reports.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openInstallation, type Installation } from '../../server/installation.js';
import { fixedClock } from '../../server/shared/clock.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createCalendar } from '../../server/modules/calendars/calendars.service.js';
import { createService } from '../../server/modules/services/services.service.js';
import { createAgreement } from '../../server/modules/agreements/agreements.service.js';
import { reportOutput, reportRenderers } from '../../server/modules/reports/index.js';
import type { Readable } from 'node:stream';
import type { BenchRow } from './business-time.bench.js';
import { printBenchRows } from './business-time.bench.js';

const CLIENT_TICKETS = Number(process.env.BENCH_REPORT_CLIENT_TICKETS ?? 5000);
const OTHER_TICKETS = Number(process.env.BENCH_REPORT_OTHER_TICKETS ?? 20_000);
const EXPORT_TICKETS = Number(process.env.BENCH_REPORT_EXPORT_TICKETS ?? 100_000);
const PACK_TICKETS = Number(process.env.BENCH_REPORT_PACK_TICKETS ?? 500);
const MINUTE = 60_000;
const NOW = '2026-12-02T09:00:00Z';
const weekdays = (i: [string, string][]) => ({ mon: i, tue: i, wed: i, thu: i, fri: i, sat: [], sun: [] });

/** Tickets straight into the tables, one transaction: SLA facts as the services would have left them. */
function loadTickets(
  inst: Installation,
  opts: { count: number; organizationId: number; agreementId: number | null; from: number; spanMs: number },
) {
  const db = inst.database.sqlite;
  const insert = db.prepare(
    `insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags,
       created_at, updated_at, resolved_at, agreement_id, reaction_minutes, resolution_minutes, reaction_due,
       resolution_due, first_response_at, sla_state, paused_minutes, reaction_breached_at, resolution_breached_at)
     values (?, ?, 'bench', 'incident', ?, ?, ?, 'email', '[]', ?, ?, ?, ?, 60, 540, ?, ?, ?, 'ok', 0, ?, ?)`,
  );
  const pause = db.prepare('insert into ticket_pauses (ticket_id, from_at, to_at) values (?, ?, ?)');
  const max = (db.prepare('select coalesce(max(number), 0) as n from tickets').get() as { n: number }).n;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  db.transaction(() => {
    for (let i = 1; i <= opts.count; i++) {
      const created = opts.from + Math.floor((i * opts.spanMs) / opts.count);
      const reply = created + ((i * 37) % 180) * MINUTE;
      const resolved = i % 3 === 0 ? null : created + ((i * 97) % 3000) * MINUTE;
      const reactionDue = created + 120 * MINUTE;
      const resolutionDue = created + 2 * 24 * 60 * MINUTE;
      const id = insert.run(
        max + i,
        `Заявка ${i}: ${i % 7 ? 'принтер не печатает' : '=1+1 выглядит как формула'}`,
        ['P1', 'P2', 'P3', 'P4'][i % 4],
        resolved === null ? 'open' : 'resolved',
        opts.organizationId,
        iso(created),
        iso(created),
        iso(resolved),
        opts.agreementId,
        opts.agreementId === null ? null : reactionDue,
        opts.agreementId === null ? null : resolutionDue,
        iso(reply),
        iso(opts.agreementId !== null && reply > reactionDue ? reactionDue : null),
        iso(opts.agreementId !== null && (resolved ?? Infinity) > resolutionDue ? resolutionDue : null),
      ).lastInsertRowid;
      if (i % 5 === 0) pause.run(id, reply + 10 * MINUTE, reply + 300 * MINUTE);
    }
  })();
}

interface Seeded {
  dataDir: string;
  managerId: number;
  clientId: number;
  packAgreementId: number;
  loadMs: number;
}

/** First process: the desk and its tickets, written to a data directory the second process opens. */
async function seed(): Promise<Seeded> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-reports-bench-'));
  const inst = await openInstallation({ dataDir, clock: fixedClock(NOW), overrides: { logLevel: 'warn' } });
  try {
    const system = inst.ctx();
    const manager = await createAgent(system, { email: 'manager@bench.ondesk', name: 'Manager', role: 'manager' });
    const calendar = await createCalendar(system, {
      name: 'Moscow 8x5',
      timezone: 'Europe/Moscow',
      week: weekdays([['09:00', '18:00']]),
      production: 'RU',
    });
    const service = await createService(system, { name: 'Support' });
    const client = await createOrganization(system, { name: 'ООО Ромашка' });
    const others = await createOrganization(system, { name: 'Other clients' });
    const agreement = (organizationId: number, number: string) =>
      createAgreement(system, {
        organizationId,
        number,
        title: 'Сопровождение',
        calendarId: calendar.id,
        start: '2026-01-01',
        end: '2027-12-31',
        tier: '8x5',
        managerId: manager.id,
        serviceIds: [service.id],
      });
    const own = await agreement(client.id, 'B-1');
    const theirs = await agreement(others.id, 'B-2');
    const packClient = await createOrganization(system, { name: 'ООО Пакет' });
    const packed = await agreement(packClient.id, 'B-3');
    const november = Date.parse('2026-10-31T21:00:00Z');
    const october = Date.parse('2026-09-30T21:00:00Z');
    const month = 29 * 24 * 3600_000;
    const loadStart = performance.now();
    loadTickets(inst, {
      count: CLIENT_TICKETS,
      organizationId: client.id,
      agreementId: own.id,
      from: november,
      spanMs: month,
    });
    loadTickets(inst, {
      count: OTHER_TICKETS,
      organizationId: others.id,
      agreementId: theirs.id,
      from: november,
      spanMs: month,
    });
    loadTickets(inst, {
      count: PACK_TICKETS,
      organizationId: packClient.id,
      agreementId: packed.id,
      from: november,
      spanMs: month,
    });
    loadTickets(inst, {
      count: EXPORT_TICKETS,
      organizationId: others.id,
      agreementId: null,
      from: october,
      spanMs: month,
    });
    inst.database.sqlite.exec('ANALYZE');
    return {
      dataDir,
      managerId: manager.id,
      clientId: client.id,
      packAgreementId: packed.id,
      loadMs: performance.now() - loadStart,
    };
  } finally {
    await inst.close();
  }
}

/** Second process: a server that has just started serves the SLA report and the 100,000-line workbook. */
async function measure(seeded: Seeded): Promise<BenchRow[]> {
  const inst = await openInstallation({
    dataDir: seeded.dataDir,
    clock: fixedClock(NOW),
    overrides: { logLevel: 'warn' },
  });
  try {
    const ctx = inst.ctx({ kind: 'agent', id: seeded.managerId, role: 'manager', name: 'Manager', language: 'ru' });
    const slaQuery = {
      from: '2026-11-01',
      to: '2026-11-30',
      organizationId: seeded.clientId,
      groupBy: 'priority' as const,
    };
    await reportOutput(ctx, 'sla', slaQuery); // warm-up: calendars compiled, statements prepared
    const slaStart = performance.now();
    const sla = await reportOutput(ctx, 'sla', slaQuery);
    const slaMs = performance.now() - slaStart;
    const counted = sla.document.sections[0]!.table!.totals!.tickets as number;

    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const exportStart = performance.now();
    const output = await reportOutput(ctx, 'tickets', {
      from: '2026-10-01',
      to: '2026-10-31',
      groupBy: 'organization',
    });
    let bytes = 0;
    let lines = 0;
    const file = (await reportRenderers.xlsx!.render({
      ...output,
      details: { ...output.details, rows: counting(output.details.rows, () => (lines += 1)) },
    })) as Readable;
    await pipeline(
      file,
      new Writable({
        write(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          done();
        },
      }),
    );
    const exportMs = performance.now() - exportStart;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    // The monthly client pack as mailed: read, explained and drawn into a PDF, from a cold renderer. After the
    // export, so the export's RSS is its own.
    const packStart = performance.now();
    const pack = await reportOutput(ctx, 'client-pack', {
      from: '2026-11-01',
      to: '2026-11-30',
      agreementId: seeded.packAgreementId,
    });
    const packReadMs = performance.now() - packStart;
    const packPdf = (await reportRenderers.pdf!.render(pack)) as Buffer;
    const packMs = performance.now() - packStart;
    const packTickets = pack.document.sections[0]!.table!.rows.length;
    const packBreaches = pack.document.sections[2]!.table!.rows.length;

    const mb = (n: number) => n / 1024 / 1024;
    return [
      {
        name: `load ${CLIENT_TICKETS + OTHER_TICKETS + EXPORT_TICKETS} tickets (reference)`,
        value: Math.round(seeded.loadMs),
        unit: 'ms',
      },
      {
        name: `SLA report, a client's November (${counted} tickets)`,
        value: Math.round(slaMs),
        unit: 'ms',
        budget: '≤ 1,000 ms',
        pass: slaMs <= 1000 && counted >= CLIENT_TICKETS * 0.9,
      },
      {
        name: `client pack PDF, November: ${packTickets} tickets, ${packBreaches} breaches explained, ${Math.round(packPdf.length / 1024)} KiB (read ${Math.round(packReadMs)} ms)`,
        value: Math.round(packMs),
        unit: 'ms',
        budget: '≤ 3,000 ms',
        pass: packMs <= 3000 && packTickets >= PACK_TICKETS * 0.9,
      },
      {
        name: `XLSX of October: ${lines} ticket lines, ${Math.round(bytes / 1024)} KiB`,
        value: Math.round(exportMs),
        unit: 'ms',
        budget: '≤ 10,000 ms',
        pass: exportMs <= 10_000 && lines === EXPORT_TICKETS,
      },
      {
        name: `peak RSS of the process while exporting (${Math.round(mb(rssBefore))} MB before)`,
        value: Math.round(mb(peak)),
        unit: 'MB',
        budget: '≤ 250 MB',
        pass: mb(peak) <= 250,
      },
    ];
  } finally {
    await inst.close();
  }
}

async function* counting<T>(rows: AsyncIterable<T>, each: () => void): AsyncIterable<T> {
  for await (const row of rows) {
    each();
    yield row;
  }
}

const PHASE = 'ONDESK_REPORTS_BENCH_PHASE';

// `npm run bench` runs the compiled files; run on its own, this file is TypeScript and needs tsx (which adds
// some 60 MB of RSS of its own to the figure).
const fromSource = import.meta.url.endsWith('.ts') ? ['--import=tsx'] : [];

function child(phase: 'seed' | 'measure', input: unknown): unknown {
  const out = execFileSync(process.execPath, [...fromSource, fileURLToPath(import.meta.url)], {
    env: { ...process.env, [PHASE]: phase, ONDESK_REPORTS_BENCH_INPUT: JSON.stringify(input) },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

/** Seeds in one process and measures in a fresh one, so the RSS is the report's, not the loader's. */
export async function benchReports(): Promise<BenchRow[]> {
  const seeded = child('seed', null) as Seeded;
  try {
    return child('measure', seeded) as BenchRow[];
  } finally {
    rmSync(seeded.dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const phase = process.env[PHASE];
  if (phase === 'seed') console.log(JSON.stringify(await seed()));
  else if (phase === 'measure')
    console.log(JSON.stringify(await measure(JSON.parse(process.env.ONDESK_REPORTS_BENCH_INPUT!) as Seeded)));
  else {
    const rows = await benchReports();
    printBenchRows('Reports (real SQLite file, a process of its own)', rows);
    if (rows.some((r) => r.pass === false)) process.exitCode = 1;
  }
}
