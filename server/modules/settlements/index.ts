// The settlements module's public face: other modules and the composition root import only this file.
export { settlementRoutes } from './settlements.routes.js';
export { organizationBalance } from './settlements.service.js';
