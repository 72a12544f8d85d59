// Rendering of documents: PDFs of invoices, acts, contracts and reconciliation statements, the payment QR, and
// the admin-editable templates. The PDF code (pdfkit, fonts, QR) loads on the first PDF, not with the server.
import type { IssuedDocument, ReconciliationStatement } from '../document-model.js';

export interface RenderPdfOptions {
  /** "With stamp and signature": the seller's stamp and signature images are placed over the signature lines. */
  stamp: boolean;
  /** The PNG stored under a content hash (the entity's stamp and signatures), or null when it is missing. */
  image(sha256: string): Promise<Buffer | null>;
}

const pdf = () => import('./document-pdf.js');

/** An invoice, act or contract as an A4 PDF; `template` is the admin's text for its kind and language. */
export async function renderDocumentPdf(
  doc: IssuedDocument,
  opts: RenderPdfOptions & { template?: string },
): Promise<Buffer> {
  return (await pdf()).renderDocumentPdf(doc, opts);
}

/** A reconciliation statement as an A4 PDF. */
export async function renderReconciliationPdf(s: ReconciliationStatement, opts: RenderPdfOptions): Promise<Buffer> {
  return (await pdf()).renderReconciliationPdf(s, opts);
}

export { paymentQrPayload, canPayByQr } from './payment-qr.js';
export { validateTemplate, templateFieldNames, renderTemplate, TEMPLATE_MAX_LENGTH } from './template.js';
export { defaultTemplate, TEMPLATE_KINDS } from '../templates/index.js';
export type { TemplateKind } from '../templates/index.js';
