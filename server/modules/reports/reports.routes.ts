import { Type } from '@sinclair/typebox';
import { problemResponses, type App } from '../../http/types.js';
import { reportRenderers } from './report-exports.js';
import { agentsReportFor, clientPackFor, clientsReportFor } from './people-reports.service.js';
import { REPORT_NAMES, reportDocument, reportOutput, type ReportName } from './report-catalogue.js';
import {
  AgentsQuery,
  AgentsReportSchema,
  ClientPackQuery,
  ClientsQuery,
  ClientsReportSchema,
  ReportDocumentSchema,
  SlaQuery,
  SlaReportSchema,
  TicketsQuery,
  TicketsReportSchema,
} from './reports.schemas.js';
import { slaReportFor, ticketsReportFor } from './reports.service.js';

/** A file download: the body is the file, never JSON (Fastify sends buffers and streams as they are). */
const FileSchema = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The report as a file' });

const queries: Record<
  ReportName,
  typeof SlaQuery | typeof TicketsQuery | typeof AgentsQuery | typeof ClientsQuery | typeof ClientPackQuery
> = {
  sla: SlaQuery,
  tickets: TicketsQuery,
  agents: AgentsQuery,
  clients: ClientsQuery,
  'client-pack': ClientPackQuery,
};

export async function reportRoutes(app: App) {
  const tags = ['reports'];
  app.get(
    '/reports/sla',
    {
      schema: {
        tags,
        summary:
          'SLA compliance per priority or agreement: reaction and resolution met/breached, business-minute medians and p90 (the query string is the permalink)',
        querystring: SlaQuery,
        response: { 200: SlaReportSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { report, definitions } = await slaReportFor(req.ctx(), req.query);
      return { ...report, definitions };
    },
  );
  app.get(
    '/reports/tickets',
    {
      schema: {
        tags,
        summary:
          'Tickets created, resolved and in the backlog per status, priority, type, service, team, client or channel',
        querystring: TicketsQuery,
        response: { 200: TicketsReportSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { report, definitions } = await ticketsReportFor(req.ctx(), req.query);
      return { ...report, definitions };
    },
  );
  app.get(
    '/reports/agents',
    {
      schema: {
        tags,
        summary:
          'Per engineer: tickets handled, first responses, resolutions, reopen rate, hours logged billable and not',
        querystring: AgentsQuery,
        response: { 200: AgentsReportSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { report, definitions } = await agentsReportFor(req.ctx(), req.query);
      return { ...report, definitions };
    },
  );
  app.get(
    '/reports/clients',
    {
      schema: {
        tags,
        summary:
          'Per client: tickets created and resolved, SLA compliance, hour package use and expiring recurring services',
        querystring: ClientsQuery,
        response: { 200: ClientsReportSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { report, definitions } = await clientsReportFor(req.ctx(), req.query);
      return { ...report, definitions };
    },
  );
  app.get(
    '/reports/client-pack',
    {
      schema: {
        tags,
        summary:
          'The monthly client pack of an agreement: tickets of the period, SLA per priority, breaches explained, hours vs the package',
        querystring: ClientPackQuery,
        response: { 200: ReportDocumentSchema, ...problemResponses },
      },
    },
    async (req) => (await clientPackFor(req.ctx(), req.query)).document,
  );
  // One download per report and per renderer: `/reports/sla.csv`, `/reports/tickets.xlsx`, and the PDF once
  // its renderer is listed in `reportRenderers`.
  for (const name of REPORT_NAMES) {
    // The report as people read it — sections, tables, charts — for screens that draw any report alike.
    app.get(
      `/reports/${name}/document`,
      {
        schema: {
          tags,
          summary: `The ${name} report as a document of sections, tables and charts (same query as /reports/${name})`,
          querystring: queries[name],
          response: { 200: ReportDocumentSchema, ...problemResponses },
        },
      },
      async (req) => reportDocument(req.ctx(), name, req.query as never),
    );
    for (const [format, renderer] of Object.entries(reportRenderers)) {
      app.get(
        `/reports/${name}.${format}`,
        {
          schema: {
            tags,
            summary: `The ${name} report as a ${format.toUpperCase()} file (same query as /reports/${name})`,
            querystring: queries[name],
            response: { 200: FileSchema, ...problemResponses },
          },
        },
        async (req, reply) => {
          const output = await reportOutput(req.ctx(), name, req.query as never);
          const body = await renderer.render(output);
          return reply
            .header('content-disposition', `attachment; filename="${output.fileName}.${format}"`)
            .header('cache-control', 'no-store')
            .type(renderer.contentType)
            .send(body);
        },
      );
    }
  }
}
