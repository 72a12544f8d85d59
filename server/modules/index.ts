import type { App } from '../http/types.js';
import type { Installation } from '../installation.js';
import { authRoutes } from './auth/auth.routes.js';
import { agentRoutes } from './agents/agents.routes.js';
import { organizationRoutes } from './organizations/organizations.routes.js';
import { ticketRoutes } from './tickets/tickets.routes.js';
import { savedViewRoutes } from './tickets/saved-views.routes.js';
import { searchRoutes } from './search/search.routes.js';
import { attachmentRoutes } from './attachments/attachments.routes.js';
import { calendarRoutes } from './calendars/calendars.routes.js';
import { licensingRoutes } from './licensing/licensing.routes.js';
import { serviceRoutes } from './services/services.routes.js';
import { agreementRoutes } from './agreements/agreements.routes.js';
import { jobRoutes } from '../jobs/jobs.routes.js';
import { inboundMailRoutes } from './inbound-mail/inbound-mail.routes.js';
import { notificationRoutes } from './notifications/notifications.routes.js';
import { teamRoutes } from './teams/teams.routes.js';

export type ApiModule = (app: App, opts: { installation: Installation }) => Promise<void>;

/** Every domain's routes, mounted under /api/v1. */
export const apiModules: ApiModule[] = [
  authRoutes,
  agentRoutes,
  organizationRoutes,
  ticketRoutes,
  savedViewRoutes,
  searchRoutes,
  attachmentRoutes,
  calendarRoutes,
  licensingRoutes,
  jobRoutes,
  serviceRoutes,
  agreementRoutes,
  inboundMailRoutes,
  notificationRoutes,
  teamRoutes,
];
