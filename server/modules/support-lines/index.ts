// The support-lines module's public face: other modules and the composition root import only this file.
export { supportLineRoutes } from './support-lines.routes.js';
export { lineOfTeam, supportLines } from './support-lines.service.js';
export type { Line } from './line-moves.js';
