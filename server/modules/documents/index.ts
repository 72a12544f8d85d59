// The documents module's public face: other modules and the composition root import only this file.
export type * from './document-model.js';
export { documentRoutes } from './documents.routes.js';
export { legalEntityRoutes } from './legal-entities.routes.js';
export { sumInWords } from './sum-in-words.js';
export { vatRateFor } from './vat.js';
