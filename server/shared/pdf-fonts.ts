import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The fonts every PDF of the product embeds (reports, invoices, acts, contracts): DejaVu Sans (Cyrillic, ₽,
 * narrow no-break spaces), shipped in server/assets/fonts/ (the build copies the folder next to the compiled
 * code) so a PDF never depends on the fonts of the machine it is made on. The same relative path works from
 * sources and from dist/.
 */
const fontsDir = new URL('../assets/fonts/', import.meta.url);

/** The family name charts are drawn in; a PDF maps it to the embedded files below. */
export const pdfFontFamily = 'DejaVu Sans';

/** The names the embedded fonts are registered under in a pdfkit document. */
export const pdfFontNames = { regular: pdfFontFamily, bold: `${pdfFontFamily}-Bold` } as const;

export interface PdfFonts {
  regular: Buffer;
  bold: Buffer;
}

let loaded: PdfFonts | undefined;

/** The font files, read once per process. */
export function pdfFonts(): PdfFonts {
  loaded ??= {
    regular: readFileSync(fileURLToPath(new URL('DejaVuSans.ttf', fontsDir))),
    bold: readFileSync(fileURLToPath(new URL('DejaVuSans-Bold.ttf', fontsDir))),
  };
  return loaded;
}

/** The minimal face of a pdfkit document this needs (no pdfkit import: it loads on the first PDF only). */
interface FontRegistry {
  registerFont(name: string, src: Buffer): unknown;
  font(name: string): unknown;
}

/**
 * Registers the embedded fonts on a new pdfkit document and selects the regular one. pdfkit embeds a subset
 * of each font actually used, so `pdffonts` lists them as embedded; its default Helvetica has no Cyrillic.
 */
export function registerPdfFonts(doc: FontRegistry): void {
  const fonts = pdfFonts();
  doc.registerFont(pdfFontNames.regular, fonts.regular);
  doc.registerFont(pdfFontNames.bold, fonts.bold);
  doc.font(pdfFontNames.regular);
}
