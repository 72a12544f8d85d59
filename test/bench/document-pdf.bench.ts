/**
 * Document PDFs: an act with 100 lines (four A4 pages, every font embedded) and an invoice with its payment QR,
 * rendered from their frozen snapshots as `GET /documents/:id.pdf` does. The first render in a process also
 * loads pdfkit, the fonts and the QR encoder; the p50/p95 that follow are what each download costs. Budget of
 * issue 16: a 100-line act ≤ 500 ms p95.
 */
import { pathToFileURL } from 'node:url';
import { renderDocumentPdf } from '../../server/modules/documents/render/index.js';
import { act, imageStore, invoice } from '../documents/render-fixtures.js';
import type { BenchRow } from './business-time.bench.js';
import { printBenchRows } from './business-time.bench.js';

const RUNS = Number(process.env.BENCH_DOCUMENT_PDF_RUNS ?? 30);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function timeRuns(render: () => Promise<Buffer>): Promise<{ p50: number; p95: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    bytes = (await render()).length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), bytes };
}

export async function benchDocumentPdf(): Promise<BenchRow[]> {
  const images = imageStore();
  const longAct = act({}, 100);
  const bill = invoice();
  const opts = { stamp: true, ...images };

  const started = performance.now();
  await renderDocumentPdf(longAct, opts);
  const firstMs = performance.now() - started;

  const actRuns = await timeRuns(() => renderDocumentPdf(longAct, opts));
  const invoiceRuns = await timeRuns(() => renderDocumentPdf(bill, opts));
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  return [
    {
      name: 'act with 100 lines, first in the process (pdfkit, fonts and QR encoder load)',
      value: Math.round(firstMs),
      unit: 'ms',
      // The same allowance as the report PDF's first render: most of it is loading pdfkit, paid once.
      budget: '≤ 3,000 ms',
      pass: firstMs <= 3000,
    },
    {
      name: `act with 100 lines, stamp and signature, p50 of ${RUNS} (${kb(actRuns.bytes)})`,
      value: Math.round(actRuns.p50),
      unit: 'ms',
      budget: '≤ 500 ms',
      pass: actRuns.p50 <= 500,
    },
    {
      name: `act with 100 lines, p95 of ${RUNS}`,
      value: Math.round(actRuns.p95),
      unit: 'ms',
      budget: '≤ 500 ms',
      pass: actRuns.p95 <= 500,
    },
    {
      name: `invoice with payment QR, stamp and signatures, p50 of ${RUNS} (${kb(invoiceRuns.bytes)})`,
      value: Math.round(invoiceRuns.p50),
      unit: 'ms',
      budget: '≤ 500 ms',
      pass: invoiceRuns.p50 <= 500,
    },
    {
      name: `invoice with payment QR, p95 of ${RUNS}`,
      value: Math.round(invoiceRuns.p95),
      unit: 'ms',
      budget: '≤ 500 ms',
      pass: invoiceRuns.p95 <= 500,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printBenchRows('Document PDF', await benchDocumentPdf());
}
