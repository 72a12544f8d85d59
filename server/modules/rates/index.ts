// The rates module's public face: other modules and the composition root import only this file.
export { priceWork } from './work-pricing.js';
export type { PricedWork, WorkToPrice } from './work-pricing.js';
export { rateRoutes } from './rates.routes.js';
