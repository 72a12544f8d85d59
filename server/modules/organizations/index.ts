// The organizations module's public face: other modules and the composition root import only this file.
export { organizationRoutes } from './organizations.routes.js';
export {
  addAddress,
  contactOrganizationId,
  createContact,
  createOrganization,
  getOrganization,
  organizationExists,
} from './organizations.service.js';
