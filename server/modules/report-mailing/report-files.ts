import type { Readable } from 'node:stream';
import type { Ctx } from '../../context.js';
import { badRequest } from '../../shared/errors.js';
import { REPORT_NAMES, reportOutput, reportRenderers, type ReportName } from '../reports/index.js';

/** How each report groups when the subscription does not say. */
const defaultGrouping: Partial<Record<ReportName, string>> = { sla: 'priority', tickets: 'status' };

/** The filters each report takes. */
export const reportFilters: Record<string, readonly string[]> = {
  sla: ['organizationId', 'agreementId', 'groupBy'],
  tickets: ['organizationId', 'groupBy'],
  agents: [],
  clients: ['organizationId'],
  'client-pack': ['agreementId'],
};

/** The reports a subscription may mail: the catalogue's. */
export const reportNames: readonly string[] = REPORT_NAMES;

export interface RenderedFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

export interface ReportFilesSpec {
  report: string;
  filters: Record<string, string | number>;
  from: string;
  to: string;
  language: 'ru' | 'en';
  formats: readonly string[];
  baseName: string;
}

async function bytesOf(body: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A subscription's report for one period in each of its formats, through the same catalogue and renderers as
 * the report pages and downloads — what is mailed is what the desk shows.
 */
export async function renderReportFiles(ctx: Ctx, spec: ReportFilesSpec): Promise<RenderedFile[]> {
  if (!reportNames.includes(spec.report)) throw badRequest(`There is no report "${spec.report}"`);
  const files: RenderedFile[] = [];
  for (const format of spec.formats) {
    const renderer = reportRenderers[format];
    if (!renderer) throw badRequest(`Reports are not made as ${format}`);
    // Each output is read once (its ticket lines stream), so every format gets its own.
    const output = await reportOutput(
      ctx,
      spec.report as ReportName,
      {
        ...(defaultGrouping[spec.report as ReportName] && { groupBy: defaultGrouping[spec.report as ReportName] }),
        ...spec.filters,
        from: spec.from,
        to: spec.to,
        language: spec.language,
      } as Parameters<typeof reportOutput>[2],
    );
    files.push({
      name: `${spec.baseName}.${format}`,
      contentType: renderer.contentType,
      bytes: await bytesOf(await renderer.render(output)),
    });
  }
  return files;
}
