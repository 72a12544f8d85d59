// The duty-pay module's public face: other modules and the composition root import only this file.
export { dutyPayRoutes } from './duty-pay.routes.js';
export { dutyPayReport } from './duty-pay.service.js';
