import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { IdParams, Page, problemResponses, type App } from '../../http/types.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { presentHistory, presentPayment } from './settlements.presenter.js';
import { salaryCsv, salaryXlsx } from './salary-export.js';
import {
  AgentParams,
  BalanceQuery,
  BalancesSchema,
  BalanceSchema,
  CreatePaymentBody,
  ImportQuery,
  ImportSummarySchema,
  MatchPaymentBody,
  PaymentListQuery,
  PaymentSchema,
  PaymentWithHistorySchema,
  ProfitQuery,
  ProfitSchema,
  ReconciliationPdfQuery,
  ReconciliationQuery,
  ReconciliationSchema,
  SalaryExportQuery,
  SalaryFormulaBody,
  SalaryFormulaSchema,
  SalaryQuery,
  SalarySheetSchema,
} from './settlements.schemas.js';
import * as money from './settlements.service.js';
import { reconciliationPdf } from './reconciliation-pdf.js';

/** A file download: the body is the file, never JSON. */
const FileSchema = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The file' });

/** Today in Moscow: the desk's documents are dated there (as the documents module dates them). */
const today = (req: FastifyRequest) =>
  new Date(req.ctx().clock.now().getTime() + 3 * 3_600_000).toISOString().slice(0, 10);

/** The statement file: multipart (field "file", as a browser sends it) or the raw bytes as the body. */
async function statementFile(req: FastifyRequest, fileName: string | undefined) {
  if (req.isMultipart()) {
    const part = await req.file({ limits: { fileSize: money.MAX_BANK_FILE_BYTES, files: 1 } });
    if (!part || part.fieldname !== 'file') throw badRequest('Send the statement in a multipart field named "file"');
    const bytes = await part.toBuffer().catch((err: { code?: string }) => {
      if (err.code === 'FST_REQ_FILE_TOO_LARGE')
        throw new AppError(
          413,
          'too_large',
          `The file is larger than ${money.MAX_BANK_FILE_BYTES / 1024 / 1024} MB; import a shorter period`,
        );
      throw err;
    });
    return { fileName: part.filename || fileName || 'statement.txt', bytes };
  }
  if (!Buffer.isBuffer(req.body))
    throw badRequest(
      'Send the 1C statement file as multipart/form-data (field "file") or as the raw body (text/plain)',
    );
  return { fileName: fileName ?? 'statement.txt', bytes: req.body };
}

