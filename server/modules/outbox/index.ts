// The outbox module's public face: other modules and the composition root import only this file.
export type { DeliveryChannel } from './delivery-channel.js';
export { outboxRoutes } from './outbox.routes.js';
export {
  countPendingOutbox,
  enqueue,
  enqueueWithId,
  failOutboxItem,
  getOutboxItem,
  outboxOverview,
  retryOutboxItem,
} from './outbox.service.js';
export type { OutboxItem, OutboxRow, OutboxStatus } from './outbox.service.js';
export { MAX_ATTEMPTS, OutboxWorker, backoffDelay, runOutboxWorker } from './outbox-worker.js';
export type { DeliveryReport } from './outbox-worker.js';
