// The client costs module's public face: other modules and the composition root import only this file.
export { clientCostRoutes } from './client-costs.routes.js';
export { markCostsInvoiced } from './client-costs.service.js';
