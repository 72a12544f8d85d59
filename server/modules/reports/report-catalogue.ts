import type { Ctx } from '../../context.js';
import { agentsOutput, clientPackOutput, clientsOutput } from './people-reports.service.js';
import type { AgentsQuery, ClientPackQuery, ClientsQuery, SlaQuery, TicketsQuery } from './reports.schemas.js';
import { slaOrTicketsOutput, type ReportOutput } from './reports.service.js';

/**
 * The report catalogue: every report by name, each made into a `ReportOutput` by one entry point that the
 * routes, the downloads and report mailing all go through — a report listed here is downloadable and mailable.
 */
export const REPORT_NAMES = ['sla', 'tickets', 'agents', 'clients', 'client-pack'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export type AnyReportQuery = SlaQuery | TicketsQuery | AgentsQuery | ClientsQuery | ClientPackQuery;

export async function reportOutput(ctx: Ctx, name: ReportName, query: AnyReportQuery): Promise<ReportOutput> {
  switch (name) {
    case 'agents':
      return agentsOutput(ctx, query as AgentsQuery);
    case 'clients':
      return clientsOutput(ctx, query as ClientsQuery);
    case 'client-pack':
      return clientPackOutput(ctx, query as ClientPackQuery);
    default:
      return slaOrTicketsOutput(ctx, name, query as SlaQuery | TicketsQuery);
  }
}

/** The document alone: what the PDF renderer and report mailing ask for. */
export const reportDocument = async (ctx: Ctx, name: ReportName, query: AnyReportQuery) =>
  (await reportOutput(ctx, name, query)).document;
