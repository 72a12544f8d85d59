import { OrganizationPage, OrganizationsPage } from './pages/organizations.js';
import { lazyPage } from './components/lazy.js';
import { match } from './router.js';
import { may } from './session.js';

/** @typedef {import('./session.js').Me} Me */

/**
 * A page of the desk: its address pattern, its component, the action of the server's policy it needs, and
 * where the sidebar links to it (`nav`: the label's key and the group it is listed under), if it does.
 * @typedef {object} Route
 * @property {string} path `/agents/:id`: `:name` parts become props of the page.
 * @property {import('preact').ComponentType<any>} page
 * @property {string} permission
 * @property {{ label: string, group: NavGroup }} [nav]
 */

/** @typedef {'clients' | 'setup' | 'mail'} NavGroup */

/** The sidebar's groups in order, with the key of each title. The ticket views above them are the shell's. */
export const navGroups = /** @type {const} */ ([
  ['clients', 'nav.organizations'],
  ['setup', 'nav.setup'],
  ['mail', 'nav.mail'],
]);

// Pages every session opens load with the desk; the rest load on first use (components/lazy.js).
// The ticket page (conversation, SLA, time) loads with the first ticket opened: the sign-in stays light.
const TicketPage = lazyPage(() => import('./pages/ticket.js'), 'TicketPage');
// The queue, a new ticket and search load once signed in: the sign-in page is all a first visit needs.
const QueuePage = lazyPage(() => import('./pages/queue.js'), 'QueuePage');
const NewTicketPage = lazyPage(() => import('./pages/new-ticket.js'), 'NewTicketPage');
const SearchPage = lazyPage(() => import('./pages/search.js'), 'SearchPage');
const CalendarsPage = lazyPage(() => import('./pages/calendars/calendars-list.js'), 'CalendarsPage');
const CalendarEditorPage = lazyPage(() => import('./pages/calendars/calendar-editor-page.js'), 'CalendarEditorPage');
const LicensePage = lazyPage(() => import('./pages/license.js'), 'LicensePage');
const AgreementsPage = lazyPage(() => import('./pages/agreements-list.js'), 'AgreementsPage');
const NewAgreementPage = lazyPage(() => import('./pages/agreements/new-agreement.js'), 'NewAgreementPage');
const AgreementPage = lazyPage(() => import('./pages/agreements/agreement-page.js'), 'AgreementPage');
const ServicesPage = lazyPage(() => import('./pages/services.js'), 'ServicesPage');
const TeamsPage = lazyPage(() => import('./pages/teams.js'), 'TeamsPage');
const SupportLinesPage = lazyPage(() => import('./pages/support-lines/support-lines-page.js'), 'SupportLinesPage');
const DutyPayPage = lazyPage(() => import('./pages/support-lines/duty-pay-page.js'), 'DutyPayPage');
const DutyPage = lazyPage(() => import('./pages/duty/duty-page.js'), 'DutyPage');
const JobsPage = lazyPage(() => import('./pages/jobs.js'), 'JobsPage');
const AgentsPage = lazyPage(() => import('./pages/agents/agents-list.js'), 'AgentsPage');
const AgentPage = lazyPage(() => import('./pages/agents/agent-card.js'), 'AgentPage');
const MyNotificationsPage = lazyPage(() => import('./pages/my-notifications.js'), 'MyNotificationsPage');
const OutboxPage = lazyPage(() => import('./pages/outbox.js'), 'OutboxPage');
const NotificationSettingsPage = lazyPage(
  () => import('./pages/notification-settings/notification-settings-page.js'),
  'NotificationSettingsPage',
);
const InboundPage = lazyPage(() => import('./pages/inbound.js'), 'InboundPage');
const WebFormsPage = lazyPage(() => import('./pages/web-forms.js'), 'WebFormsPage');
const WebhooksPage = lazyPage(() => import('./pages/webhooks.js'), 'WebhooksPage');
const ApiTokensPage = lazyPage(() => import('./pages/api-tokens.js'), 'ApiTokensPage');
const RecurringPage = lazyPage(() => import('./pages/recurring/recurring-page.js'), 'RecurringPage');
const ClientCostsPage = lazyPage(() => import('./pages/recurring/client-costs-page.js'), 'ClientCostsPage');
const DocumentsPage = lazyPage(() => import('./pages/documents/documents-page.js'), 'DocumentsPage');
const LegalEntitiesPage = lazyPage(() => import('./pages/documents/entities-page.js'), 'LegalEntitiesPage');
const MoneyPage = lazyPage(() => import('./pages/money/money-page.js'), 'MoneyPage');
const SalaryPage = lazyPage(() => import('./pages/money/money-page.js'), 'SalaryPage');
const RatesPage = lazyPage(() => import('./pages/rates/rates-page.js'), 'RatesPage');
const TimeReportPage = lazyPage(() => import('./time/time-report-page.js'), 'TimeReportPage');
const TimeSettingsPage = lazyPage(() => import('./time/time-settings-page.js'), 'TimeSettingsPage');
const ReportsPage = lazyPage(() => import('./reports/reports-page.js'), 'ReportsPage');
const SubscriptionsPage = lazyPage(() => import('./reports/subscriptions-page.js'), 'SubscriptionsPage');
const DeskDashboardPage = lazyPage(() => import('./dashboards/desk-dashboard-page.js'), 'DeskDashboardPage');
const ManagerDashboardPage = lazyPage(() => import('./dashboards/manager-dashboard-page.js'), 'ManagerDashboardPage');
const BoardPage = lazyPage(() => import('./pages/queue/board-page.js'), 'BoardPage');
const WorkloadPage = lazyPage(() => import('./pages/queue/workload-page.js'), 'WorkloadPage');
const EscalationPoliciesPage = lazyPage(
  () => import('./pages/escalation/escalation-policies-page.js'),
  'EscalationPoliciesPage',
);

