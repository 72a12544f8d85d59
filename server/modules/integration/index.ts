// The integration API's public face: other modules and the composition root import only this file.
export { integrationRoutes } from './integration.routes.js';
export {
  completeIdempotencyKey,
  idempotencyCleanupJob,
  releaseIdempotencyKey,
  reserveIdempotencyKey,
  IDEMPOTENCY_TTL_MS,
} from './idempotency.service.js';
export type { Reservation } from './idempotency.service.js';
export { readEvents } from './events-feed.service.js';
