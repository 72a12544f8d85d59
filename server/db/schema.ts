import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Instants are stored as UTC ISO-8601 text (`2026-11-24T10:15:00.000Z`): sortable, readable in the shell. */
type Instant = string;

export type AgentRole = 'admin' | 'manager' | 'engineer' | 'accountant';
export type TicketType = 'incident' | 'request' | 'question' | 'change';
export type TicketPriority = 'P1' | 'P2' | 'P3' | 'P4';
export type TicketStatus =
  'new' | 'open' | 'in_progress' | 'waiting_for_client' | 'on_approval' | 'resolved' | 'closed';
export type TicketChannel = 'agent' | 'phone' | 'email' | 'portal' | 'web_form' | 'api';

export interface AgentTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: AgentRole;
  password_hash: string | null;
  active: Generated<number>;
  language: Generated<string>;
  timezone: string | null;
  phone: string | null;
  failed_logins: Generated<number>;
  locked_until: Instant | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface SessionTable {
  id: string; // sha256 of the cookie value: a stolen database does not yield live sessions
  agent_id: number;
  csrf_token: string;
  created_at: Instant;
  expires_at: Instant;
  last_seen_at: Instant;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  agent_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Instant;
  last_used_at: Instant | null;
  revoked_at: Instant | null;
  /** `read`: GET/HEAD only; `write`: everything the agent may do (migration 010). */
  scope: Generated<ApiTokenScope>;
  /** After this instant the token is refused (null: never expires). */
  expires_at: Instant | null;
}

export type ApiTokenScope = 'read' | 'write';

export interface OrganizationTable {
  id: Generated<number>;
  name: string;
  legal_name: string | null;
  tax_id: string | null;
  notes: string | null;
  tags: Generated<string>; // JSON array of strings
  created_at: Instant;
  updated_at: Instant;
}

export interface ContactTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  position: string | null;
  email: string | null;
  phone: string | null;
  language: Generated<string>;
  created_at: Instant;
  updated_at: Instant;
}

export interface AddressTable {
  id: Generated<number>;
  organization_id: number;
  label: string | null;
  address: string;
  latitude: number | null;
  longitude: number | null;
  created_at: Instant;
}

export interface TicketTable {
  id: Generated<number>;
  number: number;
  subject: string;
  description: string;
  type: TicketType;
  priority: TicketPriority;
  status: TicketStatus;
  organization_id: number;
  contact_id: number | null;
  assignee_id: number | null;
  team_id: number | null;
  channel: TicketChannel;
  tags: Generated<string>; // JSON array of strings
  created_by_agent_id: number | null;
  created_at: Instant;
  updated_at: Instant;
  resolved_at: Instant | null;
  closed_at: Instant | null;
  // SLA (see modules/sla); instants the sweep compares are epoch ms.
  service_id: number | null;
  agreement_id: number | null;
  reaction_minutes: number | null;
  resolution_minutes: number | null;
  reaction_due: number | null;
  resolution_due: number | null;
  manual_resolution_due: number | null;
  deadline_reason: string | null;
  first_response_at: Instant | null;
  sla_state: SlaState | null;
  paused_minutes: number | null;
  paused_since: number | null;
  reaction_breached_at: Instant | null;
  resolution_breached_at: Instant | null;
  sla_warned_at: Instant | null;
  sla_next_check: number | null;
  /** The pending deadline (epoch ms) or NO_DEADLINE: the queue's "nearest deadline first" order. */
  sla_order: Generated<number>;
}

export type SlaState = 'ok' | 'warning' | 'breached' | 'paused' | 'none';

export interface CommentTable {
  id: Generated<number>;
  ticket_id: number;
  author_agent_id: number | null;
  author_contact_id: number | null;
  body: string;
  public: number;
  created_at: Instant;
}

export interface AttachmentTable {
  id: Generated<number>;
  ticket_id: number;
  comment_id: number | null;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by_agent_id: number | null;
  created_at: Instant;
}

export interface TicketHistoryTable {
  id: Generated<number>;
  ticket_id: number;
  actor_agent_id: number | null;
  at: Instant;
  action: string; // created | changed | commented | attached
  field: string | null;
  old_value: string | null;
  new_value: string | null;
}

