// The report mailing module's public face: other modules and the composition root import only this file.
export { reportMailingJob } from './report-mailing.service.js';
export { reportMailingRoutes } from './report-mailing.routes.js';
export { clientDeliveries, clientDeliveryFile } from './report-mailing.service.js';