export async function settlementRoutes(app: App) {
  const tags = ['money'];
  // The bank file arrives as its raw bytes in any encoding (Windows-1251 as often as not): no text decoding here.
  app.removeContentTypeParser(['text/plain']);
  app.addContentTypeParser(
    ['text/plain', 'application/octet-stream'],
    // The desk's 1 MB limit holds for every route here but the import, which sets its own 10 MB.
    { parseAs: 'buffer' },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/payments',
    {
      schema: {
        tags,
        summary: 'Record a payment received (by hand); the invoice, when named, gives the client and our entity',
        body: CreatePaymentBody,
        response: { 201: PaymentSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentPayment(await money.createPayment(req.ctx(), req.body))),
  );
  app.get(
    '/payments',
    {
      schema: {
        tags,
        summary: 'Payments received, newest first; status=unmatched lists those no client was found for',
        querystring: PaymentListQuery,
        response: { 200: Page(PaymentSchema), ...problemResponses },
      },
    },
    async (req) => {
      const page = await money.listPayments(req.ctx(), req.query);
      return { items: page.items.map(presentPayment), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/payments/:id',
    { schema: { tags, params: IdParams, response: { 200: PaymentWithHistorySchema, ...problemResponses } } },
    async (req) => {
      const { payment, history } = await money.getPayment(req.ctx(), req.params.id);
      return { payment: presentPayment(payment), history: history.map(presentHistory) };
    },
  );
  app.patch(
    '/payments/:id',
    {
      schema: {
        tags,
        summary:
          'Match a payment to a client and invoice by hand (only the matching changes; the history keeps each change)',
        params: IdParams,
        body: MatchPaymentBody,
        response: { 200: PaymentSchema, ...problemResponses },
      },
    },
    async (req) => presentPayment(await money.matchPayment(req.ctx(), req.params.id, req.body)),
  );
  app.post(
    '/payments/import',
    {
      bodyLimit: money.MAX_BANK_FILE_BYTES,
      schema: {
        tags,
        summary:
          'Import a bank statement in the 1C client-bank format (1CClientBankExchange; Windows-1251 or UTF-8), multipart field "file" or the raw body; up to 10 MB',
        consumes: ['multipart/form-data', 'text/plain', 'application/octet-stream'],
        querystring: ImportQuery,
        response: { 200: ImportSummarySchema, 413: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (req) => money.importBankStatement(req.ctx(), await statementFile(req, req.query.fileName)),
  );

  app.get(
    '/organizations/:id/balance',
    {
      schema: {
        tags,
        summary:
          'Mutual settlements with a client at the end of a date: acts (signed) minus payments; positive: they owe us',
        params: IdParams,
        querystring: BalanceQuery,
        response: { 200: BalanceSchema, ...problemResponses },
      },
    },
    async (req) => money.organizationBalance(req.ctx(), req.params.id, req.query.at ?? today(req)),
  );
  app.get(
    '/balances',
    {
      schema: {
        tags,
        summary: 'Every client whose balance at the date is not zero, who owes most first',
        querystring: BalanceQuery,
        response: { 200: BalancesSchema, ...problemResponses },
      },
    },
    async (req) => money.allBalances(req.ctx(), req.query.at ?? today(req)),
  );
  app.get(
    '/organizations/:id/reconciliation',
    {
      schema: {
        tags,
        summary:
          'Reconciliation statement (акт сверки) for a period: opening balance, acts and payments, closing balance',
        params: IdParams,
        querystring: ReconciliationQuery,
        response: { 200: ReconciliationSchema, ...problemResponses },
      },
    },
    async (req) => money.reconciliation(req.ctx(), req.params.id, req.query),
  );
  app.get(
    '/organizations/:id/reconciliation.pdf',
    {
      schema: {
        tags,
        summary: 'The reconciliation statement as PDF (stamp=1: with our stamp and signatures)',
        params: IdParams,
        querystring: ReconciliationPdfQuery,
        response: { 200: FileSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      const { stamp, ...q } = req.query;
      const statement = await money.reconciliation(req.ctx(), req.params.id, q);
      const pdf = await reconciliationPdf(req.ctx(), statement, stamp === '1' || stamp === 'true');
      const name = `reconciliation-${req.params.id}-${statement.from}-${statement.to}.pdf`;
      return reply
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .type('application/pdf')
        .send(pdf);
    },
  );

  app.get(
    '/reports/profit',
    {
      schema: {
        tags,
        summary:
          'Profit per client for a period, the ranking: revenue (acts, net of VAT) − cost (work at cost rates, client costs, recurring costs)',
        querystring: ProfitQuery,
        response: { 200: ProfitSchema, ...problemResponses },
      },
    },
    async (req) => money.profit(req.ctx(), req.query),
  );

  app.put(
    '/salaries/formulas/:agentId',
    {
      schema: {
        tags,
        summary: "Set an engineer's pay formula: fixed + per billable hour + basis points of acted revenue",
        params: AgentParams,
        body: SalaryFormulaBody,
        response: { 200: SalaryFormulaSchema, ...problemResponses },
      },
    },
    async (req) => money.putSalaryFormula(req.ctx(), req.params.agentId, req.body),
  );
  app.get(
    '/salaries',
    {
      schema: {
        tags,
        summary:
          "Engineers' pay for a month: hours (billable, night, days off) and the formula's result; engineers see only their own",
        querystring: SalaryQuery,
        response: { 200: SalarySheetSchema, ...problemResponses },
      },
    },
    async (req) => money.salaries(req.ctx(), req.query),
  );
  for (const format of ['xlsx', 'csv'] as const)
    app.get(
      `/salaries.${format}`,
      {
        schema: {
          tags,
          summary: `The month's salaries as ${format.toUpperCase()} (same query as /salaries)`,
          querystring: SalaryExportQuery,
          response: { 200: FileSchema, ...problemResponses },
        },
      },
      async (req, reply) => {
        const { language, ...q } = req.query;
        const { actor } = req.ctx();
        const lang = language ?? (actor.kind === 'agent' && actor.language === 'ru' ? 'ru' : 'en');
        const sheet = await money.salaries(req.ctx(), q);
        const body = format === 'csv' ? salaryCsv(sheet, lang) : await salaryXlsx(sheet, lang);
        return reply
          .header('content-disposition', `attachment; filename="salaries-${sheet.month}.${format}"`)
          .header('cache-control', 'no-store')
          .type(
            format === 'csv'
              ? 'text/csv; charset=utf-8'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .send(body);
      },
    );
}
