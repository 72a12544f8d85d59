import type { ReportTable } from '../report-document.js';
import { formatCell, type ReportLanguage } from './cell-format.js';
import { formatCount, pdfText } from './pdf-text.js';
import type { PdfLayout } from './pdf-layout.js';

/**
 * At most this many rows of one table go into a PDF (about 25 A4 pages): a PDF is read, not searched; the
 * CSV/XLSX of the same report carries every row, and the PDF says so under the cut table.
 */
export const PDF_TABLE_ROW_LIMIT = 1000;

const fontSize = 8.5;
const pad = 3;
/** A cell taller than this is cut with an ellipsis, so one row can never outgrow a page. */
const maxRowHeight = 120;
const headerFill = '#eef1f6';
const stripeFill = '#f8f9fb';
const ruleColor = '#c9ced6';

const numeric = (format: string | undefined) =>
  format === 'int' || format === 'percent' || format === 'minutes' || format === 'money';

/**
 * Column widths that fill `available`: each column wants its natural width (its widest text); when they do
 * not fit, the columns wider than a fair share give up room in proportion, so narrow figures stay unwrapped.
 * Pure.
 */
export function fitColumnWidths(natural: number[], available: number, minimum = 36): number[] {
  if (natural.length === 0) return [];
  const wanted = natural.map((w) => Math.max(minimum, w));
  const total = wanted.reduce((a, b) => a + b, 0);
  if (total <= available) {
    const extra = (available - total) / wanted.length;
    return wanted.map((w) => w + extra);
  }
  const fair = available / wanted.length;
  const narrow = wanted.filter((w) => w <= fair).reduce((a, b) => a + b, 0);
  const wide = total - narrow;
  const room = Math.max(0, available - narrow);
  return wanted.map((w) => (w <= fair ? w : (w / wide) * room));
}

/** Draws a report table from the layout's cursor, breaking pages between rows and repeating the header. */
export async function drawTable(layout: PdfLayout, table: ReportTable, language: ReportLanguage): Promise<void> {
  const { doc } = layout;
  const rows = table.rows.slice(0, PDF_TABLE_ROW_LIMIT);
  const cells = (row: Record<string, string | number | null>) =>
    table.columns.map((c) => formatCell(row[c.key], c.format, language));
  const body = rows.map(cells);
  // A totals row leaves blank what has no total (a dash there would read as "no value").
  const totalsRow = table.totals;
  const totals = totalsRow
    ? table.columns.map((c) => (totalsRow[c.key] == null ? '' : formatCell(totalsRow[c.key], c.format, language)))
    : undefined;
  const headers = table.columns.map((c) => c.label);

  // Natural widths from the header and the first rows: enough to judge, cheap on long tables.
  doc.fontSize(fontSize);
  const natural = table.columns.map((_, i) => {
    doc.font(layout.bold);
    let width = doc.widthOfString(headers[i]!);
    if (totals) width = Math.max(width, doc.widthOfString(totals[i]!));
    doc.font(layout.regular);
    for (const row of body.slice(0, 200)) width = Math.max(width, doc.widthOfString(row[i]!));
    return width + 2 * pad + 1;
  });
  const widths = fitColumnWidths(natural, layout.contentWidth);
  const aligns = table.columns.map((c) => c.align ?? (numeric(c.format) ? 'right' : 'left'));

  // Most cells are one line: measured by width alone; only the wider ones go through line wrapping.
  const fitsOneLine = (text: string, i: number) => doc.widthOfString(text) <= widths[i]! - 2 * pad;
  const rowHeight = (texts: string[], font: string) => {
    doc.font(font).fontSize(fontSize);
    let height = doc.currentLineHeight(true);
    texts.forEach((text, i) => {
      if (!fitsOneLine(text, i)) height = Math.max(height, doc.heightOfString(text, { width: widths[i]! - 2 * pad }));
    });
    return Math.min(maxRowHeight, height) + 2 * pad;
  };
  const drawRow = (texts: string[], font: string, height: number, fill?: string) => {
    const top = doc.y;
    if (fill) doc.rect(layout.left, top, layout.contentWidth, height).fill(fill);
    doc.fillColor('#222222').font(font).fontSize(fontSize);
    let x = layout.left;
    texts.forEach((text, i) => {
      const width = widths[i]! - 2 * pad;
      const options: PDFKit.Mixins.TextOptions = fitsOneLine(text, i)
        ? { width, align: aligns[i], lineBreak: false }
        : { width, align: aligns[i], height: height - 2 * pad, ellipsis: true };
      doc.text(text, x + pad, top + pad, options);
      x += widths[i]!;
    });
    doc.y = top + height;
  };
  const rule = (color = ruleColor) => {
    doc
      .moveTo(layout.left, doc.y)
      .lineTo(layout.left + layout.contentWidth, doc.y)
      .lineWidth(0.5)
      .strokeColor(color)
      .stroke();
  };
  const headerHeight = rowHeight(headers, layout.bold);
  const drawHeader = () => {
    drawRow(headers, layout.bold, headerHeight, headerFill);
    rule('#8a93a3');
  };

  // The header never stands alone at the foot of a page: it goes with at least its first row.
  const firstHeight = body[0] ? rowHeight(body[0], layout.regular) : 0;
  if (!layout.fits(headerHeight + firstHeight)) await layout.newPage();
  drawHeader();
  for (let r = 0; r < body.length; r++) {
    const height = rowHeight(body[r]!, layout.regular);
    if (!layout.fits(height)) {
      await layout.newPage();
      drawHeader();
    }
    drawRow(body[r]!, layout.regular, height, r % 2 ? stripeFill : undefined);
  }
  if (totals) {
    const height = rowHeight(totals, layout.bold);
    if (!layout.fits(height)) {
      await layout.newPage();
      drawHeader();
    }
    rule('#8a93a3');
    drawRow(totals, layout.bold, height);
  }
  rule();
  if (table.rows.length > rows.length) {
    const note = pdfText(language).truncated(
      formatCount(rows.length, language),
      formatCount(table.rows.length, language),
    );
    doc.font(layout.regular).fontSize(8.5).fillColor('#8a4b00');
    await layout.ensure(doc.heightOfString(note, { width: layout.contentWidth }) + 4);
    doc.text(note, layout.left, doc.y + 4, { width: layout.contentWidth });
  }
}
