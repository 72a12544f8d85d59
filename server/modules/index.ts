import type { App } from '../http/types.js';
import type { Installation } from '../installation.js';
import { authRoutes } from './auth/index.js';
import { agentRoutes } from './agents/index.js';
import { organizationRoutes } from './organizations/index.js';
import { ticketRoutes } from './tickets/index.js';
import { savedViewRoutes } from './tickets/index.js';
import { ticketRelationRoutes } from './tickets/index.js';
import { boardRoutes } from './board/index.js';
import { searchRoutes } from './search/index.js';
import { attachmentRoutes } from './attachments/index.js';
import { calendarRoutes } from './calendars/index.js';
import { licensingRoutes } from './licensing/index.js';
import { serviceRoutes } from './services/index.js';
import { agreementRoutes } from './agreements/index.js';
import { jobRoutes } from '../jobs/jobs.routes.js';
import { joinRoutes, nodeRoutes } from '../cluster/index.js';
import { inboundMailRoutes } from './inbound-mail/index.js';
import { notificationRoutes } from './notifications/index.js';
import { outboxRoutes } from './outbox/index.js';
import { teamRoutes } from './teams/index.js';
import { dutyRoutes } from './duty/index.js';
import { worklogRoutes } from './worklogs/index.js';
import { reportMailingRoutes } from './report-mailing/index.js';
import { packageRoutes } from './packages/index.js';
import { rateRoutes } from './rates/index.js';
import { recurringRoutes } from './recurring/index.js';
import { clientCostRoutes } from './client-costs/index.js';
import { reportRoutes } from './reports/index.js';
import { dashboardRoutes } from './dashboards/index.js';
import { portalAdminRoutes, portalBillingRoutes, portalRoutes } from './portal/index.js';
import { documentRoutes, legalEntityRoutes } from './documents/index.js';
import { settlementRoutes } from './settlements/index.js';
import { webFormRoutes } from './web-forms/index.js';
import { surveyRoutes } from './surveys/index.js';
import { macroRoutes } from './macros/index.js';
import { escalationRoutes } from './escalation/index.js';
import { supportLineRoutes } from './support-lines/index.js';
import { dutyPayRoutes } from './duty-pay/index.js';
import { webhookRoutes } from './webhooks/index.js';
import { integrationRoutes } from './integration/index.js';

export type ApiModule = (app: App, opts: { installation: Installation }) => Promise<void>;

/** Every domain's routes, mounted under /api/v1. */
export const apiModules: ApiModule[] = [
  authRoutes,
  agentRoutes,
  organizationRoutes,
  ticketRoutes,
  ticketRelationRoutes,
  boardRoutes,
  savedViewRoutes,
  searchRoutes,
  attachmentRoutes,
  calendarRoutes,
  licensingRoutes,
  jobRoutes,
  nodeRoutes,
  joinRoutes,
  serviceRoutes,
  agreementRoutes,
  inboundMailRoutes,
  outboxRoutes,
  notificationRoutes,
  teamRoutes,
  dutyRoutes,
  worklogRoutes,
  packageRoutes,
  reportMailingRoutes,
  rateRoutes,
  recurringRoutes,
  clientCostRoutes,
  reportRoutes,
  dashboardRoutes,
  portalRoutes,
  portalAdminRoutes,
  portalBillingRoutes,
  legalEntityRoutes,
  documentRoutes,
  settlementRoutes,
  webFormRoutes,
  surveyRoutes,
  macroRoutes,
  escalationRoutes,
  supportLineRoutes,
  dutyPayRoutes,
  webhookRoutes,
  integrationRoutes,
];
