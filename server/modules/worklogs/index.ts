// The worklogs module's public face: other modules and the composition root import only this file.
export { worklogRoutes } from './worklogs.routes.js';
export { workSummary } from './time-report.js';
export { coverWorkByAct, releaseWorkOfAct } from './worklogs.service.js';