export interface SavedViewTable {
  id: Generated<number>;
  agent_id: number;
  name: string;
  query: string; // the queue's URL query string
  created_at: Instant;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface SearchIndexTable {
  rowid: number;
  kind: string;
  ref_id: number;
  title: string;
  body: string;
}

export interface CalendarTable {
  id: Generated<number>;
  name: string;
  document: string;
  created_at: Instant;
  updated_at: Instant;
}

export interface ProductionCalendarYearTable {
  country: string;
  year: number;
  data: string;
  imported_at: Instant;
}

export interface LicenseTable {
  id: Generated<number>;
  jti: string;
  lsq: number;
  token: string;
  claims: string;
  applied_at: Instant;
  applied_by: string;
}

export interface NodeTokenTable {
  node_id: string;
  jti: string;
  license_jti: string;
  token: string;
  expires_at: number;
  applied_at: Instant;
}

export interface RevokedTokenTable {
  jti: string;
  list_jti: string;
  imported_at: Instant;
}

export interface SeatUsageTable {
  day: string;
  max_active: number;
}

export type OutboxChannel = 'email' | 'sms' | 'webhook';
export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxTable {
  id: Generated<number>;
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  body: string;
  payload: string | null;
  dedupe_key: string | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Instant;
  last_error: string | null;
  created_at: Instant;
  sent_at: Instant | null;
}

export interface ServiceTable {
  id: Generated<number>;
  name: string;
  description: string | null;
  category: string | null;
  active: Generated<number>;
  created_at: Instant;
  updated_at: Instant;
  /** Whether work on this service is billable unless the agreement says otherwise (null: no opinion). */
  billable_default: number | null;
}

export type AgreementKind = 'warranty' | 'commercial' | 'prepaid_hours' | 'free';
export type AgreementTier = '8x5' | '24x7' | 'premium' | 'custom';
export type AgreementStatus = 'draft' | 'planned' | 'active' | 'expired' | 'terminated';

export interface AgreementTable {
  id: Generated<number>;
  organization_id: number;
  number: string;
  title: string;
  kind: AgreementKind;
  tier: AgreementTier;
  calendar_id: number;
  start_date: string;
  end_date: string;
  status: AgreementStatus;
  manager_id: number | null;
  recipient_contact_ids: Generated<string>;
  notice_days: Generated<string>;
  warning_percent: Generated<number>;
  hours_package: number | null;
  hour_rate: number | null;
  notes: string | null;
  renewed_from_id: number | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface AgreementServiceTable {
  agreement_id: number;
  service_id: number;
}

export interface SlaTargetTable {
  id: Generated<number>;
  agreement_id: number;
  priority: TicketPriority;
  type: TicketType | null;
  reaction_minutes: number;
  resolution_minutes: number | null;
}

export interface AgreementHistoryTable {
  id: Generated<number>;
  agreement_id: number;
  at: Instant;
  actor: string;
  action: string;
  from_status: AgreementStatus | null;
  to_status: AgreementStatus | null;
  reason: string | null;
}

export interface TicketPauseTable {
  id: Generated<number>;
  ticket_id: number;
  from_at: number;
  to_at: number | null;
}

export interface JobRunTable {
  id: Generated<number>;
  job: string;
  trigger: string;
  started_at: Instant;
  finished_at: Instant | null;
  status: 'running' | 'ok' | 'failed';
  result: string | null;
  error: string | null;
  /** The node start (cluster_nodes.instance_id) running it; null for a run of the CLI or of an unregistered process. */
  instance_id: Generated<string | null>;
}

export interface Database {
  services: ServiceTable;
  agreements: AgreementTable;
  agreement_services: AgreementServiceTable;
  sla_targets: SlaTargetTable;
  agreement_history: AgreementHistoryTable;
  ticket_pauses: TicketPauseTable;
  job_runs: JobRunTable;
  licenses: LicenseTable;
  node_tokens: NodeTokenTable;
  revoked_tokens: RevokedTokenTable;
  seat_usage: SeatUsageTable;
  outbox: OutboxTable;
  calendars: CalendarTable;
  production_calendar_years: ProductionCalendarYearTable;
  agents: AgentTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  organizations: OrganizationTable;
  contacts: ContactTable;
  addresses: AddressTable;
  tickets: TicketTable;
  comments: CommentTable;
  attachments: AttachmentTable;
  ticket_history: TicketHistoryTable;
  saved_views: SavedViewTable;
  settings: SettingTable;
  search_index: SearchIndexTable;
  mail_templates: MailTemplateTable;
  notification_rules: NotificationRuleTable;
  agent_mutes: AgentMuteTable;
  organization_notification_settings: OrganizationNotificationSettingTable;
  sms_counters: SmsCounterTable;
  mail_message_ids: MailMessageIdTable;
}

export type Agent = Selectable<AgentTable>;
export type NewAgent = Insertable<AgentTable>;
export type Organization = Selectable<OrganizationTable>;
export type Contact = Selectable<ContactTable>;
export type Address = Selectable<AddressTable>;
export type Ticket = Selectable<TicketTable>;
export type NewTicket = Insertable<TicketTable>;
export type TicketUpdate = Updateable<TicketTable>;
export type Comment = Selectable<CommentTable>;
export type Attachment = Selectable<AttachmentTable>;
export type TicketHistory = Selectable<TicketHistoryTable>;

// Inbound mail (issue 7). The Database interface is extended by declaration merging so this stays append-only.
export type InboundMessageStatus = 'ticket' | 'comment' | 'rejected' | 'held';

export interface InboundMessageTable {
  id: Generated<number>;
  /** The Message-ID without angle brackets, or `sha256:<hex>` of the raw message when it has none. */
  message_key: string;
  message_id: string | null;
  /** `smtp`, `imap:<mailbox name>`, `test`… */
  source: string;
  received_at: Instant;
  from_address: string | null;
  from_name: string | null;
  subject: string | null;
  status: InboundMessageStatus;
  reason: string | null;
  /** 1 when the message is an auto-reply, bounce, list mail or the like: never answered automatically. */
  automatic: Generated<number>;
  ticket_id: number | null;
  comment_id: number | null;
  /** The raw .eml in <data dir>/mail/ by content hash. */
  raw_sha256: string | null;
  raw_size: number;
  body_html: string | null;
  quoted_text: string | null;
}

export interface InboundMessageRefTable {
  message_id: string;
  ticket_id: number;
  inbound_message_id: number;
}

export interface OrganizationDomainTable {
  domain: string;
  organization_id: number;
  created_at: Instant;
}

export interface Database {
  inbound_messages: InboundMessageTable;
  inbound_message_refs: InboundMessageRefTable;
  organization_domains: OrganizationDomainTable;
}

export type InboundMessage = Selectable<InboundMessageTable>;

export type NotificationChannel = 'email' | 'sms';
export type NotificationRecipient =
  | 'assignee'
  | 'team'
  | 'manager'
  | 'ticket_contact'
  | 'organization_contacts'
  | 'agent'
  | 'admins'
  /** Agents @mentioned in an internal note. */
  | 'mentioned';

export interface TeamTable {
  id: Generated<number>;
  name: string;
  description: string | null;
  active: Generated<number>;
  created_at: Instant;
  updated_at: Instant;
}

export interface SearchBacklogTable {
  ticket_id: number;
}

export interface TeamMemberTable {
  team_id: number;
  agent_id: number;
}

export interface Database {
  teams: TeamTable;
  team_members: TeamMemberTable;
  search_backlog: SearchBacklogTable;
}

export interface MailTemplateTable {
  event: string;
  language: string;
  subject: string;
  body: string;
  updated_at: Instant;
  updated_by: number | null;
}

export interface NotificationRuleTable {
  id: Generated<number>;
  event: string;
  channel: NotificationChannel;
  recipient: NotificationRecipient;
  agent_id: number | null;
  enabled: Generated<number>;
  created_at: Instant;
}

export interface AgentMuteTable {
  agent_id: number;
  event: string;
  channel: NotificationChannel;
}

export interface OrganizationNotificationSettingTable {
  organization_id: number;
  acknowledge_new_tickets: Generated<number>;
  updated_at: Instant;
}

export interface SmsCounterTable {
  provider: string;
  month: string; // YYYY-MM (UTC)
  sent: Generated<number>;
  refused: Generated<number>;
}

/** Our Message-IDs (direction out) and, from the inbound side, received ones (in), without angle brackets. */
export interface MailMessageIdTable {
  message_id: string;
  ticket_id: number | null;
  comment_id: number | null;
  outbox_id: number | null;
  recipient: string | null;
  direction: 'out' | 'in';
  created_at: Instant;
}

// Domain events (issue 11): appended in the transaction of each change; after-commit processors keep cursors.
export interface DomainEventTable {
  id: Generated<number>;
  type: string;
  occurred_at: Instant;
  /** Who made the change: `agent:12`, `contact:7` or `system:<name>`. */
  actor: string;
  /** JSON: the event's own fields (see server/events/domain-events.ts). */
  data: string;
}

export interface EventCursorTable {
  processor: string;
  last_event_id: number;
  updated_at: Instant;
}

export interface Database {
  domain_events: DomainEventTable;
  event_cursors: EventCursorTable;
}

// Measured work (issue 13): worklogs, timers, hour packages and what prices the work. Money: integer kopecks.
export type PackagePeriod = 'month' | 'quarter' | 'once';
export type CarryRule = 'none' | 'limited' | 'all';
export type OveragePolicy = 'refuse' | 'bill';
export type RoundRule = 'up' | 'nearest' | 'down';
export type LedgerKind = 'grant' | 'consume' | 'carry' | 'expire' | 'correction';

export interface WorklogActivityTable {
  id: Generated<number>;
  name_ru: string;
  name_en: string;
  active: Generated<number>;
  position: Generated<number>;
}

export interface WorklogTable {
  id: Generated<number>;
  ticket_id: number;
  agent_id: number;
  organization_id: number;
  agreement_id: number | null;
  service_id: number | null;
  started_at: Instant | null;
  ended_at: Instant | null;
  /** The day the work was done (YYYY-MM-DD, in the agreement calendar's zone): periods and reports count by it. */
  work_date: string;
  minutes: number;
  /** Minutes after the agreement's rounding: what packages consume and invoices bill. */
  billed_minutes: number;
  activity_id: number | null;
  comment: string | null;
  billable: number;
  client_visible: Generated<number>;
  /** Of the billed minutes, how many the hour package covered and how many went over it. */
  package_minutes: Generated<number>;
  overage_minutes: Generated<number>;
  rate_kopecks: number | null;
  /** Which rate card priced it: `agreement+service+agent`, `agreement`, `desk`, `overage` … */
  rate_source: string | null;
  multiplier_percent: Generated<number>;
  discount_bp: Generated<number>;
  amount_kopecks: Generated<number>;
  cost_kopecks: Generated<number>;
  /** Set when the work was billed (exported or covered by an act): it is frozen from then on. */
  exported_at: Instant | null;
  act_id: number | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface WorklogHistoryTable {
  id: Generated<number>;
  worklog_id: number;
  ticket_id: number;
  at: Instant;
  actor: string;
  action: 'created' | 'updated' | 'deleted' | 'exported';
  /** JSON snapshots of the worklog before and after the change. */
  before: string | null;
  after: string | null;
}

export interface TimerTable {
  agent_id: number;
  ticket_id: number;
  started_at: Instant;
}

export interface AgreementTimeTermsTable {
  agreement_id: number;
  package_period: Generated<PackagePeriod>;
  carry_rule: Generated<CarryRule>;
  carry_limit_minutes: Generated<number>;
  overage: Generated<OveragePolicy>;
  overage_rate_kopecks: number | null;
  round_quantum_minutes: Generated<number>;
  round_rule: Generated<RoundRule>;
  minimum_minutes: Generated<number>;
  billable_default: number | null;
  /** JSON array of percents, e.g. [50,80,100]. */
  thresholds: Generated<string>;
  updated_at: Instant;
}

export interface PackagePeriodTable {
  agreement_id: number;
  /** `2026-12`, `2026-Q4` or `once`. */
  period_key: string;
  start_date: string;
  end_date: string;
  closed_at: Instant | null;
  /** The ledger's sums for the period, kept with each movement. */
  granted_minutes: Generated<number>;
  used_minutes: Generated<number>;
  balance_minutes: Generated<number>;
  notified_threshold: Generated<number>;
}

export interface PackageLedgerTable {
  id: Generated<number>;
  agreement_id: number;
  period_key: string;
  kind: LedgerKind;
  /** Signed: grants and carries in are positive, consumption and expiry negative. */
  minutes: number;
  worklog_id: number | null;
  at: Instant;
  actor: string;
  note: string | null;
}

export interface RateCardTable {
  id: Generated<number>;
  agreement_id: number | null;
  service_id: number | null;
  agent_id: number | null;
  rate_kopecks: number;
  note: string | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface RateMultiplierTable {
  id: Generated<number>;
  agreement_id: number | null;
  night_percent: Generated<number>;
  weekend_percent: Generated<number>;
  holiday_percent: Generated<number>;
  night_start: Generated<string>;
  night_end: Generated<string>;
  updated_at: Instant;
}

export interface DiscountTable {
  id: Generated<number>;
  agreement_id: number | null;
  organization_id: number | null;
  percent_bp: number;
  valid_from: string;
  valid_to: string | null;
  note: string | null;
  created_at: Instant;
}

export interface AgentCostRateTable {
  id: Generated<number>;
  agent_id: number;
  rate_kopecks: number;
  valid_from: string;
  created_at: Instant;
}

export interface Database {
  worklog_activities: WorklogActivityTable;
  worklogs: WorklogTable;
  worklog_history: WorklogHistoryTable;
  timers: TimerTable;
  agreement_time_terms: AgreementTimeTermsTable;
  package_periods: PackagePeriodTable;
  package_ledger: PackageLedgerTable;
  rate_cards: RateCardTable;
  rate_multipliers: RateMultiplierTable;
  discounts: DiscountTable;
  agent_cost_rates: AgentCostRateTable;
}

export type RecurringKind = 'domain' | 'certificate' | 'hosting' | 'dns' | 'license' | 'other';

export interface RecurringServiceTable {
  id: Generated<number>;
  organization_id: number;
  kind: RecurringKind;
  name: string;
  vendor: string | null;
  cost_kopecks: number;
  price_kopecks: number;
  /** Percent; null: no VAT. */
  vat_rate: number | null;
  billing_every_months: number;
  /** The date the schedule counts from (keeps a 31st on the 31st wherever a month has one). */
  billing_anchor_date: string;
  next_billing_date: string;
  expires_on: string | null;
  /** host[:port] of a live certificate check. */
  host: string | null;
  live_check: number;
  notify_contact_id: number | null;
  manager_id: number | null;
  notes: string | null;
  active: number;
  last_check_at: Instant | null;
  last_check_result: string | null;
  last_check_error: string | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface RecurringChargeTable {
  id: Generated<number>;
  recurring_service_id: number;
  organization_id: number;
  billing_date: string;
  period_start: string;
  period_end: string;
  description: string;
  amount_kopecks: number;
  vat_rate: number | null;
  cost_kopecks: number;
  invoiced_at: Instant | null;
  created_at: Instant;
}

export interface ClientCostTable {
  id: Generated<number>;
  organization_id: number;
  cost_date: string;
  description: string;
  vendor: string | null;
  /** Net of VAT. */
  amount_kopecks: number;
  vat_rate: number | null;
  vat_kopecks: number;
  rebill: number;
  invoiced_at: Instant | null;
  agreement_id: number | null;
  ticket_id: number | null;
  created_by: string;
  created_at: Instant;
  updated_at: Instant;
}

export interface Database {
  recurring_services: RecurringServiceTable;
  recurring_charges: RecurringChargeTable;
  client_costs: ClientCostTable;
}

// Report mailing (issue 14): subscriptions and what each delivered.
export interface ReportSubscriptionTable {
  id: Generated<number>;
  name: string;
  report: string;
  /** JSON: the report's query (groupBy and other filters). */
  filters: Generated<string>;
  organization_id: number | null;
  agreement_id: number | null;
  period: 'week' | 'month' | 'quarter';
  working_day: Generated<number>;
  send_time: Generated<string>;
  calendar_id: number | null;
  /** JSON array of 'pdf' | 'xlsx' | 'csv'. */
  formats: Generated<string>;
  /** JSON array of recipients: { kind: 'agent', id } | { kind: 'agreement_recipients' }. */
  recipients: Generated<string>;
  language: Generated<'ru' | 'en'>;
  active: Generated<number>;
  last_period_key: string | null;
  created_by: number | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface ReportDeliveryTable {
  id: Generated<number>;
  subscription_id: number;
  organization_id: number | null;
  period_key: string;
  period_from: string;
  period_to: string;
  /** JSON array of { name, sha256, size, contentType } in the report store. */
  files: string;
  /** JSON array of the e-mail addresses it was queued to. */
  recipients: string;
  manual: Generated<number>;
  created_at: Instant;
}

export interface Database {
  report_subscriptions: ReportSubscriptionTable;
  report_deliveries: ReportDeliveryTable;
}

/** Daily counts the dashboards read (kept by triggers on tickets, migration 014); team 0 is "no team". */
export interface DashboardDailyTable {
  /** Moscow calendar day, YYYY-MM-DD. */
  day: string;
  metric: 'created' | 'resolved' | 'reaction_met' | 'reaction_breached' | 'resolution_met' | 'resolution_breached';
  team_id: number;
  n: number;
}

export interface DashboardClientBreachesTable {
  day: string;
  organization_id: number;
  n: number;
}

export interface Database {
  dashboard_daily: DashboardDailyTable;
  dashboard_client_breaches: DashboardClientBreachesTable;
}

// Documents (issue 16, migration 018): our legal entities, gap-free numbers, issued documents (never updated
// or deleted: triggers refuse it), what they billed, their deliveries and the admin-editable templates.
export type DocumentVatMode = 'standard' | '10' | '0' | 'none';
export type DocumentKindColumn = 'invoice' | 'act' | 'contract' | 'reconciliation';
export type DocumentLineSourceKind =
  'worklog' | 'ticket' | 'service' | 'package' | 'recurring' | 'client_cost' | 'manual';

export interface LegalEntityTable {
  id: Generated<number>;
  name: string;
  short_name: string;
  inn: string;
  kpp: string | null;
  ogrn: string | null;
  address: string;
  bank_name: string;
  bik: string;
  corr_account: string;
  settlement_account: string;
  director_name: string;
  director_position: string;
  accountant_name: string | null;
  accountant_position: string | null;
  phone: string | null;
  email: string | null;
  /** PNG images in the content store. */
  stamp_sha256: string | null;
  director_signature_sha256: string | null;
  accountant_signature_sha256: string | null;
  vat_mode: Generated<DocumentVatMode>;
  prices_include_vat: Generated<number>;
  active: Generated<number>;
  created_at: Instant;
  updated_at: Instant;
}

export interface DocumentCounterTable {
  entity_id: number;
  kind: DocumentKindColumn;
  year: number;
  last_number: Generated<number>;
}

export interface DocumentTable {
  id: Generated<number>;
  kind: DocumentKindColumn;
  correction: 'storno' | 'corrected' | null;
  corrects_document_id: number | null;
  entity_id: number;
  organization_id: number;
  agreement_id: number | null;
  /** The invoice an act was made from. */
  source_document_id: number | null;
  number: number;
  year: number;
  number_text: string;
  /** YYYY-MM-DD */
  date: string;
  period_from: string | null;
  period_to: string | null;
  /** Signed: a storno act is negative. */
  net_kopecks: number;
  vat_kopecks: number;
  total_kopecks: number;
  language: 'ru' | 'en';
  /** 'YYYY-MM' of the monthly run that issued it. */
  billing_month: string | null;
  /** JSON of IssuedDocument, frozen at issue. */
  snapshot: string;
  created_by: string;
  created_at: Instant;
}

export interface DocumentLineTable {
  id: Generated<number>;
  document_id: number;
  position: number;
  source_kind: DocumentLineSourceKind;
  /** JSON array of the source row ids (worklogs, charges, costs) or package keys. */
  source_ids: string | null;
  description: string;
  /** Thousandths: 1.5 h = 1500. */
  quantity_milli: number;
  unit: string;
  unit_price_kopecks: number;
  discount_kopecks: Generated<number>;
  net_kopecks: number;
  /** Percent; null = «Без НДС». */
  vat_rate: number | null;
  vat_kopecks: number;
  total_kopecks: number;
}

export interface DocumentBillingMarkTable {
  kind: 'invoice' | 'act';
  source_kind: 'worklog' | 'package' | 'recurring' | 'client_cost';
  /** A row id, or '<agreement id>:<period key>' of a package fee. */
  source_ref: string;
  document_id: number;
}

export interface DocumentDeliveryTable {
  id: Generated<number>;
  document_id: number;
  to_address: string;
  outbox_id: number | null;
  created_by: string;
  created_at: Instant;
}

export interface DocumentTemplateTable {
  kind: DocumentKindColumn;
  language: 'ru' | 'en';
  /** Mustache. */
  body: string;
  updated_by: string;
  updated_at: Instant;
}

export interface AgreementTimeTermsTable {
  /** The package fee billed once per package period (migration 018). */
  package_fee_kopecks: number | null;
}

export interface Database {
  legal_entities: LegalEntityTable;
  document_counters: DocumentCounterTable;
  documents: DocumentTable;
  document_lines: DocumentLineTable;
  document_billing_marks: DocumentBillingMarkTable;
  document_deliveries: DocumentDeliveryTable;
  document_templates: DocumentTemplateTable;
}

/** Desk-wide survey settings (one row, id 1): agreements without their own row and tickets without one follow it. */
export interface SurveyDefaultsTable {
  id: number;
  enabled: Generated<number>;
  sample_percent: Generated<number>;
  delay_minutes: Generated<number>;
  /** Random per installation: the sampler's key, so a ticket's draw is fixed and unguessable. */
  sample_secret: string;
  updated_at: Instant;
}

/** An agreement's own survey settings (override the desk's). */
export interface SurveySettingsTable {
  agreement_id: number;
  enabled: Generated<number>;
  sample_percent: Generated<number>;
  delay_minutes: Generated<number>;
  updated_at: Instant;
}

/** One satisfaction survey per ticket: pending → sent (token hash set) → answered (last answer kept). */
export interface SurveyTable {
  id: Generated<number>;
  ticket_id: number;
  contact_id: number;
  token_hash: string | null;
  language: Generated<'ru' | 'en'>;
  send_after: Instant;
  sent_at: Instant | null;
  score: number | null;
  comment: string | null;
  answered_at: Instant | null;
  created_at: Instant;
}

export interface Database {
  survey_defaults: SurveyDefaultsTable;
  survey_settings: SurveySettingsTable;
  surveys: SurveyTable;
}

/** A web form's field: the built-in ones (name, email, phone, subject, message) and custom ones. */
export type WebFormFieldType = 'text' | 'textarea' | 'email' | 'phone' | 'select';

export interface WebFormTable {
  id: Generated<number>;
  /** Random and url-safe: the embedding page's only handle on the form. */
  key: string;
  name: string;
  /** Null: the desk's own form, senders routed by their e-mail domain as mail is. */
  organization_id: number | null;
  /** JSON array of origins (`https://client.example`) allowed to embed and submit. */
  origins: string;
  /** JSON array of fields (see web-forms/form-definition.ts). */
  fields: string;
  service_id: number | null;
  priority: TicketPriority;
  language: 'ru' | 'en';
  active: number;
  /** 1: a sender whose domain no client owns is held in the inbound holding list for review. */
  hold_unknown_domains: number;
  /** 1: the form offers a file input. */
  attachments: number;
  /** JSON `{perIp?, perEmail?, total?}` submissions an hour; absent ones use the defaults. */
  limits: string;
  created_at: Instant;
  updated_at: Instant;
}

export interface WebFormSpentProofTable {
  /** The ALTCHA challenge's signature: one accepted submission per solved challenge. */
  signature: string;
  /** Epoch ms after which the challenge is refused anyway and the row may go. */
  expires_at: number;
}

export interface Database {
  web_forms: WebFormTable;
  web_form_spent_proofs: WebFormSpentProofTable;
}

// Settlements (issue 16, migration 019): payments received, bank statements imported, how each payment was
// matched (a payment is a fact: only its matching changes, each change a history row), engineers' pay formulas.
export interface BankImportTable {
  id: Generated<number>;
  file_name: string;
  sha256: string;
  imported_at: Instant;
  total: number;
  imported: number;
  matched: number;
  unmatched: number;
  skipped: number;
  duplicates: number;
  created_by: string;
}

export interface PaymentTable {
  id: Generated<number>;
  /** Null: nobody knows yet whose money it is (the unmatched list). */
  organization_id: number | null;
  /** Our legal entity the money came to. */
  entity_id: number | null;
  invoice_document_id: number | null;
  /** YYYY-MM-DD: the day the money arrived. */
  date: string;
  amount_kopecks: number;
  payer_name: string | null;
  payer_inn: string | null;
  payer_account: string | null;
  purpose: string | null;
  payment_number: string | null;
  source: 'manual' | 'import';
  import_id: number | null;
  dedupe_key: string;
  matched_by: 'invoice' | 'inn' | 'manual' | null;
  created_by: string;
  created_at: Instant;
}

export interface PaymentHistoryTable {
  id: Generated<number>;
  payment_id: number;
  at: Instant;
  actor: string;
  from_organization_id: number | null;
  from_invoice_document_id: number | null;
  to_organization_id: number | null;
  to_invoice_document_id: number | null;
  note: string | null;
}

export interface SalaryFormulaTable {
  agent_id: number;
  fixed_kopecks: number;
  per_billable_hour_kopecks: number;
  /** Basis points of acted revenue: 1000 = 10 %. */
  revenue_percent_bp: number;
  updated_by: string;
  updated_at: Instant;
}

export interface Database {
  bank_imports: BankImportTable;
  payments: PaymentTable;
  payment_history: PaymentHistoryTable;
  salary_formulas: SalaryFormulaTable;
}

// Client portal (issue 15): contacts' sign-in, sessions, login links and each organization's portal settings.
export type PortalRole = 'requester' | 'supervisor' | 'billing';
export type PortalVisibility = 'own' | 'organization' | 'chosen';

/** The contact columns the portal added (migration 015), merged into ContactTable. */
export interface ContactTable {
  portal_role: Generated<PortalRole>;
  /** 0: the contact may not sign in to the portal (links and passwords are refused). */
  portal_enabled: Generated<number>;
}

export interface ContactCredentialTable {
  contact_id: number;
  password_hash: string;
  updated_at: Instant;
}

export interface ContactSessionTable {
  id: string; // sha256 of the cookie value, as for agents' sessions
  contact_id: number;
  csrf_token: string;
  created_at: Instant;
  expires_at: Instant;
  last_seen_at: Instant;
  ip: string | null;
  user_agent: string | null;
}

export interface PortalLoginLinkTable {
  token_hash: string;
  contact_id: number;
  created_at: Instant;
  expires_at: Instant;
  used_at: Instant | null;
}

export interface PortalLinkRequestTable {
  id: Generated<number>;
  /** sha256 of the trimmed, lower-cased address: the limit counts without keeping strangers' addresses. */
  email_hash: string;
  at: Instant;
}

export interface OrganizationPortalSettingsTable {
  organization_id: number;
  visibility: Generated<PortalVisibility>;
  reopen_days: Generated<number>;
  enabled: Generated<number>;
  updated_at: Instant;
}

export interface Database {
  contact_credentials: ContactCredentialTable;
  contact_sessions: ContactSessionTable;
  portal_login_links: PortalLoginLinkTable;
  portal_link_requests: PortalLinkRequestTable;
  organization_portal_settings: OrganizationPortalSettingsTable;
}

// Clients editable in the desk (issue 17): a contact who left is deactivated, and a client's KPP beside its INN.
export interface ContactTable {
  /** 0: cannot sign in to the portal and is not offered as a requester; their history stays. */
  active: Generated<number>;
}

export interface OrganizationTable {
  kpp: string | null;
}

export type TicketLinkKind = 'duplicate_of' | 'related' | 'parent_of' | 'child_of';

export interface TicketLinkTable {
  id: Generated<number>;
  ticket_id: number;
  linked_ticket_id: number;
  kind: TicketLinkKind;
  created_by_agent_id: number | null;
  created_at: Instant;
}

export interface SavedViewTable {
  /** Shared with this team's members (they see it, its owner alone deletes it); null = personal. */
  team_id: number | null;
}

export interface Database {
  ticket_links: TicketLinkTable;
}

/** CC addresses of a public reply (a JSON array) and how the message came in, added by the conversation view. */
export interface CommentTable {
  cc: string | null;
  channel: TicketChannel | null;
}

/** A canned reply: a Mustache body and optional field changes; shared when it has no owner. */
export interface MacroTable {
  id: Generated<number>;
  name: string;
  body: string;
  owner_agent_id: number | null;
  set_status: TicketStatus | null;
  set_priority: TicketPriority | null;
  set_assignee_id: number | null;
  created_at: Instant;
  updated_at: Instant;
}
export type Macro = Selectable<MacroTable>;

export interface Database {
  macros: MacroTable;
}

/** Scopes of an API token and its own rate limit (migration 027, integration API). */
export interface ApiTokenTable {
  /** JSON array of ApiScope: what the token may touch (see server/modules/auth/scopes.ts). */
  scopes: Generated<string>;
  /** Requests a minute; null: the installation's default. */
  rate_limit_per_minute: number | null;
}

/** The first answer to a POST with an `Idempotency-Key`, kept 24 hours per caller and key. */
export interface IdempotencyKeyTable {
  /** `token:<id>` or `agent:<id>` (a session). */
  principal: string;
  key: string;
  /** sha256 of method, route address and body: the same key with another request is refused. */
  request_hash: string;
  /** null while the first request runs. */
  status: number | null;
  content_type: string | null;
  body: string | null;
  created_at: Instant;
  expires_at: Instant;
}

export interface Database {
  idempotency_keys: IdempotencyKeyTable;
}

/** Rows waiting to enter the search indexes: doc = id × 4 + kind (ticket 0, comment 1, organization 2, contact 3). */
export interface SearchQueueTable {
  doc: number;
}

/** While a full rebuild of the search indexes runs: how many rows it started with (one row at most). */
export interface SearchRebuildTable {
  id: number;
  total: number;
  started_at: Instant;
}

/**
 * Each indexed document's key in creation order across the four kinds: key = position × 4 + kind. The word and
 * code indexes are keyed by it (SQLite's rowid, PostgreSQL's doc), so reading them backwards is newest first.
 */
export interface SearchKeysTable {
  key: number;
  doc: number;
}

export interface Database {
  search_keys: SearchKeysTable;
  search_queue: SearchQueueTable;
  search_rebuild: SearchRebuildTable;
}

/** An escalation policy of an agreement tier: steps `[{ target, delayMinutes }]` as JSON, run up to `repeat_count` rounds. */
export interface EscalationPolicyTable {
  id: Generated<number>;
  tier: AgreementTier;
  steps: string;
  repeat_count: number;
  updated_at: Instant;
  updated_by: number | null;
}

/** A ticket's escalation chain, its policy frozen when it started; `next_at` (epoch ms) is null once stopped. */
export interface TicketEscalationTable {
  ticket_id: number;
  policy: string;
  started_at: Instant;
  step: number;
  round: number;
  next_at: number | null;
  acknowledged_at: Instant | null;
  acknowledged_by: number | null;
  stopped_reason: 'acknowledged' | 'exhausted' | 'resolved' | null;
}

/** One page of an engineer by one channel, for one step of a ticket's chain. */
export interface DutyPageTable {
  id: Generated<number>;
  ticket_id: number;
  step: number;
  round: number;
  target: string;
  agent_id: number;
  channel: 'sms' | 'email';
  at: Instant;
  acknowledged_at: Instant | null;
}

export interface Database {
  escalation_policies: EscalationPolicyTable;
  ticket_escalations: TicketEscalationTable;
  duty_pages: DutyPageTable;
}

/** A team's duty schedule: handoffs and restrictions are local times in `timezone`. */
export interface DutyScheduleTable {
  id: Generated<number>;
  team_id: number;
  name: string;
  timezone: string;
  created_at: Instant;
  updated_at: Instant;
}

/** A rotation layer; the highest `position` covering an instant decides. */
export interface DutyLayerTable {
  id: Generated<number>;
  schedule_id: number;
  position: number;
  /** JSON array of agent ids in rotation order. */
  members: string;
  shift_minutes: number;
  /** 'HH:MM' local. */
  handoff: string;
  /** 'YYYY-MM-DD' local. */
  starts_on: string;
  /** JSON array of {days:[1..7], from:'HH:MM', to:'HH:MM'}. */
  restrictions: string;
  skip_holidays: number;
}

export interface DutyOverrideTable {
  id: Generated<number>;
  schedule_id: number;
  agent_id: number;
  replaces_agent_id: number | null;
  from_at: Instant;
  to_at: Instant;
  created_by: number | null;
  reason: string | null;
}

export interface DutySwapTable {
  id: Generated<number>;
  schedule_id: number;
  requester_id: number;
  with_agent_id: number;
  from_at: Instant;
  to_at: Instant;
  status: 'requested' | 'approved' | 'rejected';
  decided_by: number | null;
  created_at: Instant;
}

/** Leave, local dates inclusive. */
export interface AgentLeaveTable {
  id: Generated<number>;
  agent_id: number;
  from_date: string;
  to_date: string;
  note: string | null;
}

/** The team's business hours (migration 023). */
export interface TeamTable {
  calendar_id: number | null;
}

export interface Database {
  duty_schedules: DutyScheduleTable;
  duty_layers: DutyLayerTable;
  duty_overrides: DutyOverrideTable;
  duty_swaps: DutySwapTable;
  agent_leaves: AgentLeaveTable;
}

// Webhooks (issue 19): endpoints that receive signed domain events, and each message's delivery (queue and log).
export interface WebhookEndpointTable {
  id: Generated<number>;
  url: string;
  description: Generated<string>;
  /** JSON array of event types and `prefix.*` patterns. */
  events: string;
  organization_id: number | null;
  payload: Generated<'thin' | 'full'>;
  /** JSON object of extra request headers. */
  headers: Generated<string>;
  github_signature: Generated<number>;
  active: Generated<number>;
  /** Sealed under the installation's webhook key; never returned by the API. */
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Instant | null;
  from_event_id: Generated<number>;
  failing_since: Instant | null;
  disabled_reason: string | null;
  created_by: number | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface WebhookDeliveryTable {
  id: Generated<number>;
  endpoint_id: number;
  message_id: string;
  event_id: number | null;
  event_type: string;
  body: string;
  status: Generated<'pending' | 'succeeded' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Instant | null;
  manual: Generated<number>;
  request_headers: string | null;
  response_status: number | null;
  response_body: string | null;
  duration_ms: number | null;
  error: string | null;
  created_at: Instant;
  last_attempt_at: Instant | null;
}

export interface Database {
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
}

/** A support line (L1 → L2 → development): escalation moves a ticket to the next position's team queue. */
export interface SupportLineTable {
  id: Generated<number>;
  position: number;
  name: string;
  team_id: number | null;
  kind: 'support' | 'development';
  updated_at: Instant;
}

export interface Database {
  support_lines: SupportLineTable;
}

/** Support lines and warranty on a ticket (issue 18); merged into the ticket's table above. */
export interface TicketTable {
  /** The position of the line the ticket is on; null is the first line. */
  support_line: number | null;
  external_issue_url: string | null;
  external_issue_state: string | null;
  external_issue_updated_at: Instant | null;
  /** Why the ticket got its agreement, as `code` or `code:YYYY-MM-DD` (see sla/agreement-choice.ts). */
  agreement_reason: string | null;
}

/** A warranty agreement's product, version and period (issue 18); merged into the agreement's table above. */
export interface AgreementTable {
  product_service_id: number | null;
  product_version: string | null;
  /** The delivery date the warranty runs from (YYYY-MM-DD). */
  warranty_start: string | null;
  warranty_months: number | null;
}

/** Claims of shared work (issue 21): who is sending an outbox item and until when its claim holds. */
export interface OutboxTable {
  claimed_by: string | null;
  claim_expires_at: Instant | null;
}

/** One sender drains an endpoint at a time (issue 21), so its messages stay in order across nodes. */
export interface WebhookEndpointTable {
  claimed_by: string | null;
  claim_expires_at: Instant | null;
}

/** A counter every node sees (sign-in throttle, API token windows): one row per key, purged when idle. */
export interface ThrottleCounterTable {
  key: string;
  count: Generated<number>;
  /** Checks under way; they count only while `reserved_until` is ahead (a node that died frees them). */
  in_flight: Generated<number>;
  window_start: Instant;
  next_allowed_at: Instant | null;
  reserved_until: Instant | null;
  updated_at: Instant;
}

export type InboundSpoolStatus = 'pending' | 'failed';

/** A message the SMTP receiver accepted and stored raw, filed later by whichever node claims it. */
export interface InboundSpoolTable {
  id: string;
  raw_sha256: string;
  raw_size: number;
  source: string;
  envelope_from: string | null;
  received_at: Instant;
  status: Generated<InboundSpoolStatus>;
  attempts: Generated<number>;
  claimed_by: string | null;
  claim_expires_at: Instant | null;
  last_error: string | null;
}

export interface Database {
  throttle_counters: ThrottleCounterTable;
  inbound_spool: InboundSpoolTable;
}

/** A node of the installation: one row per node id, refreshed by its heartbeat (server/cluster/nodes.ts). */
export interface ClusterNodeTable {
  node_id: string;
  instance_id: string;
  version: string;
  address: string;
  hostname: string;
  pid: number;
  schema_version: string;
  started_at: Instant;
  heartbeat_at: Instant;
  stopped_at: Instant | null;
}

/** Who does a piece of background work until when (server/cluster/leases.ts); `token` fences a takeover. */
export interface LeaseTable {
  name: string;
  holder_node_id: string;
  token: number;
  acquired_at: Instant;
  expires_at: Instant;
}

export interface Database {
  cluster_nodes: ClusterNodeTable;
  leases: LeaseTable;
}
