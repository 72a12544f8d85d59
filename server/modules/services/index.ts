// The services module's public face: other modules and the composition root import only this file.
export { ServiceSchema, presentService } from './services.presenter.js';
export { serviceRoutes } from './services.routes.js';
export { servicesByIds } from './service-lookup.js';
