// What an API token may touch: its scopes, and the one scope each route of the API needs. Pure: no Fastify,
// no database. The role of the token's agent still decides what the agent may do at all (policy.ts); a scope
// only narrows a token below its agent, never widens it.

export const apiScopes = [
  'read',
  'write',
  'tickets:write',
  'organizations:write',
  'agreements:write',
  'money:write',
  'reports:write',
  'webhooks:write',
  'admin',
] as const;
export type ApiScope = (typeof apiScopes)[number];

/** What each scope allows, for people choosing scopes (the token dialog, the OpenAPI document, the README). */
export const scopeDescriptions: Record<ApiScope, string> = {
  read: 'read everything the agent may see (every GET), the events feed included',
  write: 'every change the agent may make (the scope of tokens made before scopes were listed)',
  'tickets:write': 'tickets, comments, attachments, links, time (worklogs, timers), views, macros',
  'organizations:write': 'clients, their contacts, addresses and mail domains',
  'agreements:write': 'agreements, services, calendars, hour packages, rates, recurring services, client costs',
  'money:write': 'documents (invoices, acts), payments, legal entities, salaries',
  'reports:write': 'report subscriptions and their deliveries',
  'webhooks:write': 'webhook endpoints, their tests and redeliveries',
  admin: 'administration: agents, teams, API tokens, license, jobs, mail, notifications, portal, forms, surveys',
};

export function isApiScope(value: string): value is ApiScope {
  return (apiScopes as readonly string[]).includes(value);
}

/** The first segment of a route under /api/v1 → the scope its changes need. */
const areaScopes: Record<string, Exclude<ApiScope, 'read' | 'write'>> = {
  tickets: 'tickets:write',
  comments: 'tickets:write',
  attachments: 'tickets:write',
  'ticket-links': 'tickets:write',
  board: 'tickets:write',
  workload: 'tickets:write',
  views: 'tickets:write',
  search: 'tickets:write',
  worklogs: 'tickets:write',
  'worklog-activities': 'admin',
  'time-settings': 'admin',
  macros: 'tickets:write',
  organizations: 'organizations:write',
  contacts: 'organizations:write',
  agreements: 'agreements:write',
  services: 'agreements:write',
  calendars: 'agreements:write',
  'rate-cards': 'agreements:write',
  'rate-multipliers': 'agreements:write',
  discounts: 'agreements:write',
  'recurring-services': 'agreements:write',
  'recurring-charges': 'agreements:write',
  'client-costs': 'agreements:write',
  documents: 'money:write',
  'document-templates': 'money:write',
  'legal-entities': 'money:write',
  payments: 'money:write',
  balances: 'money:write',
  salaries: 'money:write',
  reports: 'reports:write',
  'report-subscriptions': 'reports:write',
  'report-deliveries': 'reports:write',
  dashboards: 'reports:write',
  webhooks: 'webhooks:write',
  invoices: 'money:write',
  acts: 'money:write',
  contracts: 'money:write',
  'duty-schedules': 'admin',
  'escalation-policies': 'admin',
  'support-lines': 'admin',
  agents: 'admin',
  tokens: 'admin',
  teams: 'admin',
  license: 'admin',
  jobs: 'admin',
  'mail-receivers': 'admin',
  'inbound-messages': 'admin',
  outbox: 'admin',
  'notification-templates': 'admin',
  'notification-rules': 'admin',
  sms: 'admin',
  forms: 'admin',
  'survey-settings': 'admin',
  events: 'admin',
  auth: 'admin',
  portal: 'admin',
};

/** Routes of an agent's own things, which need less than their area: an engineer's token may run its own timer. */
const ownRoutes: { pattern: RegExp; scope: Exclude<ApiScope, 'read' | 'write'> }[] = [
  { pattern: /^\/agents\/me\/timer(\/|$)/, scope: 'tickets:write' },
  { pattern: /^\/agents\/me\/notification-preferences$/, scope: 'tickets:write' },
];

/**
 * The scope a route needs: `read` for GET and HEAD, otherwise the scope of its area (the first segment after
 * /api/v1). `route` is the route's pattern as registered (`/api/v1/tickets/:id`), not the raw address. Returns
 * null for a route outside /api/v1 or of an area no scope names yet — a test walks every route so none is; the
 * auth layer asks `admin` for such a route, so a new area is closed to narrow tokens until it is named here.
 */
export function requiredScope(method: string, route: string): ApiScope | null {
  if (!route.startsWith('/api/v1/')) return null;
  const path = route.slice('/api/v1'.length);
  if (method === 'GET' || method === 'HEAD') return 'read';
  for (const own of ownRoutes) if (own.pattern.test(path)) return own.scope;
  const area = /^\/([^/]+)/.exec(path)?.[1];
  if (!area) return null;
  const base = area.replace(/\.[a-z]+$/, '').replace(/^:.*/, '');
  return areaScopes[base] ?? null;
}

/**
 * Whether a token holding `scopes` may call a route that needs `needed`. `write` (tokens made before scopes
 * were listed) stands for every change its agent may make; `admin` also allows every other change, as an admin
 * token did before.
 */
export function scopeAllows(scopes: readonly ApiScope[], needed: ApiScope): boolean {
  if (scopes.includes(needed)) return true;
  if (needed === 'read') return false;
  return scopes.includes('write') || scopes.includes('admin');
}

/** The old single-word scope kept in step for an older server reading the same database. */
export function legacyScope(scopes: readonly ApiScope[]): 'read' | 'write' {
  return scopes.length === 1 && scopes[0] === 'read' ? 'read' : 'write';
}

/** The stored JSON array, tolerating a value written by hand: unknown words are dropped. */
export function parseScopes(json: string): ApiScope[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((s): s is ApiScope => typeof s === 'string' && isApiScope(s)) : [];
  } catch {
    return [];
  }
}
