import type { Migration } from 'kysely';
import * as foundation from './2026-11-24-001-foundation.js';
import * as calendars from './2026-11-24-002-calendars.js';
import * as licensing from './2026-11-25-003-licensing.js';
import * as agreementsSla from './2026-11-25-004-agreements-sla.js';
import * as notifications from './2026-11-25-005-notifications.js';
import * as inboundMail from './2026-11-25-006-inbound-mail.js';
import * as teamsSystemNotifications from './2026-11-25-007-teams-system-notifications.js';
import * as searchBacklog from './2026-11-25-008-search-backlog.js';
import * as domainEvents from './2026-12-04-009-domain-events.js';
import * as apiTokenScopes from './2026-12-04-010-api-token-scopes.js';
import * as timePackagesRates from './2026-12-04-011-time-packages-rates.js';
import * as recurringServicesCosts from './2026-12-04-012-recurring-services-costs.js';
import * as reportMailing from './2026-12-04-013-report-mailing.js';
import * as dashboardAggregates from './2026-12-04-014-dashboard-aggregates.js';
import * as portal from './2026-12-04-015-portal.js';
import * as webForms from './2026-12-04-016-web-forms.js';
import * as surveys from './2026-12-04-017-surveys.js';
import * as documents from './2026-12-04-018-documents.js';
import * as settlements from './2026-12-04-019-settlements.js';
import * as ticketLinks from './2026-12-04-020-ticket-links.js';
import * as contactActive from './2026-12-04-021-contact-active.js';
import * as conversation from './2026-12-04-022-conversation.js';
import * as dutySchedules from './2026-12-04-023-duty-schedules.js';
import * as dutyEscalation from './2026-12-04-024-duty-escalation.js';
import * as supportLinesWarranty from './2026-12-04-025-support-lines-warranty.js';
import * as webhooks from './2026-12-04-026-webhooks.js';
import * as integrationApi from './2026-12-04-027-integration-api.js';
import * as searchStems from './2026-12-04-028-search-stems.js';
import * as ticketWritePath from './2026-12-04-029-ticket-write-path.js';
import * as clusterNodes from './2026-12-04-030-cluster-nodes.js';
import * as claimsCounters from './2026-12-04-031-claims-counters.js';
import * as ticketNumbers from './2026-12-05-032-ticket-numbers.js';
import * as dashboardCounterShards from './2026-12-05-033-dashboard-counter-shards.js';
import * as priorityDeadlineIndex from './2026-12-05-034-priority-deadline-index.js';
import * as assigneeDeadlineIndex from './2026-12-06-035-assignee-deadline-index.js';
import * as searchKeys from './2026-12-06-036-search-keys.js';
import * as packagePeriodDates from './2026-12-06-037-package-period-dates.js';

/**
 * Every migration, in order. A static list (not a directory scan) so the compiled product carries exactly
 * the migrations it was built with, and a renamed file cannot reorder history.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-24-001-foundation': foundation,
  '2026-11-24-002-calendars': calendars,
  '2026-11-25-003-licensing': licensing,
  '2026-11-25-004-agreements-sla': agreementsSla,
  '2026-11-25-005-notifications': notifications,
  '2026-11-25-006-inbound-mail': inboundMail,
  '2026-11-25-007-teams-system-notifications': teamsSystemNotifications,
  '2026-11-25-008-search-backlog': searchBacklog,
  '2026-12-04-009-domain-events': domainEvents,
  '2026-12-04-010-api-token-scopes': apiTokenScopes,
  '2026-12-04-011-time-packages-rates': timePackagesRates,
  '2026-12-04-012-recurring-services-costs': recurringServicesCosts,
  '2026-12-04-013-report-mailing': reportMailing,
  '2026-12-04-014-dashboard-aggregates': dashboardAggregates,
  '2026-12-04-015-portal': portal,
  '2026-12-04-016-web-forms': webForms,
  '2026-12-04-017-surveys': surveys,
  '2026-12-04-018-documents': documents,
  '2026-12-04-019-settlements': settlements,
  '2026-12-04-020-ticket-links': ticketLinks,
  '2026-12-04-021-contact-active': contactActive,
  '2026-12-04-022-conversation': conversation,
  '2026-12-04-023-duty-schedules': dutySchedules,
  '2026-12-04-024-duty-escalation': dutyEscalation,
  '2026-12-04-025-support-lines-warranty': supportLinesWarranty,
  '2026-12-04-026-webhooks': webhooks,
  '2026-12-04-027-integration-api': integrationApi,
  '2026-12-04-028-search-stems': searchStems,
  '2026-12-04-029-ticket-write-path': ticketWritePath,
  '2026-12-04-030-cluster-nodes': clusterNodes,
  '2026-12-04-031-claims-counters': claimsCounters,
  '2026-12-05-032-ticket-numbers': ticketNumbers,
  '2026-12-05-033-dashboard-counter-shards': dashboardCounterShards,
  '2026-12-05-034-priority-deadline-index': priorityDeadlineIndex,
  '2026-12-06-035-assignee-deadline-index': assigneeDeadlineIndex,
  '2026-12-06-036-search-keys': searchKeys,
  '2026-12-06-037-package-period-dates': packagePeriodDates,
};
