import { AppError } from '../../../shared/errors.js';
import type { IssuedDocument, ReconciliationStatement } from '../document-model.js';
import { defaultTemplate } from '../templates/index.js';
import { drawAct } from './act-pdf.js';
import { drawContract } from './contract-pdf.js';
import { formatShortDate } from './document-format.js';
import { DocumentLayout } from './document-layout.js';
import { loadSellerImages, wordsOf, type RenderImages } from './document-parts.js';
import { drawInvoice } from './invoice-pdf.js';
import { drawReconciliation } from './reconciliation-pdf.js';
import { renderTemplate, validateTemplate } from './template.js';

export interface RenderDocumentOptions extends RenderImages {
  /** The admin's template text for this kind and language; the default when absent. */
  template?: string;
}

/** The document's short name for the PDF's title and its page line: «Счёт № 15 от 04.12.2026». */
function shortTitle(doc: IssuedDocument): string {
  const w = wordsOf(doc.language);
  const date = formatShortDate(doc.date, doc.language);
  switch (doc.kind) {
    case 'invoice':
      return w.invoiceTitle(doc.number, date);
    case 'act':
      return w.actTitle(doc.number, date);
    case 'contract':
      return w.contractTitle(doc.agreement?.number ?? doc.number);
    case 'reconciliation':
      return w.reconciliationTitle;
  }
}

/** The template's text over the document: the admin's if given (checked again: it may predate a rule). */
function templateText(doc: IssuedDocument, template: string | undefined): string {
  if (doc.kind === 'reconciliation') return '';
  const body = template ?? defaultTemplate(doc.kind, doc.language);
  const problem = validateTemplate(body);
  if (problem)
    throw new AppError(
      422,
      'invalid_template',
      `The ${doc.kind} template (${doc.language}) cannot be used: ${problem}`,
    );
  return renderTemplate(body, doc);
}

/** An issued document (invoice, act, contract) as an A4 PDF, from its frozen snapshot. */
export async function renderDocumentPdf(doc: IssuedDocument, opts: RenderDocumentOptions): Promise<Buffer> {
  if (doc.kind === 'reconciliation') {
    throw new AppError(
      422,
      'not_a_document_pdf',
      'A reconciliation statement is made from its period’s figures: use the organization’s reconciliation PDF.',
    );
  }
  const text = templateText(doc, opts.template);
  const images = await loadSellerImages(doc.seller, opts);
  const title = shortTitle(doc);
  const layout = new DocumentLayout({ title, language: doc.language });
  if (doc.kind === 'invoice') await drawInvoice(layout, doc, text, images);
  else if (doc.kind === 'act') await drawAct(layout, doc, text, images);
  else await drawContract(layout, doc, text, images);
  const w = wordsOf(doc.language);
  layout.footer((n, of) => w.page(title, n, of));
  return layout.finish();
}

/** A reconciliation statement as an A4 PDF. */
export async function renderReconciliationPdf(s: ReconciliationStatement, opts: RenderImages): Promise<Buffer> {
  const images = await loadSellerImages(s.seller, opts);
  const w = wordsOf(s.language);
  const title = `${w.reconciliationTitle} ${w.reconciliationPeriod(formatShortDate(s.from, s.language), formatShortDate(s.to, s.language))}`;
  const layout = new DocumentLayout({ title, language: s.language });
  await drawReconciliation(layout, s, images);
  layout.footer((n, of) => w.page(title, n, of));
  return layout.finish();
}
