import { Type } from '@sinclair/typebox';
import { problemResponses, type App } from '../../http/types.js';
import { reportRenderers } from './report-exports.js';
import { SlaQuery, SlaReportSchema, TicketsQuery, TicketsReportSchema } from './reports.schemas.js';
import { reportOutput, slaReportFor, ticketsReportFor, REPORT_NAMES } from './reports.service.js';

/** A file download: the body is the file, never JSON (Fastify sends buffers and streams as they are). */
const FileSchema = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The report as a file' });

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
  // One download per report and per renderer: `/reports/sla.csv`, `/reports/tickets.xlsx`, and the PDF once
  // its renderer is listed in `reportRenderers`.
  for (const name of REPORT_NAMES) {
    for (const [format, renderer] of Object.entries(reportRenderers)) {
      app.get(
        `/reports/${name}.${format}`,
        {
          schema: {
            tags,
            summary: `The ${name} report as a ${format.toUpperCase()} file (same query as /reports/${name})`,
            querystring: name === 'sla' ? SlaQuery : TicketsQuery,
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
