import SVGtoPDF from 'svg-to-pdfkit';
import type { ReportDocument, ReportSection } from '../report-document.js';
import { chartSvg, pdfChartSize } from './chart-svg.js';
import { drawTable } from './pdf-table.js';
import { PdfLayout } from './pdf-layout.js';
import { formatGeneratedAt, pdfText } from './pdf-text.js';

/**
 * A report as an A4 PDF: header (title, subtitle, period), then per section its heading, its definitions, its
 * chart (vector, drawn from the chart's SVG, so its labels are text in the PDF) and its table; page numbers
 * and the time it was generated at the foot of every page. Fonts embedded (DejaVu Sans): it reads the same on
 * any machine. Long tables are cut at PDF_TABLE_ROW_LIMIT rows, with a line pointing to the XLSX.
 */
export async function renderReportPdf(report: ReportDocument): Promise<Buffer> {
  const layout = new PdfLayout({ title: report.title, createdAt: new Date(report.generatedAt) });
  drawHeader(layout, report);
  for (const section of report.sections) await drawSection(layout, section, report.language);
  const words = pdfText(report.language);
  layout.footer(words.generated(formatGeneratedAt(report.generatedAt, report.language)), words.page);
  return layout.finish();
}

function drawHeader(layout: PdfLayout, report: ReportDocument): void {
  const { doc } = layout;
  const width = layout.contentWidth;
  doc.font(layout.bold).fontSize(18).fillColor('#111827').text(report.title, layout.left, doc.y, { width });
  if (report.subtitle) {
    doc.moveDown(0.2).font(layout.regular).fontSize(11).fillColor('#374151').text(report.subtitle, { width });
  }
  doc
    .moveDown(0.2)
    .font(layout.regular)
    .fontSize(10)
    .fillColor('#4b5563')
    .text(`${pdfText(report.language).period}: ${report.periodLabel}`, { width });
  doc.moveDown(0.6);
  doc
    .moveTo(layout.left, doc.y)
    .lineTo(layout.left + width, doc.y)
    .lineWidth(1)
    .strokeColor('#2f6fde')
    .stroke();
  doc.moveDown(0.8);
}

async function drawSection(layout: PdfLayout, section: ReportSection, language: 'ru' | 'en'): Promise<void> {
  const { doc } = layout;
  const width = layout.contentWidth;
  // A heading keeps company: at least its definitions' first lines or a few table rows follow it on the page.
  await layout.ensure(80);
  doc.font(layout.bold).fontSize(13).fillColor('#111827').text(section.heading, layout.left, doc.y, { width });
  doc.moveDown(0.3);
  for (const definition of section.definitions ?? []) {
    doc.font(layout.regular).fontSize(8.5).fillColor('#4b5563').text(`•  ${definition}`, layout.left, doc.y, {
      width,
      indent: 0,
    });
    doc.moveDown(0.15);
  }
  // An empty chart or table says so in a line, rather than drawing bare axes or a header over nothing.
  const chart = section.chart?.categories.length && section.chart.series.length ? section.chart : undefined;
  const table = section.table?.rows.length ? section.table : undefined;
  if (!chart && !table) {
    doc.moveDown(0.3).font(layout.regular).fontSize(9.5).fillColor('#4b5563');
    doc.text(pdfText(language).noData, layout.left, doc.y, { width });
  }
  if (chart) {
    doc.moveDown(0.4);
    await layout.ensure(pdfChartSize.height);
    const top = doc.y;
    SVGtoPDF(doc, chartSvg(chart, language, pdfChartSize), layout.left, top, {
      width: pdfChartSize.width,
      height: pdfChartSize.height,
      assumePt: true,
      // Every text of a chart is ours: the embedded family, bold or not.
      fontCallback: (_family, bold) => (bold ? layout.bold : layout.regular),
      warningCallback: () => undefined,
    });
    doc.x = layout.left;
    doc.y = top + pdfChartSize.height;
  }
  if (table) {
    doc.moveDown(0.6);
    await drawTable(layout, table, language);
  }
  doc.x = layout.left;
  doc.moveDown(1.4);
}
