import { benchBusinessTime, printBenchRows, type BenchRow } from './business-time.bench.js';
import { benchSlaSweep } from './sla-sweep.bench.js';
import { benchMailIngest } from './mail-ingest.bench.js';
import { benchPackagePeriods } from './package-periods.bench.js';
import { benchReports } from './reports.bench.js';
import { benchReportPdf } from './report-pdf.bench.js';
import { benchDashboards } from './dashboards.bench.js';
import { benchDocumentPdf } from './document-pdf.bench.js';
import { benchDocuments } from './documents.bench.js';
import { benchPortal } from './portal.bench.js';
import { benchSurveys } from './surveys.bench.js';
import { benchWebForm } from './web-form.bench.js';
import { benchSettlements } from './settlements.bench.js';
import { benchUiLoad } from './ui-load.bench.js';
import { benchBoard } from './board.bench.js';
import { benchDuty } from './duty.bench.js';
import { benchEscalation } from './escalation.bench.js';
import { benchWebhooks } from './webhooks.bench.js';
import { benchDutyPay } from './duty-pay.bench.js';
import { benchIntegrationApi } from './integration-api.bench.js';
import { benchCluster } from './cluster.bench.js';
import { benchTicketInsert } from './ticket-insert.bench.js';

/** Benchmarks of the pure engines and jobs, added by each domain; run after the HTTP benchmark. */
const benches: Array<[key: string, title: string, run: () => Promise<BenchRow[]>]> = [
  ['business-time', 'Business-time engine (one core, instants as epoch ms)', benchBusinessTime],
  ['sla-sweep', 'SLA sweep (real SQLite file, services as in production)', benchSlaSweep],
  [
    'ticket-insert',
    'Ticket insert in SQLite (the desk’s row, 100,000 tickets over 50 clients, transactions of 32; no HTTP)',
    benchTicketInsert,
  ],
  ['mail-ingest', 'Inbound mail (SMTP receiver, real SQLite file)', benchMailIngest],
  ['packages', 'Hour packages (real SQLite file, services as in production)', benchPackagePeriods],
  ['reports', 'Reports (real SQLite file, a process of their own)', benchReports],
  ['report-pdf', 'Report PDF (monthly client pack, charts and fonts embedded)', benchReportPdf],
  ['dashboards', 'Dashboards (1,000,000 tickets, real SQLite file, uncached)', benchDashboards],
  ['document-pdf', 'Document PDF (100-line act, invoice with payment QR; fonts embedded)', benchDocumentPdf],
  ['documents', 'Documents (100-line act, monthly run of 500 clients; real SQLite file)', benchDocuments],
  ['portal', 'Client portal pages (100,000 tickets over 200 clients, real server, a contact’s cookie)', benchPortal],
  ['surveys', 'Satisfaction surveys (5,000 resolved tickets, real SQLite file, score links)', benchSurveys],
  ['web-form', 'Web form (submit through a real server, pre-solved proofs; verify alone)', benchWebForm],
  ['settlements', 'Money (10 MB bank statement, 500 clients, 20,000 worklogs; real SQLite file)', benchSettlements],
  ['ui-load', 'Desk first load in Chromium (100,000 tickets, empty cache, after sign-in)', benchUiLoad],
  ['board', 'Kanban board (100,000 tickets, real server; the page in Chromium)', benchBoard],
  ['duty', 'Duty schedules (on-call lookup, 5 layers × 90 days of shifts; service on SQLite)', benchDuty],
  ['escalation', 'Escalation (night P1 routed and paged, the minute job; real SQLite file)', benchEscalation],
  ['webhooks', 'Webhooks (10 endpoints, loopback receiver, 1,000,000-row log; real SQLite)', benchWebhooks],
  ['duty-pay', 'Support lines and on-call pay (night split, monthly report, line moves; real SQLite)', benchDutyPay],
  [
    'integration-api',
    'Integration API (Idempotency-Key, events feed over 300,000 events, long-poll, rate limiter; real server)',
    benchIntegrationApi,
  ],
  [
    'cluster',
    'Two nodes on one PostgreSQL (real serve processes, 32 connections; queue view one node vs two)',
    benchCluster,
  ],
];

/** `BENCH_ONLY=reports,dashboards` runs just those. */
export async function extraBenches(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((k) => k.trim());
  for (const [key, title, run] of benches) if (!only || only.includes(key)) printBenchRows(title, await run());
}
