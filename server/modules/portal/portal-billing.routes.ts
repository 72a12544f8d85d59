import { Type } from '@sinclair/typebox';
import { IdParams, problemResponses, type App } from '../../http/types.js';
import { contentDisposition } from '../attachments/index.js';
import * as billing from './portal-billing.service.js';

const Page = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const OrNull = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const DocumentItem = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([
    Type.Literal('invoice'),
    Type.Literal('act'),
    Type.Literal('contract'),
    Type.Literal('reconciliation'),
  ]),
  correction: Type.Union([Type.Literal('storno'), Type.Literal('corrected'), Type.Null()]),
  number: Type.String(),
  date: Type.String(),
  periodFrom: OrNull(Type.String()),
  periodTo: OrNull(Type.String()),
  netKopecks: Type.Integer(),
  vatKopecks: Type.Integer(),
  totalKopecks: Type.Integer(),
  entityName: Type.String(),
});
const ReportItem = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  report: Type.String(),
  periodFrom: Type.String(),
  periodTo: Type.String(),
  createdAt: Type.String(),
  files: Type.Array(
    Type.Object({ index: Type.Integer(), name: Type.String(), size: Type.Integer(), contentType: Type.String() }),
  ),
});

/** Files are always downloaded, never rendered inline, and never cached by a shared proxy. */
const downloadHeaders = (contentType: string, fileName: string, size: number) => ({
  'content-type': contentType,
  'content-disposition': contentDisposition(fileName),
  'content-length': String(size),
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cache-control': 'private, no-store',
});

/** The portal's documents, balance and report archive (billing contacts; reports also supervisors). */
export async function portalBillingRoutes(app: App) {
  const tags = ['portal'];
  app.get(
    '/portal/documents',
    {
      schema: {
        tags,
        summary: "Invoices, acts and contracts issued to the contact's organization (billing contacts)",
        querystring: Page,
        response: {
          200: Type.Object({ items: Type.Array(DocumentItem), nextCursor: OrNull(Type.String()) }),
          ...problemResponses,
        },
      },
    },
    async (request) => billing.listDocuments(request.ctx(), request.query),
  );
  app.get(
    '/portal/documents/:id.pdf',
    {
      schema: {
        tags,
        summary: 'A document as issued, as PDF (?stamp=1 with stamp and signatures)',
        params: IdParams,
        querystring: Type.Object(
          { stamp: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (request, reply) => {
      const { bytes, fileName } = await billing.documentPdf(
        request.ctx(),
        request.params.id,
        request.query.stamp === '1',
      );
      return reply.headers(downloadHeaders('application/pdf', fileName, bytes.length)).send(bytes);
    },
  );
  app.get(
    '/portal/balance',
    {
      schema: {
        tags,
        summary: "The organization's balance of settlements: acts minus payments up to a date (positive: it owes)",
        querystring: Type.Object(
          { at: Type.Optional(Type.String({ maxLength: 10 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            at: Type.String(),
            actsKopecks: Type.Integer(),
            paymentsKopecks: Type.Integer(),
            balanceKopecks: Type.Integer(),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => billing.balance(request.ctx(), request.query.at),
  );
  app.get(
    '/portal/reports',
    {
      schema: {
        tags,
        summary: 'Reports mailed about the organization, with their files (supervisors and billing contacts)',
        querystring: Type.Object(
          {
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
            cursor: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(ReportItem), nextCursor: OrNull(Type.String()) }),
          ...problemResponses,
        },
      },
    },
    async (request) => billing.listReports(request.ctx(), request.query),
  );
  app.get(
    '/portal/reports/:id/files/:index',
    {
      schema: {
        tags,
        summary: 'One file of a mailed report',
        params: Type.Object(
          { id: Type.Integer({ minimum: 1 }), index: Type.Integer({ minimum: 0, maximum: 20 }) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (request, reply) => {
      const { file, stream, size } = await billing.reportFile(request.ctx(), request.params.id, request.params.index);
      return reply.headers(downloadHeaders(file.contentType, file.name, size)).send(stream);
    },
  );
}
