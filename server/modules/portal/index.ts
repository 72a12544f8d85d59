// The portal module's public face: other modules and the composition root import only this file.
export { portalRoutes } from './portal.routes.js';
export { portalAdminRoutes } from './portal-admin.routes.js';
export { portalBillingRoutes } from './portal-billing.routes.js';
export { portalPageRoutes } from './portal-pages.routes.js';
export { authenticateContactSession, PORTAL_COOKIE, portalCleanupJob } from './contact-auth.service.js';
export { ticketScope } from './portal.policy.js';
export type { TicketScope } from './portal.policy.js';
