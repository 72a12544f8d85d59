import { businessMinutesBetween, type CompiledCalendar, type Pause } from '../calendars/index.js';
import type { TicketPriority } from '../../db/schema.js';
import { median, p90 } from './percentiles.js';
import { periodInstants, type ReportPeriod } from './report-period.js';

/**
 * The SLA report as a pure function of the tickets' kept facts and the period. Each reaction and each
 * resolution is counted once, in the period its outcome was decided — a met one when the reply or the (last)
 * resolution came, a breached one at the deadline it missed — so monthly figures add up to the year's and a
 * period never counts a ticket twice. Times are business minutes of the ticket's agreement calendar with the
 * paused time taken out.
 */

export interface SlaTicketFacts {
  id: number;
  number: number;
  subject: string;
  organizationId: number;
  organizationName: string;
  agreementId: number;
  agreementNumber: string;
  priority: TicketPriority;
  calendar: CompiledCalendar;
  createdAt: number;
  firstResponseAt: number | null;
  /** The last resolution, only while the ticket is resolved or closed (a reopened ticket has none). */
  resolvedAt: number | null;
  reactionDue: number | null;
  resolutionDue: number | null;
  reactionBreachedAt: number | null;
  resolutionBreachedAt: number | null;
  /** Every stretch the clock stood still (waiting for the client; resolved before a reopen), in order. */
  pauses: Pause[];
}

export type Outcome = 'met' | 'breached';

/** What one ticket adds to the report of one period. */
export interface SlaTicketOutcome {
  reaction: Outcome | null;
  resolution: Outcome | null;
  /** Business minutes to the first reply, when it came in the period. */
  reactionMinutes: number | null;
  /** Business minutes to the last resolution, when it came in the period. */
  resolutionMinutes: number | null;
  /** Business minutes paused before that resolution. */
  pausedMinutes: number | null;
}

export const SLA_GROUPINGS = ['priority', 'agreement'] as const;
export type SlaGrouping = (typeof SLA_GROUPINGS)[number];
export const PRIORITIES: readonly TicketPriority[] = ['P1', 'P2', 'P3', 'P4'];

export interface SlaRow {
  priority: TicketPriority | null;
  agreementId: number | null;
  agreementNumber: string | null;
  tickets: number;
  reactionMet: number;
  reactionBreached: number;
  reactionCompliance: number | null;
  resolutionMet: number;
  resolutionBreached: number;
  resolutionCompliance: number | null;
  reactionMedianMinutes: number | null;
  reactionP90Minutes: number | null;
  resolutionMedianMinutes: number | null;
  resolutionP90Minutes: number | null;
  pausedMinutes: number;
}

export interface SlaBreach {
  ticketId: number;
  number: number;
  subject: string;
  organizationName: string;
  agreementNumber: string;
  priority: TicketPriority;
  kind: 'reaction' | 'resolution';
  /** The deadline missed (the instant the breach was recorded), ISO. */
  dueAt: string;
  /** When the reply or resolution finally came, ISO; null while still awaited. */
  doneAt: string | null;
  /** The agreement calendar's time zone, in which the deadline reads. */
  zone: string;
}

export interface SlaReport {
  rows: SlaRow[];
  total: SlaRow;
  breaches: SlaBreach[];
}

const within = (at: number | null, span: { start: number; end: number }): at is number =>
  at !== null && at >= span.start && at < span.end;

const pausesBefore = (pauses: readonly Pause[], until: number): Pause[] =>
  pauses.filter((p) => p.from < until).map((p) => ({ from: p.from, to: Math.min(p.to, until) }));

export function slaOutcome(t: SlaTicketFacts, span: { start: number; end: number }): SlaTicketOutcome {
  // A recorded breach is final whatever came later; a met one needs the reply (resolution) and a deadline.
  const reaction: Outcome | null =
    t.reactionBreachedAt !== null
      ? within(t.reactionBreachedAt, span)
        ? 'breached'
        : null
      : t.reactionDue !== null && within(t.firstResponseAt, span)
        ? 'met'
        : null;
  const resolution: Outcome | null =
    t.resolutionBreachedAt !== null
      ? within(t.resolutionBreachedAt, span)
        ? 'breached'
        : null
      : t.resolutionDue !== null && within(t.resolvedAt, span)
        ? 'met'
        : null;
  const reactionMinutes = within(t.firstResponseAt, span)
    ? businessMinutesBetween(t.calendar, t.createdAt, t.firstResponseAt, pausesBefore(t.pauses, t.firstResponseAt))
    : null;
  let resolutionMinutes: number | null = null;
  let pausedMinutes: number | null = null;
  if (within(t.resolvedAt, span)) {
    const pauses = pausesBefore(t.pauses, t.resolvedAt);
    resolutionMinutes = businessMinutesBetween(t.calendar, t.createdAt, t.resolvedAt, pauses);
    pausedMinutes = 0;
    for (const p of pauses) pausedMinutes += businessMinutesBetween(t.calendar, Math.max(p.from, t.createdAt), p.to);
  }
  return { reaction, resolution, reactionMinutes, resolutionMinutes, pausedMinutes };
}

