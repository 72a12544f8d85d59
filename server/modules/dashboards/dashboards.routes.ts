import { problemResponses, type App } from '../../http/types.js';
import { DeskDashboardSchema, DeskQuery, ManagerDashboardSchema } from './dashboards.schemas.js';
import { deskDashboard, managerDashboard } from './dashboards.service.js';

export async function dashboardRoutes(app: App) {
  const tags = ['dashboards'];
  app.get(
    '/dashboards/desk',
    {
      schema: {
        tags,
        summary: 'The desk now: open by status and team, due today, breached, and the last 30 days',
        querystring: DeskQuery,
        response: { 200: DeskDashboardSchema, ...problemResponses },
      },
    },
    async (req) => deskDashboard(req.ctx(), req.query),
  );
  app.get(
    '/dashboards/manager',
    {
      schema: {
        tags,
        summary: 'SLA compliance this month against the last, the most breached clients, and each engineer’s load',
        response: { 200: ManagerDashboardSchema, ...problemResponses },
      },
    },
    async (req) => managerDashboard(req.ctx()),
  );
}
