// The documents module's public face: other modules and the composition root import only this file.
export type * from './document-model.js';
export { documentRoutes } from './documents.routes.js';
export { legalEntityRoutes } from './legal-entities.routes.js';
export { billingRunJob } from './monthly-run.js';
export { sumInWords } from './sum-in-words.js';
export { vatRateFor } from './vat.js';
export { imageBytes } from './legal-entities.service.js';
export { paymentQrPayload, renderDocumentPdf, renderReconciliationPdf } from './render/index.js';
export type { RenderPdfOptions } from './render/index.js';
export { buyerRequisites, clientDocuments } from './documents.service.js';
export { clientDocumentPdf } from './document-files.js';
// Settlements print the same parties on a reconciliation statement as an invoice does.
export { sellerOf } from './snapshot.js';
