import { setImmediate as nextTurn } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import { pdfFontFamily, pdfFonts } from './fonts.js';

/** A4 in points, and the page's margins (the bottom one leaves room for the footer). */
export const a4 = { width: 595.28, height: 841.89 };
const margin = { top: 40, right: 40, bottom: 56, left: 40 };

/** The names the embedded fonts are registered under (svg-to-pdfkit's charts ask for them by these). */
export const fontNames = { regular: pdfFontFamily, bold: `${pdfFontFamily}-Bold` } as const;

/**
 * One PDF being written: the pdfkit document with the embedded fonts, the content box, and page breaks that
 * give the event loop a turn, so a long report never holds the process for seconds in one go.
 */
export class PdfLayout {
  readonly doc: PDFKit.PDFDocument;
  readonly regular = fontNames.regular;
  readonly bold = fontNames.bold;
  readonly left = margin.left;
  readonly contentWidth = a4.width - margin.left - margin.right;
  readonly bottom = a4.height - margin.bottom;
  readonly footerY = a4.height - margin.bottom + 18;

  constructor(info: { title: string; createdAt: Date }) {
    const fonts = pdfFonts();
    this.doc = new PDFDocument({
      size: 'A4',
      margins: margin,
      bufferPages: true, // the footer's "page n of N" is written once the count is known
      autoFirstPage: true,
      info: { Title: info.title, Producer: 'Ondesk', Creator: 'Ondesk', CreationDate: info.createdAt },
      // No default font: pdfkit's would be Helvetica, which has no Cyrillic; the embedded ones are set below.
      font: null as unknown as string,
    });
    this.doc.registerFont(this.regular, fonts.regular);
    this.doc.registerFont(this.bold, fonts.bold);
    this.doc.font(this.regular);
  }

  /** Whether `height` more points fit above the footer from the cursor. */
  fits(height: number): boolean {
    return this.doc.y + height <= this.bottom;
  }

  async newPage(): Promise<void> {
    this.doc.addPage();
    await nextTurn();
  }

  /** Starts a new page unless `height` fits on this one. */
  async ensure(height: number): Promise<void> {
    if (!this.fits(height)) await this.newPage();
  }

  /** Writes `text` at the foot of every page: called once, after the content, over the buffered pages. */
  footer(left: string, right: (page: number, of: number) => string): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Text below the bottom margin would make pdfkit start a page; the footer lives there on purpose.
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc
        .moveTo(this.left, this.footerY - 6)
        .lineTo(this.left + this.contentWidth, this.footerY - 6)
        .lineWidth(0.5)
        .strokeColor('#c9ced6')
        .stroke();
      doc.font(this.regular).fontSize(8).fillColor('#6b7280');
      doc.text(left, this.left, this.footerY, { width: this.contentWidth * 0.7, lineBreak: false });
      doc.text(right(i - range.start + 1, range.count), this.left, this.footerY, {
        width: this.contentWidth,
        align: 'right',
        lineBreak: false,
      });
      doc.page.margins.bottom = bottomMargin;
    }
  }

  /** The finished file. */
  finish(): Promise<Buffer> {
    const { doc } = this;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.end();
    });
  }
}
