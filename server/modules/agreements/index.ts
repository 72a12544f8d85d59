// The agreements module's public face: other modules and the composition root import only this file.
export { agreementRoutes } from './agreements.routes.js';
export { agreementLifecycleJob, createAgreement } from './agreements.service.js';
