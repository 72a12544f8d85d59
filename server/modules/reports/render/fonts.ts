// The report PDF's fonts are the product's PDF fonts, shared with the documents module's PDFs.
export { pdfFontFamily, pdfFonts } from '../../../shared/pdf-fonts.js';
export type { PdfFonts } from '../../../shared/pdf-fonts.js';
