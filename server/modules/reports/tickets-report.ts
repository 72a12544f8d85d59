import type { TicketChannel, TicketPriority, TicketStatus, TicketType } from '../../db/schema.js';
import { channelLabels, noneLabel, statusLabels, typeLabels } from './report-labels.js';
import type { Language } from './report-period.js';

/**
 * The tickets report as a pure accumulator: tickets are added one by one (the service streams them in pages,
 * so a desk of a million tickets never sits in memory) and the figures come out grouped. In the period
 * [start, end): created = created in it; resolved = last resolved (or closed without a resolution) in it;
 * backlog = created before the end and not resolved or closed by then, aged at the end of the period.
 */

export const TICKET_GROUPINGS = ['status', 'priority', 'type', 'service', 'team', 'organization', 'channel'] as const;
export type TicketGrouping = (typeof TICKET_GROUPINGS)[number];

export interface TicketFacts {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  type: TicketType;
  channel: TicketChannel;
  createdAt: number;
  /** The last resolution, else the closing; null while the ticket is still work. */
  doneAt: number | null;
  service: { id: number; name: string } | null;
  team: { id: number; name: string } | null;
  organization: { id: number; name: string };
}

/** Backlog age at the end of the period, in calendar days: [from, to) with to null for "and older". */
export const BACKLOG_AGE_BUCKETS = [
  { key: 'backlogUnder1Day', fromDays: 0, toDays: 1, en: 'under 1 day', ru: 'до 1 дня' },
  { key: 'backlog1To3Days', fromDays: 1, toDays: 3, en: '1–3 days', ru: '1–3 дня' },
  { key: 'backlog3To7Days', fromDays: 3, toDays: 7, en: '3–7 days', ru: '3–7 дней' },
  { key: 'backlog7To30Days', fromDays: 7, toDays: 30, en: '7–30 days', ru: '7–30 дней' },
  { key: 'backlogOver30Days', fromDays: 30, toDays: null, en: '30 days and more', ru: '30 дней и больше' },
] as const;
export type BacklogAgeKey = (typeof BACKLOG_AGE_BUCKETS)[number]['key'];

export type TicketCounts = { created: number; resolved: number; backlog: number } & Record<BacklogAgeKey, number>;
export type TicketsRow = { key: string; label: string } & TicketCounts;

export interface TicketsReport {
  rows: TicketsRow[];
  totals: TicketCounts;
  backlogAge: Array<{ bucket: BacklogAgeKey; label: string; tickets: number }>;
}

/** Where a ticket stands in the period; null when the period does not concern it. */
export interface TicketInPeriod {
  created: boolean;
  resolved: boolean;
  backlog: boolean;
  /** The backlog age bucket, when in the backlog. */
  age: BacklogAgeKey | null;
}

const DAY = 86_400_000;

export function ticketInPeriod(
  t: Pick<TicketFacts, 'createdAt' | 'doneAt'>,
  span: { start: number; end: number },
): TicketInPeriod | null {
  const created = t.createdAt >= span.start && t.createdAt < span.end;
  const resolved = t.doneAt !== null && t.doneAt >= span.start && t.doneAt < span.end;
  const backlog = t.createdAt < span.end && (t.doneAt === null || t.doneAt >= span.end);
  if (!created && !resolved && !backlog) return null;
  let age: BacklogAgeKey | null = null;
  if (backlog) {
    const days = (span.end - t.createdAt) / DAY;
    age = BACKLOG_AGE_BUCKETS.find((b) => b.toDays === null || days < b.toDays)!.key;
  }
  return { created, resolved, backlog, age };
}

function groupKey(t: TicketFacts, groupBy: TicketGrouping, language: Language): { key: string; label: string } {
  switch (groupBy) {
    case 'status':
      return { key: t.status, label: statusLabels[t.status][language] };
    case 'priority':
      return { key: t.priority, label: t.priority };
    case 'type':
      return { key: t.type, label: typeLabels[t.type][language] };
    case 'channel':
      return { key: t.channel, label: channelLabels[t.channel][language] };
    case 'service':
      return t.service
        ? { key: String(t.service.id), label: t.service.name }
        : { key: 'none', label: noneLabel[language] };
    case 'team':
      return t.team ? { key: String(t.team.id), label: t.team.name } : { key: 'none', label: noneLabel[language] };
    case 'organization':
      return { key: String(t.organization.id), label: t.organization.name };
  }
}

/** The fixed order of the enumerated groupings; named ones (service, team, client) go by label. */
const fixedOrder: Partial<Record<TicketGrouping, readonly string[]>> = {
  status: Object.keys(statusLabels),
  priority: ['P1', 'P2', 'P3', 'P4'],
  type: Object.keys(typeLabels),
  channel: Object.keys(channelLabels),
};

const zero = (): TicketCounts => ({
  created: 0,
  resolved: 0,
  backlog: 0,
  backlogUnder1Day: 0,
  backlog1To3Days: 0,
  backlog3To7Days: 0,
  backlog7To30Days: 0,
  backlogOver30Days: 0,
});

function addTo(counts: TicketCounts, p: TicketInPeriod) {
  if (p.created) counts.created += 1;
  if (p.resolved) counts.resolved += 1;
  if (p.backlog) counts.backlog += 1;
  if (p.age) counts[p.age] += 1;
}

export class TicketsReportBuilder {
  private readonly groups = new Map<string, TicketsRow>();
  private readonly totals = zero();

  constructor(
    private readonly span: { start: number; end: number },
    private readonly groupBy: TicketGrouping,
    private readonly language: Language,
  ) {}

  /** Adds a ticket; answers where it stands in the period (null: not in the report). */
  add(t: TicketFacts): TicketInPeriod | null {
    const p = ticketInPeriod(t, this.span);
    if (!p) return null;
    const { key, label } = groupKey(t, this.groupBy, this.language);
    let row = this.groups.get(key);
    if (!row) this.groups.set(key, (row = { key, label, ...zero() }));
    addTo(row, p);
    addTo(this.totals, p);
    return p;
  }

  result(): TicketsReport {
    const order = fixedOrder[this.groupBy];
    const rows = [...this.groups.values()].sort((a, b) =>
      order
        ? order.indexOf(a.key) - order.indexOf(b.key)
        : a.key === 'none'
          ? 1
          : b.key === 'none'
            ? -1
            : a.label.localeCompare(b.label, 'ru') || a.key.localeCompare(b.key),
    );
    return {
      rows,
      totals: { ...this.totals },
      backlogAge: BACKLOG_AGE_BUCKETS.map((b) => ({
        bucket: b.key,
        label: b[this.language],
        tickets: this.totals[b.key],
      })),
    };
  }
}

export const groupLabelOf = groupKey;
