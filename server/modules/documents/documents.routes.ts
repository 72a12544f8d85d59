import { Type } from '@sinclair/typebox';
import { IdParams, OrNull, Page, problemResponses, type App } from '../../http/types.js';
import {
  ActBody,
  ContractBody,
  CorrectBody,
  DocumentDetailSchema,
  DocumentListQuery,
  DocumentSchema,
  InvoiceBody,
  IssuedSchema,
  PreviewBody,
  PreviewSchema,
  BillingRunSettings,
  MonthlyRunBody,
  MonthlyRunResultSchema,
  PdfQuery,
  SendBody,
  SendResultSchema,
  StornoBody,
  TemplateBody,
  TemplateParams,
  TemplateSchema,
} from './documents.schemas.js';
import { documentPdf, sendDocument } from './document-files.js';
import { getTemplate, resetTemplate, saveTemplate } from './document-templates.js';
import { billingRunSettings, monthlyRun, saveBillingRunSettings } from './monthly-run.js';
import { contentDisposition } from '../attachments/index.js';
import { presentDetail, presentDocument, presentIssued, presentPricedLine } from './documents.presenter.js';
import * as documents from './documents.service.js';

export async function documentRoutes(app: App) {
  const tags = ['documents'];
  app.post(
    '/invoices',
    {
      schema: {
        tags,
        summary:
          'Issue an invoice for a client and period from what is not invoiced yet (work, package fees, recurring charges, re-billed costs) and typed lines',
        body: InvoiceBody,
        response: { 201: IssuedSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentIssued(await documents.issueInvoice(req.ctx(), req.body))),
  );
  app.post(
    '/acts',
    {
      schema: {
        tags,
        summary:
          'Issue an act of completed work for a client and period (or from an invoice: invoiceId); the work it covers is locked',
        body: ActBody,
        response: { 201: IssuedSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentIssued(await documents.issueAct(req.ctx(), req.body))),
  );
  app.post(
    '/documents/preview',
    {
      schema: {
        tags,
        summary: 'The lines and totals an invoice or act would have, without issuing it',
        body: PreviewBody,
        response: { 200: PreviewSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { kind, ...input } = req.body;
      const p = await documents.previewBilling(req.ctx(), kind, input);
      return { ...p, lines: p.lines.map(presentPricedLine) };
    },
  );
  app.post(
    '/acts/:id/storno',
    {
      schema: {
        tags,
        summary: 'Reverse an act by a storno act (negated lines, a number of its own); its work is freed',
        params: IdParams,
        body: StornoBody,
        response: { 201: IssuedSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(presentIssued(await documents.stornoAct(req.ctx(), req.params.id, req.body))),
  );
  app.post(
    '/acts/:id/correct',
    {
      schema: {
        tags,
        summary: 'Correct an act: its storno and a corrected act with the lines given, in one transaction',
        params: IdParams,
        body: CorrectBody,
        response: { 201: Type.Object({ storno: IssuedSchema, corrected: IssuedSchema }), ...problemResponses },
      },
    },
    async (req, reply) => {
      const r = await documents.correctAct(req.ctx(), req.params.id, req.body);
      return reply.status(201).send({ storno: presentIssued(r.storno), corrected: presentIssued(r.corrected) });
    },
  );
  app.post(
    '/contracts',
    {
      schema: {
        tags,
        summary: 'Issue a contract document from an agreement (period, tier, services, SLA targets, package)',
        body: ContractBody,
        response: { 201: IssuedSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentIssued(await documents.issueContract(req.ctx(), req.body))),
  );
  app.get(
    '/documents',
    {
      schema: {
        tags,
        summary: 'Issued documents, newest first (filter by client, legal entity, kind, period)',
        querystring: DocumentListQuery,
        response: { 200: Page(DocumentSchema), ...problemResponses },
      },
    },
    async (req) => {
      const page = await documents.listDocuments(req.ctx(), req.query);
      return {
        items: page.items.map((d) => presentDocument(d, page.reversed.get(d.id) ?? null)),
        nextCursor: page.nextCursor,
      };
    },
  );
  app.get(
    '/documents/:id',
    {
      schema: {
        tags,
        summary: 'A document with its lines and deliveries',
        params: IdParams,
        response: { 200: DocumentDetailSchema, ...problemResponses },
      },
    },
    async (req) => presentDetail(await documents.getDocument(req.ctx(), req.params.id)),
  );
  app.post(
    '/documents/:id/send',
    {
      schema: {
        tags,
        summary:
          'Mail the document’s PDF (with stamp and signatures) through the outbox to the client’s billing contacts, or to the address given',
        params: IdParams,
        body: SendBody,
        response: { 201: SendResultSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await sendDocument(req.ctx(), req.params.id, req.body)),
  );
  app.post(
    '/documents/monthly-run',
    {
      schema: {
        tags,
        summary:
          'Issue the month’s invoice and act for every client with billable items; a second run issues nothing already issued',
        body: MonthlyRunBody,
        response: { 200: MonthlyRunResultSchema, ...problemResponses },
      },
    },
    async (req) => {
      const r = await monthlyRun(req.ctx(), req.body);
      return {
        month: r.month,
        created: r.created.map((d) => ({
          organizationId: d.organizationId,
          kind: d.kind,
          id: d.id,
          number: d.number,
          totalKopecks: d.totalKopecks,
        })),
        skipped: r.skipped,
        failed: r.failed,
      };
    },
  );
  app.get(
    '/documents/billing-run',
    {
      schema: {
        tags,
        summary: 'Whether the billing-run job issues the previous month’s documents on the 1st, and of which entity',
        response: { 200: BillingRunSettings, ...problemResponses },
      },
    },
    async (req) => billingRunSettings(req.ctx()),
  );
  app.put(
    '/documents/billing-run',
    {
      schema: { tags, body: BillingRunSettings, response: { 200: BillingRunSettings, ...problemResponses } },
    },
    async (req) => saveBillingRunSettings(req.ctx(), req.body),
  );
  app.get(
    '/document-templates/:kind/:language',
    {
      schema: {
        tags,
        summary: 'The Mustache template of a kind and language: the admin’s, or the built-in one',
        params: TemplateParams,
        response: { 200: TemplateSchema, ...problemResponses },
      },
    },
    async (req) => getTemplate(req.ctx(), req.params.kind, req.params.language),
  );
  app.put(
    '/document-templates/:kind/:language',
    {
      schema: {
        tags,
        summary: 'Save a template (checked: only the document’s fields, no code)',
        params: TemplateParams,
        body: TemplateBody,
        response: { 200: TemplateSchema, ...problemResponses },
      },
    },
    async (req) => saveTemplate(req.ctx(), req.params.kind, req.params.language, req.body.body),
  );
  app.delete(
    '/document-templates/:kind/:language',
    {
      schema: {
        tags,
        summary: 'Go back to the built-in template',
        params: TemplateParams,
        response: { 200: TemplateSchema, ...problemResponses },
      },
    },
    async (req) => resetTemplate(req.ctx(), req.params.kind, req.params.language),
  );
  app.get(
    '/documents/:id.pdf',
    {
      schema: {
        tags,
        summary: 'The document as PDF, exactly as issued; ?stamp=1 places the stamp and signatures',
        params: IdParams,
        querystring: PdfQuery,
        response: problemResponses,
      },
    },
    async (req, reply) => {
      const { bytes, fileName } = await documentPdf(req.ctx(), req.params.id, req.query.stamp === '1');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(fileName))
        .header('content-length', String(bytes.length))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );
  const Fee = Type.Object({ agreementId: Type.Integer(), packageFeeKopecks: OrNull.Integer() });
  app.get(
    '/agreements/:id/package-fee',
    {
      schema: {
        tags,
        summary: 'The fee the agreement bills once per package period',
        params: IdParams,
        response: { 200: Fee, ...problemResponses },
      },
    },
    async (req) => documents.getPackageFee(req.ctx(), req.params.id),
  );
  app.put(
    '/agreements/:id/package-fee',
    {
      schema: {
        tags,
        summary: 'Set the package fee (kopecks, without VAT unless the entity’s prices include it); null: none',
        params: IdParams,
        body: Type.Object(
          { packageFeeKopecks: Type.Union([Type.Integer({ minimum: 1, maximum: 100_000_000_000 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: Fee, ...problemResponses },
      },
    },
    async (req) => documents.setPackageFee(req.ctx(), req.params.id, req.body.packageFeeKopecks),
  );
}