/**
 * Every page of the desk, in the order the sidebar lists those it links to. The router takes the first whose
 * pattern matches and whose permission the agent has; the sidebar shows the linked ones the agent may open.
 * @type {Route[]}
 */
export const routes = [
  { path: '/tickets', page: QueuePage, permission: 'ticket.read' },
  { path: '/tickets/new', page: NewTicketPage, permission: 'ticket.create' },
  { path: '/tickets/:id', page: TicketPage, permission: 'ticket.read' },
  { path: '/search', page: SearchPage, permission: 'search' },
  // First of its group, so the sidebar lists it right under the ticket views.
  {
    path: '/dashboard',
    page: DeskDashboardPage,
    permission: 'ticket.read',
    nav: { label: 'nav.dashboard', group: 'clients' },
  },
  { path: '/board', page: BoardPage, permission: 'ticket.read', nav: { label: 'nav.board', group: 'clients' } },
  { path: '/workload', page: WorkloadPage, permission: 'agent.read', nav: { label: 'nav.workload', group: 'clients' } },
  {
    path: '/organizations',
    page: OrganizationsPage,
    permission: 'organization.read',
    nav: { label: 'org.title', group: 'clients' },
  },
  { path: '/organizations/:id', page: OrganizationPage, permission: 'organization.read' },
  {
    path: '/agreements',
    page: AgreementsPage,
    permission: 'agreement.read',
    nav: { label: 'nav.agreements', group: 'clients' },
  },
  { path: '/agreements/new', page: NewAgreementPage, permission: 'agreement.read' },
  { path: '/agreements/:id', page: AgreementPage, permission: 'agreement.read' },
  {
    path: '/recurring',
    page: RecurringPage,
    permission: 'recurring.read',
    nav: { label: 'nav.recurring', group: 'clients' },
  },
  // Everyone who reads recurring services may open it; those without access to costs are told whom to ask.
  { path: '/client-costs', page: ClientCostsPage, permission: 'recurring.read' },
  {
    path: '/documents',
    page: DocumentsPage,
    permission: 'document.read',
    nav: { label: 'nav.documents', group: 'clients' },
  },
  // A tab of the documents page: our own requisites, signers, stamp and signatures.
  { path: '/legal-entities', page: LegalEntitiesPage, permission: 'document.read' },
  {
    path: '/time',
    page: TimeReportPage,
    // Engineers see their own work in it; those who may read the time report see everybody's.
    permission: 'worklog.log',
    nav: { label: 'nav.timeReport', group: 'clients' },
  },
  { path: '/reports', page: ReportsPage, permission: 'report.read', nav: { label: 'nav.reports', group: 'clients' } },
  // Mutual settlements for the books (and managers, who read them); everyone may open their own salary.
  { path: '/money', page: MoneyPage, permission: 'payment.read', nav: { label: 'nav.money', group: 'clients' } },
  {
    path: '/money/salaries',
    page: SalaryPage,
    permission: 'salary.own',
    nav: { label: 'nav.salary', group: 'clients' },
  },
  { path: '/money/:tab', page: MoneyPage, permission: 'payment.read' },
  // On-call and night hours with pages per engineer and month, for the salary calculation.
  {
    path: '/duty-pay',
    page: DutyPayPage,
    permission: 'duty_pay.read',
    nav: { label: 'nav.dutyPay', group: 'clients' },
  },
  // Opened from the desk dashboard (a link of its own would light up beside it). Every role that may read the
  // time report may read reports too; the page shows hours only to the former.
  { path: '/dashboard/manager', page: ManagerDashboardPage, permission: 'report.read' },
  {
    path: '/report-subscriptions',
    page: SubscriptionsPage,
    permission: 'report.subscribe',
    nav: { label: 'nav.reportMailing', group: 'clients' },
  },
  {
    path: '/calendars',
    page: CalendarsPage,
    permission: 'calendar.read',
    nav: { label: 'nav.calendars', group: 'setup' },
  },
  { path: '/calendars/new', page: CalendarEditorPage, permission: 'calendar.read' },
  { path: '/calendars/:id', page: CalendarEditorPage, permission: 'calendar.read' },
  { path: '/services', page: ServicesPage, permission: 'service.read', nav: { label: 'nav.services', group: 'setup' } },
  { path: '/teams', page: TeamsPage, permission: 'agent.read', nav: { label: 'nav.teams', group: 'setup' } },
  // L1 → L2 → development: the order tickets are escalated in, each line with its team's queue.
  {
    path: '/support-lines',
    page: SupportLinesPage,
    permission: 'ticket.read',
    nav: { label: 'nav.supportLines', group: 'setup' },
  },
  // Who is on call when, per team: everyone sees it, engineers ask for swaps and record leave there.
  { path: '/duty', page: DutyPage, permission: 'duty.read', nav: { label: 'nav.duty', group: 'setup' } },
  // Who is paged when a 24x7 or premium ticket goes unanswered, per agreement tier.
  {
    path: '/escalation-policies',
    page: EscalationPoliciesPage,
    permission: 'escalation.manage',
    nav: { label: 'nav.escalation', group: 'setup' },
  },
  { path: '/rates', page: RatesPage, permission: 'rate.read', nav: { label: 'nav.rates', group: 'setup' } },
  { path: '/license', page: LicensePage, permission: 'license.read', nav: { label: 'nav.license', group: 'setup' } },
  {
    path: '/time-settings',
    page: TimeSettingsPage,
    permission: 'settings.manage',
    nav: { label: 'nav.timeSettings', group: 'setup' },
  },
  { path: '/jobs', page: JobsPage, permission: 'settings.manage', nav: { label: 'nav.jobs', group: 'setup' } },
  // Signed domain events to other systems (a tracker, a site, accounting), with their delivery log.
  {
    path: '/settings/webhooks',
    page: WebhooksPage,
    permission: 'webhook.manage',
    nav: { label: 'nav.webhooks', group: 'setup' },
  },
  // Each agent's own API tokens for integrations: scopes, expiry, last use.
  {
    path: '/settings/tokens',
    page: ApiTokensPage,
    permission: 'token.manage_own',
    nav: { label: 'nav.apiTokens', group: 'setup' },
  },
  { path: '/agents', page: AgentsPage, permission: 'agent.read', nav: { label: 'nav.agents', group: 'setup' } },
  { path: '/agents/:id', page: AgentPage, permission: 'agent.read' },
  { path: '/me/notifications', page: MyNotificationsPage, permission: 'notification.own' },
  { path: '/outbox', page: OutboxPage, permission: 'outbox.manage', nav: { label: 'nav.outbox', group: 'mail' } },
  {
    path: '/notifications',
    page: NotificationSettingsPage,
    permission: 'notification.manage',
    nav: { label: 'nav.notifications', group: 'mail' },
  },
  {
    path: '/inbound',
    page: InboundPage,
    permission: 'inbound_mail.read',
    nav: { label: 'nav.inbound', group: 'mail' },
  },
  // Forms on clients' sites file tickets as mail does: listed beside the received mail they may be held in.
  {
    path: '/web-forms',
    page: WebFormsPage,
    permission: 'form.manage',
    nav: { label: 'nav.webForms', group: 'mail' },
  },
];

/**
 * The page at a path, with the parameters of its pattern, if the agent may open it; null otherwise. The first
 * pattern that matches decides (`/tickets/new` before `/tickets/:id`), so a page the agent may not open is
 * never mistaken for another one.
 * @param {string} path
 * @param {Me} me
 * @returns {{ route: Route, params: Record<string, string> } | null}
 */
export function resolveRoute(path, me) {
  for (const route of routes) {
    const params = match(route.path, path);
    if (params) return may(me, route.permission) ? { route, params } : null;
  }
  return null;
}

/**
 * Whether the agent may open the page at a path (the topbar offers only those).
 * @param {string} path
 * @param {Me} me
 */
export const mayOpen = (path, me) => resolveRoute(path, me) !== null;

/**
 * The sidebar's links the agent may open, by group, in the table's order; groups with none are left out.
 * @param {Me} me
 * @returns {{ title: string, links: { path: string, label: string }[] }[]}
 */
export function navigation(me) {
  return navGroups
    .map(([group, title]) => ({
      title,
      links: routes
        .filter((r) => r.nav?.group === group && may(me, r.permission))
        .map((r) => ({ path: r.path, label: /** @type {{ label: string }} */ (r.nav).label })),
    }))
    .filter((g) => g.links.length > 0);
}
