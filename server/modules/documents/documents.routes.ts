import { Type } from '@sinclair/typebox';
import { IdParams, Page, problemResponses, type App } from '../../http/types.js';
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
  StornoBody,
} from './documents.schemas.js';
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
}
