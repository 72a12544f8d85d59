// The teams module's public face: other modules and the composition root import only this file.
export { teamRoutes } from './teams.routes.js';
export { assertAssignableTeam, createTeam } from './teams.service.js';
