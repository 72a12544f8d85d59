import { benchBusinessTime, printBenchRows } from './business-time.bench.js';
import { benchSlaSweep } from './sla-sweep.bench.js';
import { benchMailIngest } from './mail-ingest.bench.js';
import { benchPackagePeriods } from './package-periods.bench.js';
import { benchReports } from './reports.bench.js';
import { benchReportPdf } from './report-pdf.bench.js';

/** Benchmarks of the pure engines and jobs, added by each domain; run after the HTTP benchmark. */
export async function extraBenches(): Promise<void> {
  printBenchRows('Business-time engine (one core, instants as epoch ms)', await benchBusinessTime());
  printBenchRows('SLA sweep (real SQLite file, services as in production)', await benchSlaSweep());
  printBenchRows('Inbound mail (SMTP receiver, real SQLite file)', await benchMailIngest());
  printBenchRows('Hour packages (real SQLite file, services as in production)', await benchPackagePeriods());
  printBenchRows('Reports (real SQLite file, a process of their own)', await benchReports());
  printBenchRows('Report PDF (monthly client pack, charts and fonts embedded)', await benchReportPdf());
}
