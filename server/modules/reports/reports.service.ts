import type { Ctx } from '../../context.js';
import { badRequest, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { compiledCalendar, type CompiledCalendar } from '../calendars/index.js';
import type { ReportDocument, ReportTable } from './report-document.js';
import { DESK_ZONE, periodInstants, periodProblem, type Language, type ReportPeriod } from './report-period.js';
import { slaDefinitions, slaDocument } from './sla-document.js';
import { slaOutcome, slaReport, type SlaTicketFacts } from './sla-report.js';
import { ticketDefinitions, ticketsDocument } from './tickets-document.js';
import { TicketsReportBuilder, groupLabelOf, type TicketFacts, type TicketInPeriod } from './tickets-report.js';
import type { SlaQuery, TicketsQuery } from './reports.schemas.js';
import { statusLabels, typeLabels } from './report-labels.js';
import * as repo from './reports.repository.js';

/** Zones lie within UTC−12…UTC+14: a period widened by this much holds every zone's version of it. */
const ZONE_MARGIN = 15 * 3600_000;
const PAGE = 1000;

const ms = (text: string | null) => (text === null ? null : Date.parse(text));

export function readerLanguage(ctx: Ctx, asked: Language | undefined): Language {
  if (asked) return asked;
  return ctx.actor.kind !== 'system' && ctx.actor.language.startsWith('en') ? 'en' : 'ru';
}

export function checkedPeriod(query: ReportPeriod): ReportPeriod {
  const problem = periodProblem(query);
  if (problem) throw badRequest(problem, { errors: [{ path: 'querystring.to', message: problem }] });
  return { from: query.from, to: query.to };
}

export function coarseRange(period: ReportPeriod): repo.InstantRange {
  const start = Date.parse(`${period.from}T00:00:00Z`) - ZONE_MARGIN;
  const end = Date.parse(`${period.to}T00:00:00Z`) + 86_400_000 + ZONE_MARGIN;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/** The facts of the tickets an SLA report may count, with their calendars compiled once each. */
export async function slaFacts(ctx: Ctx, period: ReportPeriod, query: repo.SlaScope): Promise<SlaTicketFacts[]> {
  const rows = await repo.slaTicketRows(ctx.db, coarseRange(period), {
    ...(query.organizationId !== undefined && { organizationId: query.organizationId }),
    ...(query.agreementId !== undefined && { agreementId: query.agreementId }),
  });
  const now = ctx.clock.now().getTime();
  const calendars = new Map<number, CompiledCalendar>();
  for (const row of await repo.calendarsByIds(ctx.db, [...new Set(rows.map((r) => r.calendar_id))]))
    calendars.set(row.id, await compiledCalendar(ctx, row));
  const pauses = await repo.pausesOf(
    ctx.db,
    rows.map((r) => r.id),
    now,
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    subject: r.subject,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    agreementId: r.agreement_id!,
    agreementNumber: r.agreement_number,
    priority: r.priority,
    calendar: calendars.get(r.calendar_id)!,
    createdAt: Date.parse(r.created_at),
    firstResponseAt: ms(r.first_response_at),
    resolvedAt: r.status === 'resolved' || r.status === 'closed' ? ms(r.resolved_at) : null,
    reactionDue: r.reaction_due,
    resolutionDue: r.resolution_due,
    reactionBreachedAt: ms(r.reaction_breached_at),
    resolutionBreachedAt: ms(r.resolution_breached_at),
    pauses: pauses.get(r.id) ?? [],
  }));
}

async function subtitleOf(ctx: Ctx, query: { organizationId?: number; agreementId?: number }) {
  const parts: string[] = [];
  if (query.organizationId !== undefined) {
    const org = await repo.organizationName(ctx.db, query.organizationId);
    if (!org) throw notFound(`Client ${query.organizationId} does not exist`);
    parts.push(org.name);
  }
  if (query.agreementId !== undefined) {
    const [agreement] = await repo.agreementsByIds(ctx.db, [query.agreementId]);
    if (!agreement) throw notFound(`Agreement ${query.agreementId} does not exist`);
    if (query.organizationId === undefined) parts.push(agreement.organization_name);
    parts.push(agreement.number);
  }
  return parts.length ? parts.join(', ') : undefined;
}

export async function slaReportFor(ctx: Ctx, query: SlaQuery) {
  authorize(ctx.actor, 'report.read');
  const period = checkedPeriod(query);
  const subtitle = await subtitleOf(ctx, query);
  const facts = await slaFacts(ctx, period, query);
  // Callers past HTTP (report mailing) may leave the grouping out: the route's default holds for them too.
  const report = slaReport(facts, period, query.groupBy ?? 'priority');
  const language = readerLanguage(ctx, query.language);
  return { period, facts, report, language, subtitle, definitions: slaDefinitions[language] };
}

