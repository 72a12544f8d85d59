import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The fonts every PDF embeds: DejaVu Sans (Cyrillic, ₽, narrow no-break spaces), shipped with the product in
 * server/assets/fonts/ (the build copies the folder next to the compiled code) so a PDF never depends on the
 * fonts of the machine it is made on. The same relative path works from sources and from dist/.
 */
const fontsDir = new URL('../../../assets/fonts/', import.meta.url);

/** The family name charts are drawn in; the PDF maps it to the embedded files below. */
export const pdfFontFamily = 'DejaVu Sans';

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
