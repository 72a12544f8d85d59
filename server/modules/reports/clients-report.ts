import { slaReport, type SlaTicketFacts } from './sla-report.js';
import type { ReportPeriod } from './report-period.js';

/**
 * The clients report as a pure function: per client, the tickets created and resolved in the period (desk
 * dates), SLA compliance by the SLA report's own rules, the hour packages of its agreements over the periods
 * that overlap the report's, and the recurring services (domains, certificates…) that expire by the period's
 * end plus a look-ahead, and the satisfaction scores its contacts gave in the period (by when they answered).
 */

export interface ClientTicket {
  organizationId: number;
  createdAt: number;
  /** The last resolution while the ticket is resolved or closed. */
  resolvedAt: number | null;
}

export interface ClientPackageUse {
  organizationId: number;
  grantedMinutes: number;
  usedMinutes: number;
}

export interface ExpiringService {
  organizationId: number;
  organizationName: string;
  name: string;
  kind: string;
  expiresOn: string;
}

export interface ClientFacts {
  organizations: ReadonlyArray<{ id: number; name: string }>;
  tickets: readonly ClientTicket[];
  sla: readonly SlaTicketFacts[];
  packages: readonly ClientPackageUse[];
  expiring: readonly ExpiringService[];
  /** Survey answers (score 1–5) of the client's tickets, at the instant given. */
  satisfaction?: readonly { organizationId: number; score: number; at: number }[];
}

export interface ClientRow {
  organizationId: number;
  organizationName: string;
  created: number;
  resolved: number;
  reactionCompliance: number | null;
  resolutionCompliance: number | null;
  breaches: number;
  packageGrantedMinutes: number | null;
  packageUsedMinutes: number | null;
  expiringServices: number;
  /** Average survey score (1–5, two decimals) of the period's answers; null when there were none. */
  satisfactionAverage: number | null;
  satisfactionAnswers: number;
}

export function clientsReport(
  facts: ClientFacts,
  period: ReportPeriod,
  span: { start: number; end: number },
): { rows: ClientRow[]; expiring: ExpiringService[] } {
  const rows = new Map<number, ClientRow>();
  for (const o of facts.organizations)
    rows.set(o.id, {
      organizationId: o.id,
      organizationName: o.name,
      created: 0,
      resolved: 0,
      reactionCompliance: null,
      resolutionCompliance: null,
      breaches: 0,
      packageGrantedMinutes: null,
      packageUsedMinutes: null,
      expiringServices: 0,
      satisfactionAverage: null,
      satisfactionAnswers: 0,
    });
  const inSpan = (at: number | null) => at !== null && at >= span.start && at < span.end;
  for (const t of facts.tickets) {
    const row = rows.get(t.organizationId);
    if (!row) continue;
    if (inSpan(t.createdAt)) row.created += 1;
    if (inSpan(t.resolvedAt)) row.resolved += 1;
  }
  const slaByClient = new Map<number, SlaTicketFacts[]>();
  for (const f of facts.sla) {
    const list = slaByClient.get(f.organizationId) ?? [];
    list.push(f);
    slaByClient.set(f.organizationId, list);
  }
  for (const [organizationId, list] of slaByClient) {
    const row = rows.get(organizationId);
    if (!row) continue;
    const { total } = slaReport(list, period, 'priority');
    row.reactionCompliance = total.reactionCompliance;
    row.resolutionCompliance = total.resolutionCompliance;
    row.breaches = total.reactionBreached + total.resolutionBreached;
  }
  for (const p of facts.packages) {
    const row = rows.get(p.organizationId);
    if (!row) continue;
    row.packageGrantedMinutes = (row.packageGrantedMinutes ?? 0) + p.grantedMinutes;
    row.packageUsedMinutes = (row.packageUsedMinutes ?? 0) + p.usedMinutes;
  }
  for (const e of facts.expiring) {
    const row = rows.get(e.organizationId);
    if (row) row.expiringServices += 1;
  }
  const scoreSums = new Map<number, number>();
  for (const s of facts.satisfaction ?? []) {
    const row = rows.get(s.organizationId);
    if (!row || !inSpan(s.at)) continue;
    row.satisfactionAnswers += 1;
    scoreSums.set(s.organizationId, (scoreSums.get(s.organizationId) ?? 0) + s.score);
  }
  for (const row of rows.values())
    if (row.satisfactionAnswers > 0)
      row.satisfactionAverage =
        Math.round(((scoreSums.get(row.organizationId) ?? 0) / row.satisfactionAnswers) * 100) / 100;
  // A client with nothing to show (no tickets, no SLA, no package, nothing expiring) is left out.
  const shown = [...rows.values()].filter(
    (r) =>
      r.created + r.resolved + r.expiringServices + r.satisfactionAnswers > 0 ||
      r.reactionCompliance !== null ||
      r.resolutionCompliance !== null ||
      r.packageGrantedMinutes !== null,
  );
  shown.sort(
    (a, b) => a.organizationName.localeCompare(b.organizationName, 'ru') || a.organizationId - b.organizationId,
  );
  const expiring = [...facts.expiring].sort(
    (a, b) => a.expiresOn.localeCompare(b.expiresOn) || a.organizationName.localeCompare(b.organizationName, 'ru'),
  );
  return { rows: shown, expiring };
}