/** Streams the tickets a tickets report looks at, page by page, each with where it stands in the period. */
async function* ticketsInPeriod(ctx: Ctx, period: ReportPeriod, organizationId: number | undefined) {
  const range = coarseRange(period);
  let afterId = 0;
  for (;;) {
    const page = await repo.ticketReportPage(ctx.db, range, organizationId, afterId, PAGE);
    for (const r of page) {
      const facts: TicketFacts = {
        id: r.id,
        number: r.number,
        subject: r.subject,
        status: r.status,
        priority: r.priority,
        type: r.type,
        channel: r.channel,
        createdAt: Date.parse(r.created_at),
        doneAt: ms(r.done_at),
        service: r.service_id !== null ? { id: r.service_id, name: r.service_name ?? '' } : null,
        team: r.team_id !== null ? { id: r.team_id, name: r.team_name ?? '' } : null,
        organization: { id: r.organization_id, name: r.organization_name },
      };
      yield facts;
    }
    if (page.length < PAGE) return;
    afterId = page[page.length - 1]!.id;
  }
}

export async function ticketsReportFor(ctx: Ctx, query: TicketsQuery) {
  authorize(ctx.actor, 'report.read');
  const period = checkedPeriod(query);
  const subtitle = await subtitleOf(ctx, query);
  const language = readerLanguage(ctx, query.language);
  const builder = new TicketsReportBuilder(periodInstants(period, DESK_ZONE), query.groupBy ?? 'status', language);
  for await (const t of ticketsInPeriod(ctx, period, query.organizationId)) builder.add(t);
  return { period, report: builder.result(), language, subtitle, definitions: ticketDefinitions[language] };
}

/** A report's per-ticket lines, for the second sheet of a workbook: produced lazily, page by page. */
export interface ReportDetails {
  sheet: string;
  columns: ReportTable['columns'];
  rows: AsyncIterable<Record<string, string | number | null>>;
}

export interface ReportOutput {
  document: ReportDocument;
  /** Every figure in one table (what CSV holds and the workbook's first sheet). */
  summary: ReportTable;
  /** The summary sheet's name when the document's title does not say what it holds. */
  summarySheet?: string;
  details: ReportDetails;
  /** More sheets after the details, small enough to be lists (the client pack's breaches, hours). */
  extraSheets?: Array<{ sheet: string; table: ReportTable }>;
  /** e.g. "sla-2026-11-01-2026-11-30": the file's name without its extension. */
  fileName: string;
}

const detailWords = {
  en: {
    sla: 'SLA tickets',
    tickets: 'Tickets',
    number: 'Ticket',
    subject: 'Subject',
    client: 'Client',
    agreement: 'Agreement',
    priority: 'Priority',
    status: 'Status',
    type: 'Type',
    group: 'Group',
    reaction: 'Reaction',
    reactionMinutes: 'Reaction, business min',
    resolution: 'Resolution',
    resolutionMinutes: 'Resolution, business min',
    pausedMinutes: 'Paused, business min',
    created: 'Created',
    done: 'Resolved',
    inPeriod: 'In the period',
    met: 'met',
    breached: 'breached',
    createdFlag: 'created',
    resolvedFlag: 'resolved',
    backlogFlag: 'backlog',
  },
  ru: {
    sla: 'Заявки SLA',
    tickets: 'Заявки',
    number: 'Заявка',
    subject: 'Тема',
    client: 'Клиент',
    agreement: 'Договор',
    priority: 'Приоритет',
    status: 'Статус',
    type: 'Тип',
    group: 'Группировка',
    reaction: 'Реакция',
    reactionMinutes: 'Реакция, раб. мин',
    resolution: 'Решение',
    resolutionMinutes: 'Решение, раб. мин',
    pausedMinutes: 'Пауза, раб. мин',
    created: 'Создана',
    done: 'Решена',
    inPeriod: 'В периоде',
    met: 'в срок',
    breached: 'нарушено',
    createdFlag: 'создана',
    resolvedFlag: 'решена',
    backlogFlag: 'в очереди',
  },
} as const;

