import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { compiledCalendar } from '../calendars/index.js';
import { packagePeriodsBetween } from '../packages/index.js';
import { recurringExpiringBetween } from '../recurring/index.js';
import { surveyAnswersBetween } from '../surveys/index.js';
import { workSummary } from '../worklogs/index.js';
import { agentsDocument, agentDefinitions } from './agents-document.js';
import { agentsReport, type StatusChange } from './agents-report.js';
import { clientPack } from './client-pack.js';
import { clientPackDocument } from './client-pack-document.js';
import { clientDefinitions, clientsDocument, EXPIRY_LOOKAHEAD_DAYS } from './clients-document.js';
import { clientsReport, type ClientPackageUse } from './clients-report.js';
import { DESK_ZONE, periodInstants } from './report-period.js';
import type { AgentsQuery, ClientPackQuery, ClientsQuery } from './reports.schemas.js';
import {
  checkedPeriod,
  coarseRange,
  readerLanguage,
  sideBySide,
  slaFacts,
  type ReportOutput,
} from './reports.service.js';
import * as repo from './reports.repository.js';

/**
 * The agents and clients reports and the monthly client pack: facts read here, figures computed by the pure
 * functions (agents-report.ts, clients-report.ts, client-pack.ts), documents in the reader's language.
 */

const ms = (text: string | null) => (text === null ? null : Date.parse(text));

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function agentsReportFor(ctx: Ctx, query: AgentsQuery) {
  authorize(ctx.actor, 'report.read');
  const period = checkedPeriod(query);
  const range = coarseRange(period);
  const [touches, first, changes, work, answers] = [
    await repo.agentTouches(ctx.db, range),
    await repo.firstResponsesIn(ctx.db, range),
    await repo.statusChangesOfResolvedIn(ctx.db, range),
    await repo.workPerAgent(ctx.db, period.from, period.to),
    await surveyAnswersBetween(ctx, range),
  ];
  const statusChanges: StatusChange[] = changes.map((c) => ({
    ticketId: c.ticket_id,
    agentId: c.actor_agent_id,
    at: Date.parse(c.at),
    from: c.old_value,
    to: c.new_value ?? '',
  }));
  const ids = new Set<number>([
    ...touches.map((t) => t.agentId),
    ...first.map((f) => f.author_agent_id!),
    ...work.map((w) => w.agent_id),
    ...statusChanges.flatMap((c) => (c.agentId === null ? [] : [c.agentId])),
    ...answers.flatMap((a) => (a.agentId === null ? [] : [a.agentId])),
  ]);
  const report = agentsReport(
    {
      agents: await repo.agentNames(ctx.db, [...ids]),
      touches: touches.map((t) => ({ ...t, at: Date.parse(t.at) })),
      firstResponses: first.map((f) => ({
        agentId: f.author_agent_id!,
        ticketId: f.ticket_id,
        at: Date.parse(f.created_at),
      })),
      statusChanges,
      work: work.map((w) => ({
        agentId: w.agent_id,
        billableMinutes: Number(w.billable),
        nonBillableMinutes: Number(w.non_billable),
      })),
      satisfaction: answers.flatMap((a) => (a.agentId === null ? [] : [{ ...a, agentId: a.agentId }])),
    },
    periodInstants(period, DESK_ZONE),
  );
  const language = readerLanguage(ctx, query.language);
  return { period, report, language, definitions: agentDefinitions[language] };
}

export async function clientsReportFor(ctx: Ctx, query: ClientsQuery) {
  authorize(ctx.actor, 'report.read');
  const period = checkedPeriod(query);
  const range = coarseRange(period);
  const only = query.organizationId;
  if (only !== undefined && !(await repo.organizationName(ctx.db, only)))
    throw notFound(`Client ${only} does not exist`);
  const tickets = (await repo.clientTicketRows(ctx.db, range)).filter(
    (t) => only === undefined || t.organization_id === only,
  );
  const sla = await slaFacts(ctx, period, { ...(only !== undefined && { organizationId: only }) });
  const packages: ClientPackageUse[] = [];
  for (const a of await repo.allAgreements(ctx.db)) {
    if (only !== undefined && a.organization_id !== only) continue;
    for (const p of await packagePeriodsBetween(ctx, a.id, period.from, period.to))
      packages.push({
        organizationId: a.organization_id,
        grantedMinutes: p.grantedMinutes,
        usedMinutes: p.usedMinutes,
      });
  }
  const expiring = await recurringExpiringBetween(ctx, {
    from: period.from,
    to: addDays(period.to, EXPIRY_LOOKAHEAD_DAYS),
    ...(only !== undefined && { organizationId: only }),
  });
  const answers = (await surveyAnswersBetween(ctx, range)).filter(
    (a) => only === undefined || a.organizationId === only,
  );
  const orgIds = new Set<number>([
    ...answers.map((a) => a.organizationId),
    ...tickets.map((t) => t.organization_id),
    ...sla.map((f) => f.organizationId),
    ...packages.map((p) => p.organizationId),
    ...expiring.map((e) => e.organizationId),
  ]);
  const report = clientsReport(
    {
      organizations: await repo.organizationsByIds(ctx.db, [...orgIds]),
      tickets: tickets.map((t) => ({
        organizationId: t.organization_id,
        createdAt: Date.parse(t.created_at),
        resolvedAt: t.status === 'resolved' || t.status === 'closed' ? ms(t.resolved_at) : null,
      })),
      sla,
      packages,
      expiring,
      satisfaction: answers,
    },
    period,
    periodInstants(period, DESK_ZONE),
  );
  const language = readerLanguage(ctx, query.language);
  return { period, report, language, definitions: clientDefinitions[language] };
}

