/**
 * The monthly client pack as a PDF: 4 sections, 3 charts (bar, line, stacked bar) drawn from their SVG, a
 * 300-row ticket table over several pages, fonts embedded. The first render in a process (fonts read, ECharts
 * warmed up) is the one a mailing job pays; later ones show the steady cost.
 */
import { pathToFileURL } from 'node:url';
import { renderReportPdf } from '../../server/modules/reports/render/index.js';
import { monthlyPack } from '../reports/render/sample-report.js';
import type { BenchRow } from './business-time.bench.js';
import { printBenchRows } from './business-time.bench.js';

const ROWS = Number(process.env.BENCH_REPORT_PDF_ROWS ?? 300);

export async function benchReportPdf(): Promise<BenchRow[]> {
  const report = monthlyPack(ROWS);
  let started = performance.now();
  const first = await renderReportPdf(report);
  const firstMs = performance.now() - started;
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    started = performance.now();
    await renderReportPdf(report);
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  const median = runs[2]!;
  return [
    {
      name: `monthly pack PDF, first in the process (3 charts, ${ROWS}-row table, ${Math.round(first.length / 1024)} KB)`,
      value: Math.round(firstMs),
      unit: 'ms',
      budget: '≤ 3,000 ms',
      pass: firstMs <= 3000,
    },
    {
      name: 'the same PDF again (median of 5)',
      value: Math.round(median),
      unit: 'ms',
      budget: '≤ 3,000 ms',
      pass: median <= 3000,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printBenchRows('Report PDF', await benchReportPdf());
}
