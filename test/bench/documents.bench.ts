/**
 * Documents: an act of 100 lines (100 tickets of billable work) issued — data only, and with its PDF — and
 * the monthly run of invoices and acts for 500 clients with work logged in November. Real SQLite file,
 * services as in production (work logged and priced by the rate cards, group commit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openInstallation } from '../../server/installation.js';
import { fixedClock } from '../../server/shared/clock.js';
import type { Actor } from '../../server/context.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createTicket } from '../../server/modules/tickets/index.js';
import { logWork } from '../../server/modules/worklogs/worklogs.service.js';
import { createCard } from '../../server/modules/rates/rates.service.js';
import { createEntity } from '../../server/modules/documents/legal-entities.service.js';
import { issueAct, stornoAct } from '../../server/modules/documents/documents.service.js';
import { documentPdf } from '../../server/modules/documents/document-files.js';
import { monthlyRun } from '../../server/modules/documents/monthly-run.js';
import type { BenchRow } from './business-time.bench.js';
import { printBenchRows } from './business-time.bench.js';

const CLIENTS = Number(process.env.BENCH_DOCUMENT_CLIENTS ?? 500);
const ROUNDS = Number(process.env.BENCH_DOCUMENT_ROUNDS ?? 20);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;

export async function benchDocuments(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-documents-bench-'));
  const clock = fixedClock('2026-11-30T09:00:00Z');
  const inst = await openInstallation({ dataDir, clock, overrides: { logLevel: 'warn' } });
  try {
    const system = inst.ctx();
    const agentOf = async (role: 'engineer' | 'accountant') => {
      const row = await createAgent(system, { email: `${role}@bench.ondesk`, name: role, role });
      const actor: Actor = { kind: 'agent', id: row.id, role, name: role, language: 'ru' };
      return inst.ctx(actor);
    };
    const engineer = await agentOf('engineer');
    const accountant = await agentOf('accountant');
    await createCard(system, { rateKopecks: 250_000 });
    const entity = await createEntity(accountant, {
      name: 'Общество с ограниченной ответственностью «Ондеск Сервис»',
      shortName: 'ООО «Ондеск Сервис»',
      inn: '7707083893',
      kpp: '773601001',
      ogrn: '1027700132195',
      address: 'г. Москва, ул. Вавилова, д. 19',
      bankName: 'ПАО Сбербанк',
      bik: '044525225',
      corrAccount: '30101810400000000225',
      settlementAccount: '40702810938000012345',
      directorName: 'Иванов Иван Иванович',
      directorPosition: 'Генеральный директор',
    });
    const work = async (organizationId: number, i: number, workDate: string) => {
      const ticket = await createTicket(engineer, {
        subject: `Заявка ${i}: не проводится документ`,
        description: '—',
        organizationId,
        type: 'request',
        priority: 'P3',
      });
      await logWork(engineer, { ticketId: ticket.id, minutes: 30 + ((i * 17) % 150), workDate, billable: true });
    };

    // One client with 100 tickets of November work: an act of 100 lines, reversed after each round.
    const big = await createOrganization(system, { name: 'ООО Большой клиент' });
    await Promise.all(Array.from({ length: 100 }, (_, i) => work(big.id, i, '2026-11-10')));
    const body = {
      organizationId: big.id,
      entityId: entity.id,
      from: '2026-11-01',
      to: '2026-11-30',
      include: ['worklogs' as const],
    };
    // The PDF code and fonts load with the first PDF of the process: measured apart, then the steady state.
    const warm = await issueAct(accountant, body);
    const firstStart = performance.now();
    await documentPdf(accountant, warm.id, true);
    const firstPdfMs = performance.now() - firstStart;
    await stornoAct(accountant, warm.id, {});
    const dataOnly: number[] = [];
    const withPdf: number[] = [];
    const pdfOnly: number[] = [];
    let lines = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const act = await issueAct(accountant, body);
      dataOnly.push(performance.now() - started);
      await stornoAct(accountant, act.id, {});
      const again = performance.now();
      const act2 = await issueAct(accountant, body);
      const rendering = performance.now();
      const pdf = await documentPdf(accountant, act2.id, true);
      pdfOnly.push(performance.now() - rendering);
      withPdf.push(performance.now() - again);
      lines = (
        JSON.parse(
          (
            await inst.database.db
              .selectFrom('documents')
              .select('snapshot')
              .where('id', '=', act2.id)
              .executeTakeFirstOrThrow()
          ).snapshot,
        ) as { lines: unknown[] }
      ).lines.length;
      if (pdf.bytes.length < 1000) throw new Error('the PDF is empty');
      await stornoAct(accountant, act2.id, {});
    }

    // 500 clients with two tickets of November work each.
    const setupStart = performance.now();
    for (let i = 0; i < CLIENTS; i += 50)
      await Promise.all(
        Array.from({ length: Math.min(50, CLIENTS - i) }, async (_, j) => {
          const org = await createOrganization(system, { name: `Клиент ${i + j}` });
          await work(org.id, (i + j) * 2, '2026-11-05');
          await work(org.id, (i + j) * 2 + 1, '2026-11-25');
        }),
      );
    const setupMs = performance.now() - setupStart;
    clock.set('2026-12-01T04:00:00Z');
    const runStart = performance.now();
    const run = await monthlyRun(accountant, { month: '2026-11', entityId: entity.id });
    const runMs = performance.now() - runStart;
    const againStart = performance.now();
    const again = await monthlyRun(accountant, { month: '2026-11', entityId: entity.id });
    const againMs = performance.now() - againStart;
    return [
      {
        name: `act of ${lines} lines, data only, p95 of ${ROUNDS}`,
        value: Math.round(p95(dataOnly)),
        unit: 'ms',
        budget: '≤ 500 ms',
        pass: p95(dataOnly) <= 500,
      },
      {
        name: `act of ${lines} lines with its PDF, p95 of ${ROUNDS}`,
        value: Math.round(p95(withPdf)),
        unit: 'ms',
        budget: '≤ 500 ms',
        pass: p95(withPdf) <= 500,
      },
      { name: 'the first PDF of the process (loads pdfkit and fonts)', value: Math.round(firstPdfMs), unit: 'ms' },
      { name: `its PDF alone (render of the snapshot), p95`, value: Math.round(p95(pdfOnly)), unit: 'ms' },
      { name: `its PDF alone, median`, value: Math.round(median(pdfOnly)), unit: 'ms' },
      { name: `setup: ${CLIENTS} clients with November work (reference)`, value: Math.round(setupMs), unit: 'ms' },
      {
        name: `monthly run: ${run.created.length} documents for ${CLIENTS} clients (${run.failed.length} failed)`,
        value: Math.round(runMs),
        unit: 'ms',
        budget: '≤ 60,000 ms',
        pass: runMs <= 60_000 && run.failed.length === 0 && run.created.length >= CLIENTS * 2,
      },
      { name: `the same run again (${again.created.length} documents)`, value: Math.round(againMs), unit: 'ms' },
    ];
  } finally {
    await inst.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printBenchRows('Documents', await benchDocuments());
}