const compliance = (met: number, breached: number) => (met + breached === 0 ? null : met / (met + breached));

class RowBuilder {
  tickets = 0;
  reactionMet = 0;
  reactionBreached = 0;
  resolutionMet = 0;
  resolutionBreached = 0;
  reactionTimes: number[] = [];
  resolutionTimes: number[] = [];
  pausedMinutes = 0;

  add(o: SlaTicketOutcome) {
    this.tickets += 1;
    if (o.reaction === 'met') this.reactionMet += 1;
    if (o.reaction === 'breached') this.reactionBreached += 1;
    if (o.resolution === 'met') this.resolutionMet += 1;
    if (o.resolution === 'breached') this.resolutionBreached += 1;
    if (o.reactionMinutes !== null) this.reactionTimes.push(o.reactionMinutes);
    if (o.resolutionMinutes !== null) this.resolutionTimes.push(o.resolutionMinutes);
    this.pausedMinutes += o.pausedMinutes ?? 0;
  }

  row(key: Pick<SlaRow, 'priority' | 'agreementId' | 'agreementNumber'>): SlaRow {
    return {
      ...key,
      tickets: this.tickets,
      reactionMet: this.reactionMet,
      reactionBreached: this.reactionBreached,
      reactionCompliance: compliance(this.reactionMet, this.reactionBreached),
      resolutionMet: this.resolutionMet,
      resolutionBreached: this.resolutionBreached,
      resolutionCompliance: compliance(this.resolutionMet, this.resolutionBreached),
      reactionMedianMinutes: median(this.reactionTimes),
      reactionP90Minutes: p90(this.reactionTimes),
      resolutionMedianMinutes: median(this.resolutionTimes),
      resolutionP90Minutes: p90(this.resolutionTimes),
      pausedMinutes: this.pausedMinutes,
    };
  }
}

const counts = (o: SlaTicketOutcome) =>
  o.reaction !== null || o.resolution !== null || o.reactionMinutes !== null || o.resolutionMinutes !== null;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The tickets' outcomes in the period, one row per priority (all four, in order) or per agreement (by number). */
export function slaReport(tickets: readonly SlaTicketFacts[], period: ReportPeriod, groupBy: SlaGrouping): SlaReport {
  const spans = new Map<string, { start: number; end: number }>();
  const spanOf = (zone: string) => {
    let span = spans.get(zone);
    if (!span) spans.set(zone, (span = periodInstants(period, zone)));
    return span;
  };
  const total = new RowBuilder();
  const groups = new Map<
    string,
    { key: Pick<SlaRow, 'priority' | 'agreementId' | 'agreementNumber'>; b: RowBuilder }
  >();
  if (groupBy === 'priority')
    for (const priority of PRIORITIES)
      groups.set(priority, { key: { priority, agreementId: null, agreementNumber: null }, b: new RowBuilder() });
  const breaches: SlaBreach[] = [];
  for (const t of tickets) {
    const o = slaOutcome(t, spanOf(t.calendar.zone));
    if (!counts(o)) continue;
    total.add(o);
    const id = groupBy === 'priority' ? t.priority : String(t.agreementId);
    let group = groups.get(id);
    if (!group) {
      group = {
        key:
          groupBy === 'priority'
            ? { priority: t.priority, agreementId: null, agreementNumber: null }
            : { priority: null, agreementId: t.agreementId, agreementNumber: t.agreementNumber },
        b: new RowBuilder(),
      };
      groups.set(id, group);
    }
    group.b.add(o);
    const breach = (kind: SlaBreach['kind'], dueAt: number, doneAt: number | null) =>
      breaches.push({
        ticketId: t.id,
        number: t.number,
        subject: t.subject,
        organizationName: t.organizationName,
        agreementNumber: t.agreementNumber,
        priority: t.priority,
        kind,
        dueAt: iso(dueAt)!,
        doneAt: iso(doneAt),
        zone: t.calendar.zone,
      });
    if (o.reaction === 'breached') breach('reaction', t.reactionBreachedAt!, t.firstResponseAt);
    if (o.resolution === 'breached') breach('resolution', t.resolutionBreachedAt!, t.resolvedAt);
  }
  let rows = [...groups.values()].map((g) => g.b.row(g.key));
  if (groupBy === 'agreement')
    rows = rows.sort((a, b) => (a.agreementNumber ?? '').localeCompare(b.agreementNumber ?? '', 'ru'));
  breaches.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.number - b.number);
  return { rows, total: total.row({ priority: null, agreementId: null, agreementNumber: null }), breaches };
}