export async function clientPackFor(ctx: Ctx, query: ClientPackQuery) {
  authorize(ctx.actor, 'report.read');
  const period = checkedPeriod(query);
  const agreement = await repo.agreementWithCalendar(ctx.db, query.agreementId);
  if (!agreement) throw notFound(`Agreement ${query.agreementId} does not exist`);
  const [calendarRow] = await repo.calendarsByIds(ctx.db, [agreement.calendar_id]);
  const zone = (await compiledCalendar(ctx, calendarRow!)).zone;
  const language = readerLanguage(ctx, query.language);
  const tickets = await repo.agreementTicketRows(ctx.db, agreement.id, coarseRange(period));
  const pack = clientPack(
    {
      tickets: tickets.map((t) => ({
        number: t.number,
        subject: t.subject,
        priority: t.priority,
        status: t.status,
        createdAt: Date.parse(t.created_at),
        doneAt: t.status === 'resolved' || t.status === 'closed' ? ms(t.done_at) : null,
      })),
      sla: await slaFacts(ctx, period, { agreementId: agreement.id }),
      packages: await packagePeriodsBetween(ctx, agreement.id, period.from, period.to),
      hours: (await workSummary(ctx, { agreementId: agreement.id, from: period.from, to: period.to })).map((h) => ({
        agentName: h.agentName,
        minutes: h.minutes,
        billableMinutes: h.billableMinutes,
      })),
      satisfaction: (await surveyAnswersBetween(ctx, coarseRange(period)))
        .filter((a) => a.agreementId === agreement.id)
        .map((a) => ({ score: a.score, at: a.at })),
      now: ctx.clock.now().getTime(),
    },
    period,
    periodInstants(period, zone),
    language,
  );
  const document = clientPackDocument(pack, {
    period,
    language,
    generatedAt: ctx.clock.now().toISOString(),
    organizationName: agreement.organization_name,
    agreementNumber: agreement.number,
    zone,
  });
  return { period, pack, document, agreement };
}

async function* listed(rows: ReadonlyArray<Record<string, string | number | null>>) {
  yield* rows;
}

export async function agentsOutput(ctx: Ctx, query: AgentsQuery): Promise<ReportOutput> {
  const { period, report, language } = await agentsReportFor(ctx, query);
  const document = agentsDocument(report, { period, language, generatedAt: ctx.clock.now().toISOString() });
  // One line per engineer in the files: workload, hours and satisfaction side by side.
  const summary = sideBySide(
    sideBySide(document.sections[0]!.table!, document.sections[1]!.table!),
    document.sections[2]!.table!,
  );
  return {
    document,
    summary,
    details: { sheet: document.title, columns: summary.columns, rows: listed(summary.rows) },
    fileName: `agents-${period.from}-${period.to}`,
  };
}

export async function clientsOutput(ctx: Ctx, query: ClientsQuery): Promise<ReportOutput> {
  const { period, report, language } = await clientsReportFor(ctx, query);
  const document = clientsDocument(report, { period, language, generatedAt: ctx.clock.now().toISOString() });
  const expiring = document.sections[1]!;
  return {
    document,
    summary: document.sections[0]!.table!,
    details: { sheet: expiring.heading, columns: expiring.table!.columns, rows: listed(expiring.table!.rows) },
    fileName: `clients-${period.from}-${period.to}`,
  };
}

export async function clientPackOutput(ctx: Ctx, query: ClientPackQuery): Promise<ReportOutput> {
  const { period, document, agreement } = await clientPackFor(ctx, query);
  const [tickets, sla, ...rest] = document.sections;
  return {
    document,
    summary: sla!.table!,
    summarySheet: sla!.heading,
    details: { sheet: tickets!.heading, columns: tickets!.table!.columns, rows: listed(tickets!.table!.rows) },
    // A section without a table (satisfaction with no answers) has no sheet: its sentence is in the PDF.
    extraSheets: rest.flatMap((s) => (s.table ? [{ sheet: s.heading, table: s.table }] : [])),
    fileName: `client-pack-${agreement.number.replace(/[^A-Za-z0-9._-]+/g, '_')}-${period.from}-${period.to}`,
  };
}
