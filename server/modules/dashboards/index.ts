// The dashboards module's public face: other modules and the composition root import only this file.
export { dashboardRoutes } from './dashboards.routes.js';
export { deskDashboard, managerDashboard } from './dashboards.service.js';
export { dashboardFoldJob } from './counter-fold.js';
export type { DeskDashboard, ManagerDashboard } from './dashboards.service.js';
