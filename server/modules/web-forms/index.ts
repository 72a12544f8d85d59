// The web forms module's public face: other modules and the composition root import only this file.
export { webFormRoutes } from './web-forms.routes.js';
export { embedRoutes } from './embed.routes.js';
