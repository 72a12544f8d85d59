import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { ReportTable } from './report-document.js';
import type { ReportOutput } from './reports.service.js';

/**
 * Report files. Each format is a renderer of the same `ReportOutput` (the document, its summary table and
 * the per-ticket lines); the routes offer one download per renderer listed in `reportRenderers`, so a new
 * format (PDF) is one more entry there.
 */
export interface ReportRenderer {
  contentType: string;
  render(output: ReportOutput): Promise<Buffer | Readable>;
}

/** A cell a spreadsheet would run as a formula (=, +, -, @) is written as text: exports must not execute. */
const inert = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

type Cell = string | number | null;

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : inert(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV of the summary table (with its totals row), with a BOM so spreadsheet programs read the
 * Cyrillic right. Numbers stay raw: compliance as a 0..1 fraction, minutes whole.
 */
export function summaryCsv(table: ReportTable): string {
  const keys = table.columns.map((c) => c.key);
  const lines = [table.columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of [...table.rows, ...(table.totals ? [table.totals] : [])])
    lines.push(keys.map((k) => csvCell(row[k] ?? null)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const xlsxValue = (value: Cell | undefined, format: string | undefined): Cell =>
  value === null || value === undefined
    ? null
    : typeof value === 'string'
      ? inert(value)
      : format === 'money'
        ? value / 100
        : value;

/** Sheet names are at most 31 characters and without : \ / ? * [ ]. */
const sheetName = (title: string) =>
  title
    .replace(/:\s*/g, ' – ')
    .replace(/[\\/?*[\]]/g, ' ')
    .slice(0, 31);

/**
 * Rows come from the database without ever leaving the microtask queue, while the compressor finishes its
 * work in macrotasks: unchecked, the whole sheet would pile up in memory in front of it. So every few hundred
 * rows the writer waits until the zip entry has taken what it was given — which also waits for a slow client,
 * since the zip stops reading when the response is full. exceljs keeps that entry's input as the first pipe
 * of the sheet's buffer (an internal); without it, the writer still yields a turn of the event loop.
 */
async function letTheZipCatchUp(sheet: unknown, out: PassThrough) {
  const entry = (sheet as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as Writable | undefined;
  await new Promise((resolve) => setImmediate(resolve));
  while (entry?.writableNeedDrain && !out.destroyed) await once(entry, 'drain');
  while (out.writableNeedDrain && !out.destroyed) await once(out, 'drain');
}

type ZipAppend = (source: unknown, data: { name: string; date?: Date }) => unknown;

/**
 * A workbook writer whose book and every zip entry are dated by the report, not by the wall clock: the same
 * report renders to the same bytes, so a delivery rendered again after a restart is stored once (the store keeps
 * files by content). exceljs hands its zip writer no entry dates (archiver then stamps each entry "now") and
 * appends its first entries in its constructor, so the zip's append is wrapped at the first of those.
 */
async function datedWorkbookWriter(
  at: Date,
  options: { stream: PassThrough; useStyles: boolean; useSharedStrings: boolean },
) {
  const { default: ExcelJS } = await import('exceljs');
  class DatedWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
    override addThemes() {
      const zip = (this as unknown as { zip: { append: ZipAppend } }).zip;
      const append = zip.append.bind(zip);
      zip.append = (source, data) => append(source, { ...data, date: at });
      return super.addThemes();
    }
  }
  const book = new DatedWorkbookWriter(options);
  book.created = at;
  book.modified = at;
  return book;
}

/**
 * The workbook, written as it streams: the summary sheet (figures, totals, then what they mean), then one row
 * per ticket read page by page — a 100,000-ticket period never sits in memory whole.
 */
export async function reportXlsx(output: ReportOutput): Promise<Readable> {
  const stream = new PassThrough();
  // No styles: exceljs hashes every cell's style as it writes, and at 100,000 lines that garbage alone costs
  // some 35 MB of RSS and a third of the time. Figures stay raw numbers (compliance a 0..1 fraction, as in CSV).
  const book = await datedWorkbookWriter(new Date(output.document.generatedAt), {
    stream,
    useStyles: false,
    useSharedStrings: false,
  });
  book.creator = 'Ondesk';
  const write = async () => {
    const { document, summary, details } = output;
    const first = book.addWorksheet(sheetName(output.summarySheet ?? document.title));
    first.columns = summary.columns.map((c, i) => ({
      header: c.label,
      key: c.key,
      width: i === 0 ? 28 : 16,
    }));
    first.getRow(1).commit();
    const cells = (row: Record<string, Cell>) =>
      Object.fromEntries(summary.columns.map((c) => [c.key, xlsxValue(row[c.key], c.format)]));
    for (const row of summary.rows) first.addRow(cells(row)).commit();
    if (summary.totals) {
      first.addRow(cells(summary.totals)).commit();
    }
    first.addRow([]).commit();
    first.addRow([document.periodLabel]).commit();
    for (const line of document.sections.flatMap((s) => s.definitions ?? [])) first.addRow([line]).commit();
    first.commit();

    const sheet = book.addWorksheet(details.sheet);
    sheet.columns = details.columns.map((c) => ({
      header: c.label,
      key: c.key,
      width: c.key === 'subject' ? 40 : 16,
    }));
    sheet.getRow(1).commit();
    let written = 0;
    for await (const row of details.rows) {
      sheet.addRow(details.columns.map((c) => xlsxValue(row[c.key], c.format))).commit();
      if (++written % 200 === 0) await letTheZipCatchUp(sheet, stream);
    }
    sheet.commit();
    for (const extra of output.extraSheets ?? []) {
      const more = book.addWorksheet(sheetName(extra.sheet));
      more.columns = extra.table.columns.map((c) => ({
        header: c.label,
        key: c.key,
        width: c.format === 'text' ? 40 : 16,
      }));
      more.getRow(1).commit();
      for (const row of [...extra.table.rows, ...(extra.table.totals ? [extra.table.totals] : [])])
        more.addRow(extra.table.columns.map((c) => xlsxValue(row[c.key], c.format))).commit();
      more.commit();
    }
    await book.commit();
  };
  write().catch((err: unknown) => stream.destroy(err as Error));
  return stream;
}

export const reportRenderers: Record<string, ReportRenderer> = {
  csv: { contentType: 'text/csv; charset=utf-8', render: async (output) => Buffer.from(summaryCsv(output.summary)) },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    render: reportXlsx,
  },
  // A PDF with the charts drawn as vectors (render/): what is mailed looks like the screen. ECharts, pdfkit and
  // the fonts load on the first PDF, not with the server: they would cost the idle desk tens of megabytes.
  pdf: {
    contentType: 'application/pdf',
    render: async (output) => (await import('./render/index.js')).renderReportPdf(output.document),
  },
};
