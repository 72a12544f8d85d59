// The licensing module's public face: other modules and the composition root import only this file.
export { licensingRoutes } from './licensing.routes.js';
export {
  applyToken,
  enforceSeatLimit,
  installationIdOf,
  licenseCheckJob,
  licenseSeatGuard,
  licenseState,
  licenseStatus,
  localRevocations,
  removeNode,
} from './licensing.service.js';
export { NODE_ID_PATTERN, deriveNodeId, readMachineId } from './node-identity.js';
export { licenseStatusText, type LicenseStatusView } from './status-text.js';
