import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDF_TABLE_ROW_LIMIT, renderReportPdf } from '../../../server/modules/reports/render/index.js';
import type { ReportDocument } from '../../../server/modules/reports/report-document.js';
import { monthlyPack, ticketTable } from './sample-report.js';

/** Checked with poppler's own tools, as a reader's viewer would see the file. */
const dir = mkdtempSync(join(tmpdir(), 'ondesk-report-pdf-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function save(pdf: Buffer): string {
  const file = join(dir, `report-${++files}.pdf`);
  writeFileSync(file, pdf);
  return file;
}
// No-break spaces inside figures read as spaces.
const text = (file: string, page?: number) =>
  execFileSync('pdftotext', [...(page ? ['-f', `${page}`, '-l', `${page}`] : []), '-layout', file, '-'], {
    encoding: 'utf8',
  }).replace(/[\u00a0\u202f]/g, ' ');
const pages = (file: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);

t.test('the monthly pack: headings in Cyrillic, figures, the charts as vector text, embedded DejaVu', async (t) => {
  const pdf = await renderReportPdf(monthlyPack(300));
  t.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const file = save(pdf);
  const all = text(file);
  for (const expected of [
    'Ежемесячный отчёт для клиента',
    'ООО «Ромашка», договор 2026-014',
    'Период: 1–30 ноября 2026',
    'Соблюдение SLA по приоритетам',
    'Медиана и p90 — в рабочих минутах.',
    // table figures in their formats
    '87,5 %',
    '1 ч 30 мин',
    '1 234',
    '250 000,00 ₽',
    '2 500,00 ₽',
    // the charts: title, axis, legend, values on the bars
    'Соблюдение SLA',
    '100 %',
    'Реакция',
    'Неоплачиваемые',
    'Неделя 4',
    '8,5 ч',
    'Заявки периода',
    '#1300',
    '205 ч 45 мин',
  ]) {
    t.ok(all.includes(expected), `"${expected}" is in the PDF's text`);
  }
  const page1 = text(file, 1);
  t.match(page1, /P1\s+P2\s+P3\s+P4/, 'the bar chart axis names its categories in order');
  t.match(page1, /Сформировано 1 декабря 2026 г\. в 06:00 UTC/, 'generated-at in the footer');
  t.match(page1, new RegExp(`Страница 1 из ${pages(file)}`), 'page numbers');

  // The charts are vector shapes, not pictures: poppler's SVG of page 1 has the bars in the series colours.
  const svgFile = join(dir, 'page-1.svg');
  execFileSync('pdftocairo', ['-svg', '-f', '1', '-l', '1', file, svgFile]);
  const fills = [...readFileSync(svgFile, 'utf8').matchAll(/fill:rgb\(([\d.]+)%,([\d.]+)%,([\d.]+)%\)/g)].map(
    (m) =>
      '#' +
      m
        .slice(1, 4)
        .map((p) =>
          Math.round(Number(p) * 2.55)
            .toString(16)
            .padStart(2, '0'),
        )
        .join(''),
  );
  const blue = fills.filter((f) => f === '#2f6fde').length;
  const orange = fills.filter((f) => f === '#f0a020').length;
  t.same([blue, orange], [5, 5], 'the SLA chart: 4 bars and a legend mark per series');
  const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  t.same(images, [], 'no raster images: every chart is drawn as vectors and text');

  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  t.ok(fonts.length >= 2, 'regular and bold');
  for (const line of fonts) {
    t.match(line, /^[A-Z]{6}\+DejaVuSans(-Bold)?\s/, 'DejaVu Sans, subset');
    t.match(line, /\s+yes\s+yes\s+yes\s+\d+\s+\d+$/, 'embedded (emb yes)');
  }
});

t.test('an English report: en formats and words', async (t) => {
  const report: ReportDocument = {
    title: 'SLA compliance',
    periodLabel: '1–30 November 2026',
    generatedAt: '2026-12-01T06:00:00Z',
    language: 'en',
    sections: [
      {
        heading: 'By priority',
        chart: {
          kind: 'bar',
          categories: ['P1', 'P2'],
          series: [{ name: 'Resolution', values: [0.95, 0.5] }],
          unit: 'percent',
        },
        table: {
          columns: [
            { key: 'p', label: 'Priority' },
            { key: 'c', label: 'Compliance', format: 'percent' },
            { key: 'm', label: 'Median', format: 'minutes' },
            { key: 'a', label: 'Amount', format: 'money' },
          ],
          rows: [{ p: 'P1', c: 0.95, m: 90, a: 250000 }],
        },
      },
      {
        heading: 'By channel',
        chart: {
          kind: 'pie',
          categories: ['Email', 'Portal'],
          series: [{ name: 'Tickets', values: [50, 30] }],
        },
      },
      { heading: 'Reopened', chart: { kind: 'bar', categories: [], series: [] }, table: { columns: [], rows: [] } },
    ],
  };
  const file = save(await renderReportPdf(report));
  const all = text(file);
  for (const expected of [
    'SLA compliance',
    'Period: 1–30 November 2026',
    '95.0%',
    '1 h 30 min',
    '₽2,500.00',
    'Email: 50',
    'Portal: 30',
  ]) {
    t.ok(all.includes(expected), `"${expected}"`);
  }
  t.match(all, /95%/, 'the chart value label');
  t.match(all, /Generated 1 December 2026 at 06:00 UTC/);
  t.match(all, /Reopened\s+No data for this period\./, 'an empty section says so instead of bare axes');
  t.match(all, /Page 1 of \d/);
});

t.test('a 200-row table spans pages: rows whole, the header on every page', async (t) => {
  const report: ReportDocument = {
    ...monthlyPack(0),
    sections: [{ heading: 'Заявки периода', table: ticketTable(200) }],
  };
  const file = save(await renderReportPdf(report));
  const count = pages(file);
  t.ok(count >= 4, `${count} pages`);
  const seen = new Set<string>();
  for (let page = 1; page <= count; page++) {
    const pageText = text(file, page);
    t.match(pageText, /№\s+Тема\s+Приоритет\s+Решение\s+Сумма/, `the header on page ${page}`);
    t.match(pageText, new RegExp(`Страница ${page} из ${count}`));
    for (const [, number] of pageText.matchAll(/#(\d{4})\s+Заявка (\d+):/g)) {
      t.notOk(seen.has(number!), `#${number} once`);
      seen.add(number!);
    }
    // A row is never cut: every number on the page has its amount on the same page.
    const numbers = [...pageText.matchAll(/#\d{4}/g)].length;
    const amounts = [...pageText.matchAll(/\d ₽/g)].length;
    t.equal(amounts, numbers + (page === count ? 1 : 0), `page ${page}: every row whole (and totals at the end)`);
  }
  t.equal(seen.size, 200, 'every row printed');
});

t.test('10,000 rows: cut at the PDF limit with a pointer to the XLSX, the event loop keeps turning', async (t) => {
  const report: ReportDocument = {
    ...monthlyPack(0),
    sections: [{ heading: 'Заявки периода', table: ticketTable(10_000) }],
  };
  let last = performance.now();
  let longestGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  const pdf = await renderReportPdf(report);
  const elapsed = performance.now() - started;
  clearInterval(ticker);
  const file = save(pdf);
  const all = text(file);
  t.ok(all.includes(`#${1000 + PDF_TABLE_ROW_LIMIT}`), 'the last row within the limit');
  t.notOk(all.includes(`#${1001 + PDF_TABLE_ROW_LIMIT}`), 'none past it');
  t.match(all, /Показаны первые 1 000 строк из 10 000\. Полный список — в файле XLSX этого отчёта\./);
  // Page by page: no turn of the loop waits for the whole document (generous for a loaded test machine).
  t.ok(
    longestGap < Math.max(400, elapsed / 4),
    `longest wait ${Math.round(longestGap)} ms of ${Math.round(elapsed)} ms`,
  );
});
