// The system module's public face: other modules and the composition root import only this file.
export { systemRoutes } from './system.routes.js';
