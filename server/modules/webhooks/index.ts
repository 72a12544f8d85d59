// The webhooks module's public face: other modules and the composition root import only this file.
export { webhookRoutes } from './webhooks.routes.js';
export {
  runWebhookDeliveries,
  startWebhookDeliveries,
  webhookLogCleanup,
  webhookProcessor,
} from './webhook-delivery.js';
export type { DeliveryOptions, DeliveryRun } from './webhook-delivery.js';
