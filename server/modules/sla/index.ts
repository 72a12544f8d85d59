// The sla module's public face: other modules and the composition root import only this file.
export { SlaPanelSchema } from './sla.schemas.js';
export * from './sla.service.js';
export { slaTermsChanged } from './terms-cache.js';
