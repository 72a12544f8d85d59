import * as echarts from 'echarts';
import PDFDocument from 'pdfkit';
import type { ChartSpec } from '../report-document.js';
import { chartOption, type ChartLanguage } from './chart-option.js';
import { pdfFontFamily, pdfFonts } from './fonts.js';

export interface ChartSvgSize {
  width: number;
  height: number;
}

/** A chart's size on an A4 page between 40 pt margins, in SVG user units (= PDF points when placed 1:1). */
export const pdfChartSize: ChartSvgSize = { width: 515, height: 240 };

let measuring: PDFKit.PDFDocument | undefined;

/**
 * ECharts lays out text (legend spacing, title centring, axis room) by measuring it; without a canvas it
 * guesses. Measuring with the embedded fonts' own metrics makes the layout fit the text the PDF draws.
 */
function measureWithPdfFonts(): void {
  if (measuring) return;
  const fonts = pdfFonts();
  const doc = new PDFDocument({ font: null as unknown as string, autoFirstPage: false });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  measuring = doc;
  echarts.setPlatformAPI({
    measureText(text: string, font?: string) {
      const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
      const bold = /\b(bold|bolder|[6-9]00)\b/.test(font ?? '');
      return {
        width: doc
          .font(bold ? 'bold' : 'regular')
          .fontSize(size)
          .widthOfString(text),
      };
    },
  });
}

/**
 * ECharts rings figures with a white outline painted under the text (`paint-order="stroke"`); svg-to-pdfkit
 * knows no paint order and paints the outline over the text, which hides it. The PDF draws text without it.
 */
export function withoutTextHalos(svg: string): string {
  return svg.replace(/(<text\b[^>]*?) stroke="[^"]*" stroke-width="[^"]*" paint-order="stroke"/g, '$1');
}

/**
 * A report chart as an SVG document, drawn by ECharts' server-side renderer from the same option the UI draws:
 * no DOM, no canvas. Animation off (a still picture), text in the family the PDF embeds so the PDF draws the
 * chart's labels with its own fonts.
 */
export function chartSvg(spec: ChartSpec, language: ChartLanguage, size: ChartSvgSize = pdfChartSize): string {
  measureWithPdfFonts();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    const option = chartOption(spec, language);
    chart.setOption({
      ...option,
      animation: false,
      textStyle: { ...(option.textStyle as object), fontFamily: pdfFontFamily },
    });
    return withoutTextHalos(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}