const text = (key: string, label: string) => ({ key, label, format: 'text' as const });
const int = (key: string, label: string) => ({ key, label, align: 'right' as const, format: 'int' as const });
const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/** Two tables of the same rows (same first column) as one. */
export function sideBySide(a: ReportTable, b: ReportTable): ReportTable {
  const extra = b.columns.slice(1);
  const join = (x: ReportTable['rows'][number], y: ReportTable['rows'][number] | undefined) => ({
    ...x,
    ...Object.fromEntries(extra.map((c) => [c.key, y?.[c.key] ?? null])),
  });
  return {
    columns: [...a.columns, ...extra],
    rows: a.rows.map((row, i) => join(row, b.rows[i])),
    ...(a.totals && { totals: join(a.totals, b.totals) }),
  };
}

/** The SLA or tickets report as a document and its per-ticket lines (see report-catalogue.ts). */
export async function slaOrTicketsOutput(
  ctx: Ctx,
  name: 'sla' | 'tickets',
  query: SlaQuery | TicketsQuery,
): Promise<ReportOutput> {
  const generatedAt = ctx.clock.now().toISOString();
  if (name === 'sla') {
    const q = { ...(query as SlaQuery), groupBy: (query as SlaQuery).groupBy ?? 'priority' };
    const { period, facts, report, language, subtitle } = await slaReportFor(ctx, q);
    const w = detailWords[language];
    async function* rows() {
      for (const t of facts) {
        const o = slaOutcome(t, periodInstants(period, t.calendar.zone));
        if (o.reaction === null && o.resolution === null && o.reactionMinutes === null && o.resolutionMinutes === null)
          continue;
        yield {
          number: t.number,
          subject: t.subject,
          client: t.organizationName,
          agreement: t.agreementNumber,
          priority: t.priority,
          reaction: o.reaction && w[o.reaction],
          reactionMinutes: o.reactionMinutes,
          resolution: o.resolution && w[o.resolution],
          resolutionMinutes: o.resolutionMinutes,
          pausedMinutes: o.pausedMinutes,
          created: iso(t.createdAt),
          done: iso(t.resolvedAt),
        };
      }
    }
    const document = slaDocument(report, {
      period,
      groupBy: q.groupBy,
      language,
      generatedAt,
      ...(subtitle !== undefined && { subtitle }),
    });
    return {
      document,
      summary: sideBySide(document.sections[0]!.table!, document.sections[1]!.table!),
      details: {
        sheet: w.sla,
        columns: [
          int('number', w.number),
          text('subject', w.subject),
          text('client', w.client),
          text('agreement', w.agreement),
          text('priority', w.priority),
          text('reaction', w.reaction),
          int('reactionMinutes', w.reactionMinutes),
          text('resolution', w.resolution),
          int('resolutionMinutes', w.resolutionMinutes),
          int('pausedMinutes', w.pausedMinutes),
          text('created', w.created),
          text('done', w.done),
        ],
        rows: rows(),
      },
      fileName: `sla-${period.from}-${period.to}`,
    };
  }
  const q = { ...(query as TicketsQuery), groupBy: (query as TicketsQuery).groupBy ?? 'status' };
  const { period, report, language, subtitle } = await ticketsReportFor(ctx, q);
  const w = detailWords[language];
  const span = periodInstants(period, DESK_ZONE);
  async function* rows() {
    const builder = new TicketsReportBuilder(span, q.groupBy, language);
    for await (const t of ticketsInPeriod(ctx, period, q.organizationId)) {
      const p: TicketInPeriod | null = builder.add(t);
      if (!p) continue;
      yield {
        number: t.number,
        subject: t.subject,
        client: t.organization.name,
        group: groupLabelOf(t, q.groupBy, language).label,
        status: statusLabels[t.status][language],
        priority: t.priority,
        type: typeLabels[t.type][language],
        created: iso(t.createdAt),
        done: iso(t.doneAt),
        inPeriod: [p.created && w.createdFlag, p.resolved && w.resolvedFlag, p.backlog && w.backlogFlag]
          .filter(Boolean)
          .join(', '),
      };
    }
  }
  const document = ticketsDocument(report, {
    period,
    groupBy: q.groupBy,
    language,
    generatedAt,
    ...(subtitle !== undefined && { subtitle }),
  });
  return {
    document,
    summary: document.sections[0]!.table!,
    details: {
      sheet: w.tickets,
      columns: [
        int('number', w.number),
        text('subject', w.subject),
        text('client', w.client),
        text('group', w.group),
        text('status', w.status),
        text('priority', w.priority),
        text('type', w.type),
        text('created', w.created),
        text('done', w.done),
        text('inPeriod', w.inPeriod),
      ],
      rows: rows(),
    },
    fileName: `tickets-${q.groupBy}-${period.from}-${period.to}`,
  };
}
