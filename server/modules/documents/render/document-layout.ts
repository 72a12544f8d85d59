import { setImmediate as nextTurn } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import { pdfFontNames, registerPdfFonts } from '../../../shared/pdf-fonts.js';
import { AppError } from '../../../shared/errors.js';

/** A4 in points. Margins: 15 mm, and room at the foot for the page line. */
const a4 = { width: 595.28, height: 841.89 };
const margin = { top: 42, right: 40, bottom: 54, left: 48 };

export type Align = 'left' | 'center' | 'right' | 'justify';

export interface TextStyle {
  bold?: boolean;
  size?: number;
  align?: Align;
  color?: string;
  /** Where the text starts and how wide it may run; the full content width by default. */
  x?: number;
  width?: number;
}

export interface TableColumn {
  header: string;
  /** A share of the table's width; the shares of a table add up to 1. */
  share: number;
  align?: Align;
}

export interface TableRow {
  cells: string[];
  bold?: boolean;
}

const ink = '#000000';
/**
 * A table row never grows past this (about half a page): a line's description of pages would otherwise push
 * its row off every page. The documents module keeps descriptions far shorter; this is the last guard.
 */
const maxRowHeight = 360;
const grid = '#000000';

/**
 * One printed document being written: a pdfkit A4 page with the product's embedded fonts, a cursor, grid
 * tables that break between rows (repeating their header), and page breaks that give the event loop a turn.
 * Primary documents are printed and filed, so everything is black on white with plain grid lines.
 */
export class DocumentLayout {
  readonly doc: PDFKit.PDFDocument;
  readonly left = margin.left;
  readonly width = a4.width - margin.left - margin.right;
  readonly right = a4.width - margin.right;
  readonly bottom = a4.height - margin.bottom;

