// The recurring services module's public face: other modules and the composition root import only this file.
export { recurringRoutes } from './recurring.routes.js';
export { recurringServicesJob } from './recurring-job.js';
export { markChargesInvoiced, maySeeCost } from './recurring.service.js';
export { recurringExpiringBetween } from './recurring-expiring.js';