  constructor(info: { title: string; language: 'ru' | 'en' }) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: margin,
      bufferPages: true, // the page line "1 of 2" is written once the count is known
      autoFirstPage: true,
      lang: info.language === 'ru' ? 'ru-RU' : 'en-GB',
      info: { Title: info.title, Producer: 'Ondesk', Creator: 'Ondesk' },
      // No default font: pdfkit's would be Helvetica, which has no Cyrillic; the embedded ones are set below.
      font: null as unknown as string,
    });
    registerPdfFonts(this.doc);
    this.doc.fillColor(ink);
  }

  get y(): number {
    return this.doc.y;
  }

  set y(value: number) {
    this.doc.y = value;
  }

  private font(style: TextStyle): void {
    this.doc
      .font(style.bold ? pdfFontNames.bold : pdfFontNames.regular)
      .fontSize(style.size ?? 9)
      .fillColor(style.color ?? ink);
  }

  /** The height `text` takes in `style` and `width`. */
  measure(text: string, style: TextStyle = {}): number {
    this.font(style);
    return this.doc.heightOfString(text || ' ', { width: style.width ?? this.width });
  }

  textWidth(text: string, style: TextStyle = {}): number {
    this.font(style);
    return this.doc.widthOfString(text);
  }

  /** Writes a paragraph at the cursor (or at `style.x`) and moves the cursor below it. */
  async text(text: string, style: TextStyle = {}, gapAfter = 2): Promise<void> {
    const width = style.width ?? this.width;
    const height = this.measure(text, style);
    await this.ensure(Math.min(height, 60));
    this.font(style);
    // A paragraph longer than the rest of the page flows on to the next one (pdfkit breaks it): the cursor
    // is wherever pdfkit left it, not the top plus the measured height.
    this.doc.text(text, style.x ?? this.left, this.doc.y, { width, align: style.align ?? 'left' });
    this.doc.x = this.left;
    this.doc.y += gapAfter;
  }

  /** Writes one line at a fixed place without moving the cursor (labels, captions, figures in a form). */
  place(text: string, x: number, y: number, style: TextStyle & { width: number }): void {
    this.font(style);
    this.doc.text(text, x, y, { width: style.width, align: style.align ?? 'left', lineBreak: false });
  }

  /** Writes wrapped text in a box without moving the cursor; answers its height. */
  placeWrapped(text: string, x: number, y: number, style: TextStyle & { width: number }): number {
    const height = this.measure(text, style);
    this.font(style);
    this.doc.text(text, x, y, { width: style.width, align: style.align ?? 'left' });
    return height;
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.6): void {
    this.doc.moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).strokeColor(grid).stroke();
  }

  rect(x: number, y: number, w: number, h: number, width = 0.6): void {
    this.doc.rect(x, y, w, h).lineWidth(width).strokeColor(grid).stroke();
  }

  /** A horizontal rule across the content at the cursor. */
  rule(width = 1.5, gapAfter = 6): void {
    this.line(this.left, this.doc.y, this.right, this.doc.y, width);
    this.doc.y += gapAfter;
  }

  gap(points: number): void {
    this.doc.y += points;
  }

  fits(height: number): boolean {
    return this.doc.y + height <= this.bottom;
  }

  async newPage(): Promise<void> {
    this.doc.addPage();
    this.doc.y = margin.top;
    await nextTurn();
  }

  async ensure(height: number): Promise<void> {
    if (!this.fits(height)) await this.newPage();
  }

  /**
   * A grid table from the cursor: a bold header row, then the rows, breaking pages between rows and drawing
   * the header again on the new page. Cells wrap; a row is as tall as its tallest cell.
   */
  async table(columns: TableColumn[], rows: TableRow[], size = 8.5): Promise<void> {
    const pad = 3;
    const widths = columns.map((c) => c.share * this.width);
    const heightOf = (cells: string[], bold: boolean) => {
      this.font({ bold, size });
      const one = this.doc.currentLineHeight(true);
      let height = one;
      cells.forEach((text, i) => {
        const inner = widths[i]! - 2 * pad;
        // Most cells are one short line: measured by width alone, only the longer ones are wrapped.
        if (this.doc.widthOfString(text) > inner)
          height = Math.max(height, this.doc.heightOfString(text, { width: inner }));
      });
      return Math.min(maxRowHeight, height) + 2 * pad;
    };
    const drawRow = (cells: string[], bold: boolean, height: number, aligns: Align[]) => {
      const top = this.doc.y;
      let x = this.left;
      this.font({ bold, size });
      cells.forEach((text, i) => {
        const w = widths[i]!;
        this.rect(x, top, w, height, 0.5);
        this.font({ bold, size });
        const inner = w - 2 * pad;
        // A one-line cell skips pdfkit's line wrapper, which is most of the cost of a long table.
        const oneLine = this.doc.widthOfString(text) <= inner;
        // A wrapped cell is held to its row (`height`): pdfkit would otherwise start a page inside the cell.
        const options: PDFKit.Mixins.TextOptions = oneLine
          ? { width: inner, align: aligns[i] ?? 'left', lineBreak: false }
          : { width: inner, align: aligns[i] ?? 'left', height: height - 2 * pad, ellipsis: true };
        this.doc.text(text, x + pad, top + pad, options);
        x += w;
      });
      this.doc.y = top + height;
    };
    const headers = columns.map((c) => c.header);
    const headerHeight = heightOf(headers, true);
    const headerAligns = columns.map(() => 'center' as Align);
    const aligns = columns.map((c) => c.align ?? 'left');
    const first = rows[0] ? heightOf(rows[0].cells, rows[0].bold ?? false) : 0;
    await this.ensure(headerHeight + first);
    drawRow(headers, true, headerHeight, headerAligns);
    for (const row of rows) {
      const height = heightOf(row.cells, row.bold ?? false);
      if (!this.fits(height)) {
        await this.newPage();
        drawRow(headers, true, headerHeight, headerAligns);
      }
      drawRow(row.cells, row.bold ?? false, height, aligns);
    }
  }

  /**
   * Places a PNG (a stamp, a signature) fitted into a box. An image the entity uploaded but that cannot be
   * read is reported, not silently left off: a document asked for "with stamp" must not go out without one.
   */
  image(png: Buffer, x: number, y: number, box: [number, number], what: string): void {
    try {
      this.doc.image(png, x, y, { fit: box, align: 'center', valign: 'center' });
    } catch {
      throw new AppError(
        422,
        'unreadable_image',
        `The ${what} image of the legal entity cannot be read as a PNG; upload it again or print without the stamp.`,
      );
    }
  }

  /** Writes the page line at the foot of every page, once the content is done. */
  footer(text: (page: number, of: number) => string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      // Text below the bottom margin would make pdfkit start a page; the page line lives there on purpose.
      const bottomMargin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.place(text(i - range.start + 1, range.count), this.left, a4.height - margin.bottom + 22, {
        width: this.width,
        size: 7.5,
        align: 'right',
        color: '#555555',
      });
      this.doc.page.margins.bottom = bottomMargin;
    }
  }

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
