import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Actor, Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError, badRequest, forbidden, notFound } from '../../shared/errors.js';
import { decodeCursor, pageOf } from '../../shared/pagination.js';
import { authorize, can } from '../auth/index.js';
import {
  compileCalendar,
  dayKind,
  parseCalendarDocument,
  productionYears,
  type CompiledCalendar,
  type DayKind,
} from '../calendars/index.js';
import { buyerRequisites, sellerOf, type ReconciliationStatement } from '../documents/index.js';
import {
  BankFileError,
  decodeBankFile,
  invoiceReferences,
  parseBankExchange,
  type BankDocument,
} from './bank-exchange.js';
import { actLabel, paymentLabel, statementFigures, type SettlementEntry } from './reconciliation.js';
import { attributeRevenue, mulDivHalfUp, salaryOf, workMinutes, type SalaryFormula } from './salary.js';
import * as repo from './settlements.repository.js';

/** Payment orders written per transaction while importing a statement. */
const IMPORT_CHUNK = 50;

/** A statement of a large bank is a few MB; ten is far beyond a year of a small company's payments. */
export const MAX_BANK_FILE_BYTES = 10 * 1024 * 1024;

const actorName = (actor: Actor) => (actor.kind === 'system' ? actor.name : `${actor.kind}:${actor.id}`);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function dateField(value: string, path: string): string {
  const m = DATE.exec(value.trim());
  const d = m ? new Date(`${m[0]}T00:00:00Z`) : null;
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m[0])
    throw badRequest(`"${value}" is not a date; use YYYY-MM-DD`, { errors: [{ path, message: 'is not a date' }] });
  return m[0];
}

function period(from: string, to: string) {
  const f = dateField(from, 'querystring.from');
  const t = dateField(to, 'querystring.to');
  if (f > t) throw badRequest(`The period starts (${f}) after it ends (${t})`);
  return { from: f, to: t };
}

const optionalText = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

// ---------------------------------------------------------------------------------------------- payments

export interface PaymentInput {
  organizationId?: number | null;
  invoiceId?: number | null;
  entityId?: number | null;
  date: string;
  amountKopecks: number;
  payerName?: string | null;
  payerInn?: string | null;
  purpose?: string | null;
  paymentNumber?: string | null;
}

/** An invoice a payment names must be an invoice, and of the client it names (money of one client never lands on another). */
async function checkedInvoice(ctx: Ctx, invoiceId: number, organizationId: number | null | undefined, path: string) {
  const invoice = await repo.findInvoice(ctx.db, invoiceId);
  if (!invoice || invoice.kind !== 'invoice')
    throw badRequest(`Invoice ${invoiceId} was not found`, { errors: [{ path, message: 'not an invoice' }] });
  if (organizationId != null && invoice.organization_id !== organizationId)
    throw badRequest(`Invoice № ${invoice.number_text} of ${invoice.date} is another client's invoice`, {
      errors: [{ path, message: 'not of this organization' }],
    });
  return invoice;
}

async function checkedOrganization(ctx: Ctx, organizationId: number, path: string) {
  const organization = await repo.findOrganization(ctx.db, organizationId);
  if (!organization)
    throw badRequest(`Organization ${organizationId} was not found`, { errors: [{ path, message: 'not found' }] });
  return organization;
}

/** The entity money came to when nothing names it: the only one the desk has, else none. */
async function defaultEntityId(ctx: Ctx): Promise<number | null> {
  const active = (await repo.legalEntities(ctx.db)).filter((e) => e.active === 1);
  return active.length === 1 ? active[0]!.id : null;
}

export async function createPayment(ctx: Ctx, input: PaymentInput) {
  authorize(ctx.actor, 'payment.manage');
  const date = dateField(input.date, 'body.date');
  const payerInn = optionalText(input.payerInn);
  if (payerInn !== null && !/^\d{10}(\d{2})?$/.test(payerInn))
    throw badRequest(`"${payerInn}" is not an INN: 10 digits for a company, 12 for a person`, {
      errors: [{ path: 'body.payerInn', message: 'is not an INN' }],
    });
  const id = await inTransaction(ctx, async (tx) => {
    const invoice =
      input.invoiceId != null
        ? await checkedInvoice(tx, input.invoiceId, input.organizationId, 'body.invoiceId')
        : null;
    const organizationId = input.organizationId ?? invoice?.organization_id ?? null;
    if (organizationId !== null) await checkedOrganization(tx, organizationId, 'body.organizationId');
    let entityId = input.entityId ?? invoice?.entity_id ?? null;
    if (entityId !== null && !(await repo.findLegalEntity(tx.db, entityId)))
      throw badRequest(`Legal entity ${entityId} was not found`, {
        errors: [{ path: 'body.entityId', message: 'not found' }],
      });
    entityId ??= await defaultEntityId(tx);
    const now = ctx.clock.now().toISOString();
    const paymentId = await repo.insertPayment(tx.db, {
      organization_id: organizationId,
      entity_id: entityId,
      invoice_document_id: invoice?.id ?? null,
      date,
      amount_kopecks: input.amountKopecks,
      payer_name: optionalText(input.payerName),
      payer_inn: payerInn,
      payer_account: null,
      purpose: optionalText(input.purpose),
      payment_number: optionalText(input.paymentNumber),
      source: 'manual',
      import_id: null,
      // Typed in by a person: each entry is its own payment (two equal cash payments on one day happen).
      dedupe_key: `manual:${randomUUID()}`,
      matched_by: organizationId === null ? null : 'manual',
      created_by: actorName(ctx.actor),
      created_at: now,
    });
    await repo.insertPaymentHistory(tx.db, {
      payment_id: paymentId!,
      at: now,
      actor: actorName(ctx.actor),
      from_organization_id: null,
      from_invoice_document_id: null,
      to_organization_id: organizationId,
      to_invoice_document_id: invoice?.id ?? null,
      note: 'entered by hand',
    });
    return paymentId!;
  });
  return (await repo.findPayment(ctx.db, id))!;
}

export async function getPayment(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'payment.read');
  const payment = await repo.findPayment(ctx.db, id);
  if (!payment) throw notFound(`Payment ${id}`);
  return { payment, history: await repo.paymentHistory(ctx.db, id) };
}

export async function listPayments(
  ctx: Ctx,
  opts: {
    organizationId?: number;
    from?: string;
    to?: string;
    status?: 'matched' | 'unmatched';
    limit: number;
    cursor?: string;
  },
) {
  authorize(ctx.actor, 'payment.read');
  const from = opts.from === undefined ? undefined : dateField(opts.from, 'querystring.from');
  const to = opts.to === undefined ? undefined : dateField(opts.to, 'querystring.to');
  if (from && to && from > to) throw badRequest(`The period starts (${from}) after it ends (${to})`);
  const after = decodeCursor(opts.cursor);
  const rows = await repo.listPayments(ctx.db, {
    organizationId: opts.organizationId,
    from,
    to,
    status: opts.status,
    limit: opts.limit,
    ...(after && { after: { key: String(after[0]), id: after[1] } }),
  });
  return pageOf(rows, opts.limit, (p) => [p.date, p.id]);
}

/**
 * A payment is a fact of the bank: its date, amount and payer never change. Only whose money it is and which
 * invoice it pays may be set (or corrected) by a person, and each change is kept in the payment's history.
 */
export async function matchPayment(
  ctx: Ctx,
  id: number,
  input: { organizationId: number | null; invoiceId?: number | null; note?: string | null },
) {
  authorize(ctx.actor, 'payment.manage');
  await inTransaction(ctx, async (tx) => {
    const payment = await repo.findPayment(tx.db, id);
    if (!payment) throw notFound(`Payment ${id}`);
    if (input.invoiceId != null && input.organizationId === null)
      throw badRequest('An invoice belongs to a client: name the organization too', {
        errors: [{ path: 'body.organizationId', message: 'is required with an invoice' }],
      });
    if (input.organizationId !== null) await checkedOrganization(tx, input.organizationId, 'body.organizationId');
    const invoice =
      input.invoiceId != null
        ? await checkedInvoice(tx, input.invoiceId, input.organizationId, 'body.invoiceId')
        : null;
    const invoiceId = invoice?.id ?? null;
    if (payment.organization_id === input.organizationId && payment.invoice_document_id === invoiceId) return;
    await repo.setPaymentMatch(tx.db, id, {
      organizationId: input.organizationId,
      invoiceId,
      entityId: payment.entity_id ?? invoice?.entity_id ?? null,
      matchedBy: input.organizationId === null ? null : 'manual',
    });
    await repo.insertPaymentHistory(tx.db, {
      payment_id: id,
      at: ctx.clock.now().toISOString(),
      actor: actorName(ctx.actor),
      from_organization_id: payment.organization_id,
      from_invoice_document_id: payment.invoice_document_id,
      to_organization_id: input.organizationId,
      to_invoice_document_id: invoiceId,
      note: optionalText(input.note) ?? 'matched by hand',
    });
  });
  return (await repo.findPayment(ctx.db, id))!;
}

// ----------------------------------------------------------------------------------------- bank import

export interface ImportSummary {
  importId: number;
  fileName: string;
  /** Payment documents in the file. */
  total: number;
  imported: number;
  /** Imported and the client is known (by the invoice number and INN, or by the INN alone). */
  matched: number;
  /** Of the matched, those matched to an invoice. */
  matchedToInvoices: number;
  /** Imported with no client found: listed for a person (`status=unmatched`). */
  unmatched: number;
  /** Outgoing payments and payments between other parties: not money owed to us. */
  skipped: number;
  /** Already imported (from this or an earlier statement). */
  duplicates: number;
}

/** One bank payment is one payment, whichever statement brings it: the payer's account, number, date, amount, our account. */
function dedupeKey(d: BankDocument): string {
  const parts = [
    d.payerAccount ?? d.payerInn ?? d.payerName,
    d.number,
    d.date,
    d.amountKopecks,
    d.recipientAccount ?? d.recipientInn,
  ];
  return `bank:${createHash('sha256').update(parts.join('|')).digest('hex')}`;
}

type Ours = (d: BankDocument) => { direction: 'in'; entityId: number } | { direction: 'out' | 'foreign' };

function ourSide(entities: repo.LegalEntityRow[]): Ours {
  const byAccount = new Map(entities.map((e) => [e.settlement_account, e.id]));
  const byInn = new Map<string, number>();
  for (const e of entities) if (!byInn.has(e.inn)) byInn.set(e.inn, e.id);
  return (d) => {
    const to =
      (d.recipientAccount !== null ? byAccount.get(d.recipientAccount) : undefined) ??
      (d.recipientInn !== null ? byInn.get(d.recipientInn) : undefined);
    const from =
      (d.payerAccount !== null && byAccount.has(d.payerAccount)) || (d.payerInn !== null && byInn.has(d.payerInn));
    // Money moved between our own accounts is neither owed nor paid by a client.
    if (to !== undefined && !from) return { direction: 'in', entityId: to };
    return { direction: from ? 'out' : 'foreign' };
  };
}

interface Match {
  organizationId: number | null;
  invoiceId: number | null;
  matchedBy: 'invoice' | 'inn' | null;
}

async function matchIncoming(
  ctx: Ctx,
  d: BankDocument,
  entityId: number,
  clientsByInn: Map<string, Array<{ id: number }>>,
): Promise<Match> {
  if (d.payerInn === null) return { organizationId: null, invoiceId: null, matchedBy: null };
  let clients = clientsByInn.get(d.payerInn);
  if (!clients) {
    clients = await repo.organizationsByInn(ctx.db, d.payerInn);
    clientsByInn.set(d.payerInn, clients);
  }
  if (clients.length === 0) return { organizationId: null, invoiceId: null, matchedBy: null };
  for (const ref of invoiceReferences(d.purpose)) {
    const invoices = await repo.invoicesByNumber(ctx.db, {
      organizationIds: clients.map((c) => c.id),
      number: ref.number,
      year: ref.year,
      onOrBefore: d.receivedOn,
    });
    // Numbers restart every year and per entity: the receiving entity's newest invoice with that number wins.
    const invoice = invoices.find((i) => i.entity_id === entityId) ?? invoices[0];
    if (invoice) return { organizationId: invoice.organization_id, invoiceId: invoice.id, matchedBy: 'invoice' };
  }
  // Two clients with one INN (branches kept apart): the INN alone cannot say whose money it is.
  if (clients.length === 1) return { organizationId: clients[0]!.id, invoiceId: null, matchedBy: 'inn' };
  return { organizationId: null, invoiceId: null, matchedBy: null };
}

/**
 * Imports a 1C client-bank statement: only money coming to one of our legal entities' accounts (or INN),
 * each payment once however many statements bring it, matched to an invoice by the number in its purpose and
 * the payer's INN, else to the client by INN, else left for a person. Parsing happens before any transaction
 * and yields to the event loop as it goes; payments are written in chunks (see below), each chunk all or nothing.
 */
export async function importBankStatement(
  ctx: Ctx,
  file: { fileName: string; bytes: Uint8Array },
): Promise<ImportSummary> {
  authorize(ctx.actor, 'payment.manage');
  if (file.bytes.length === 0)
    throw badRequest('The file is empty: export the statement from the bank in the 1C format');
  if (file.bytes.length > MAX_BANK_FILE_BYTES)
    throw new AppError(
      413,
      'too_large',
      `The file is larger than ${MAX_BANK_FILE_BYTES / 1024 / 1024} MB; import a shorter period`,
    );
  let statement;
  try {
    const text = decodeBankFile(file.bytes);
    await nextTurn();
    statement = await parseBankExchange(text);
  } catch (err) {
    if (err instanceof BankFileError)
      throw badRequest(`${file.fileName}: ${err.message}`, {
        errors: [{ path: `line ${err.line}`, message: err.message }],
      });
    throw err;
  }
  await nextTurn();
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const entities = await repo.legalEntities(ctx.db);
  if (entities.length === 0)
    throw new AppError(
      409,
      'no_legal_entity',
      'The desk has no legal entity yet, so no payment can be told to be ours: add your company first (Documents → Legal entities)',
    );
  const ours = ourSide(entities);
  const now = ctx.clock.now().toISOString();
  const actor = actorName(ctx.actor);
  const summary = {
    total: statement.documents.length,
    imported: 0,
    matched: 0,
    matchedToInvoices: 0,
    unmatched: 0,
    skipped: 0,
    duplicates: 0,
  };
  const { id: importId } = await inTransaction(ctx, (tx) =>
    repo.insertBankImport(tx.db, {
      file_name: file.fileName,
      sha256,
      imported_at: now,
      total: summary.total,
      imported: 0,
      matched: 0,
      unmatched: 0,
      skipped: 0,
      duplicates: 0,
      created_by: actor,
    }),
  );
  // Chunks of their own transactions: the desk has one SQLite connection, and a 10 MB statement in a single
  // transaction would keep every other request waiting for seconds. A crash between chunks loses nothing: the
  // same file again imports only what is missing (each bank payment's key is unique).
  for (let at = 0; at < statement.documents.length; at += IMPORT_CHUNK) {
    const chunk = statement.documents.slice(at, at + IMPORT_CHUNK);
    // A batch may run its units twice (write-batcher.ts): the chunk's counts start afresh in each run.
    const counts = await inTransaction(ctx, async (tx) => {
      const c = { imported: 0, matched: 0, matchedToInvoices: 0, unmatched: 0, skipped: 0, duplicates: 0 };
      const clientsByInn = new Map<string, Array<{ id: number }>>();
      for (const d of chunk) {
        const side = ours(d);
        if (side.direction !== 'in') {
          c.skipped++;
          continue;
        }
        const match = await matchIncoming(tx, d, side.entityId, clientsByInn);
        const paymentId = await repo.insertPayment(tx.db, {
          organization_id: match.organizationId,
          entity_id: side.entityId,
          invoice_document_id: match.invoiceId,
          date: d.receivedOn,
          amount_kopecks: d.amountKopecks,
          payer_name: d.payerName || null,
          payer_inn: d.payerInn,
          payer_account: d.payerAccount,
          purpose: d.purpose || null,
          payment_number: d.number,
          source: 'import',
          import_id: importId,
          dedupe_key: dedupeKey(d),
          matched_by: match.matchedBy,
          created_by: actor,
          created_at: now,
        });
        if (paymentId === undefined) {
          c.duplicates++;
          continue;
        }
        c.imported++;
        if (match.organizationId === null) c.unmatched++;
        else c.matched++;
        if (match.invoiceId !== null) c.matchedToInvoices++;
        if (match.organizationId !== null)
          await repo.insertPaymentHistory(tx.db, {
            payment_id: paymentId,
            at: now,
            actor,
            from_organization_id: null,
            from_invoice_document_id: null,
            to_organization_id: match.organizationId,
            to_invoice_document_id: match.invoiceId,
            note:
              match.matchedBy === 'invoice'
                ? `imported: invoice number and INN ${d.payerInn}`
                : `imported: INN ${d.payerInn}`,
          });
      }
      await repo.updateBankImportCounts(tx.db, importId, {
        imported: summary.imported + c.imported,
        matched: summary.matched + c.matched,
        unmatched: summary.unmatched + c.unmatched,
        skipped: summary.skipped + c.skipped,
        duplicates: summary.duplicates + c.duplicates,
      });
      return c;
    });
    for (const key of Object.keys(counts) as Array<keyof typeof counts>) summary[key] += counts[key];
    // Between chunks the event loop serves whoever is waiting.
    await nextTurn();
  }
  return { importId, fileName: file.fileName, ...summary };
}

// ------------------------------------------------------------------------------- balances, reconciliation

function assertDocumentsReader(actor: Actor) {
  if (actor.kind === 'contact') throw forbidden();
  authorize(actor, 'payment.read');
}

export async function organizationBalance(ctx: Ctx, organizationId: number, at: string) {
  assertDocumentsReader(ctx.actor);
  const day = dateField(at, 'querystring.at');
  const organization = await repo.findOrganization(ctx.db, organizationId);
  if (!organization) throw notFound(`Organization ${organizationId}`);
  const acts = await repo.actsOf(ctx.db, organizationId, day);
  const payments = await repo.paymentsOf(ctx.db, organizationId, day);
  const actsKopecks = acts.reduce((s, a) => s + a.total_kopecks, 0);
  const paymentsKopecks = payments.reduce((s, p) => s + p.amount_kopecks, 0);
  return {
    organizationId,
    name: organization.name,
    at: day,
    actsKopecks,
    paymentsKopecks,
    balanceKopecks: actsKopecks - paymentsKopecks,
  };
}

export async function allBalances(ctx: Ctx, at: string) {
  assertDocumentsReader(ctx.actor);
  const day = dateField(at, 'querystring.at');
  const { acts, payments } = await repo.balancesAt(ctx.db, day);
  const byOrg = new Map<number, { acts: number; payments: number }>();
  for (const a of acts) byOrg.set(a.organization_id, { acts: Number(a.kopecks), payments: 0 });
  for (const p of payments) {
    const e = byOrg.get(p.organization_id) ?? { acts: 0, payments: 0 };
    e.payments = Number(p.kopecks);
    byOrg.set(p.organization_id, e);
  }
  const nonZero = [...byOrg.entries()].filter(([, v]) => v.acts !== v.payments);
  const names = new Map(
    (
      await repo.organizationNames(
        ctx.db,
        nonZero.map(([id]) => id),
      )
    ).map((o) => [o.id, o.name]),
  );
  const items = nonZero
    .map(([organizationId, v]) => ({
      organizationId,
      name: names.get(organizationId) ?? `#${organizationId}`,
      actsKopecks: v.acts,
      paymentsKopecks: v.payments,
      balanceKopecks: v.acts - v.payments,
    }))
    // Who owes most first; overpaid clients (negative) at the end.
    .sort((a, b) => b.balanceKopecks - a.balanceKopecks || a.name.localeCompare(b.name));
  return {
    at: day,
    items,
    totalKopecks: items.reduce((s, i) => s + i.balanceKopecks, 0),
  };
}

export async function reconciliation(
  ctx: Ctx,
  organizationId: number,
  q: { from: string; to: string; entityId?: number; language?: 'ru' | 'en' },
): Promise<ReconciliationStatement> {
  assertDocumentsReader(ctx.actor);
  const { from, to } = period(q.from, q.to);
  const language = q.language ?? 'ru';
  const organization = await repo.findOrganization(ctx.db, organizationId);
  if (!organization) throw notFound(`Organization ${organizationId}`);
  const entities = await repo.legalEntities(ctx.db);
  const entity =
    q.entityId !== undefined
      ? entities.find((e) => e.id === q.entityId)
      : (entities.find((e) => e.active === 1) ?? entities[0]);
  if (q.entityId !== undefined && !entity) throw badRequest(`Legal entity ${q.entityId} was not found`);
  if (!entity)
    throw new AppError(
      409,
      'no_legal_entity',
      'A statement is drawn up by one of our legal entities: add your company first',
    );
  // With several entities and none chosen, the statement covers the client's settlements with all of them.
  const onlyEntity = q.entityId;
  const acts = await repo.actsOf(ctx.db, organizationId, to, onlyEntity);
  const payments = await repo.paymentsOf(ctx.db, organizationId, to, onlyEntity);
  const entries: SettlementEntry[] = [
    ...acts.map((a) => ({
      date: a.date,
      kind: 'act' as const,
      amountKopecks: a.total_kopecks,
      id: a.id,
      label: actLabel({ number: a.number_text, date: a.date, correction: a.correction }, language),
    })),
    ...payments.map((p) => ({
      date: p.date,
      kind: 'payment' as const,
      amountKopecks: p.amount_kopecks,
      id: p.id,
      label: paymentLabel({ paymentNumber: p.payment_number, date: p.date }, language),
    })),
  ];
  const figures = statementFigures(entries, from, to);
  return {
    language,
    seller: sellerOf(entity),
    buyer: await buyerRequisites(ctx, organization),
    from,
    to,
    ...figures,
  };
}

// ------------------------------------------------------------------------------------------------ profit

export async function profit(ctx: Ctx, q: { from: string; to: string }) {
  if (ctx.actor.kind === 'contact') throw forbidden();
  authorize(ctx.actor, 'profit.read');
  const { from, to } = period(q.from, q.to);
  const sums = await repo.profitSums(ctx.db, from, to);
  type Row = { revenue: number; work: number; clientCosts: number; recurring: number };
  const rows = new Map<number, Row>();
  const row = (id: number) => {
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { revenue: 0, work: 0, clientCosts: 0, recurring: 0 }));
    return r;
  };
  for (const s of sums.revenue) row(s.organization_id).revenue += Number(s.kopecks);
  for (const s of sums.work) row(s.organization_id).work += Number(s.kopecks);
  for (const s of sums.clientCosts) row(s.organization_id).clientCosts += Number(s.kopecks);
  for (const s of sums.recurring) row(s.organization_id).recurring += Number(s.kopecks);
  const names = new Map((await repo.organizationNames(ctx.db, [...rows.keys()])).map((o) => [o.id, o.name]));
  const margin = (profitKopecks: number, revenueKopecks: number) =>
    revenueKopecks === 0 ? null : Math.round((profitKopecks * 1000) / revenueKopecks) / 10;
  const items = [...rows.entries()]
    .map(([organizationId, r]) => {
      const costKopecks = r.work + r.clientCosts + r.recurring;
      const profitKopecks = r.revenue - costKopecks;
      return {
        organizationId,
        name: names.get(organizationId) ?? `#${organizationId}`,
        revenueKopecks: r.revenue,
        costKopecks,
        profitKopecks,
        marginPercent: margin(profitKopecks, r.revenue),
        breakdown: { work: r.work, clientCosts: r.clientCosts, recurring: r.recurring },
      };
    })
    .sort((a, b) => b.profitKopecks - a.profitKopecks || a.name.localeCompare(b.name));
  const totals = items.reduce(
    (t, i) => ({
      revenueKopecks: t.revenueKopecks + i.revenueKopecks,
      costKopecks: t.costKopecks + i.costKopecks,
      profitKopecks: t.profitKopecks + i.profitKopecks,
      breakdown: {
        work: t.breakdown.work + i.breakdown.work,
        clientCosts: t.breakdown.clientCosts + i.breakdown.clientCosts,
        recurring: t.breakdown.recurring + i.breakdown.recurring,
      },
    }),
    { revenueKopecks: 0, costKopecks: 0, profitKopecks: 0, breakdown: { work: 0, clientCosts: 0, recurring: 0 } },
  );
  return { from, to, items, totals: { ...totals, marginPercent: margin(totals.profitKopecks, totals.revenueKopecks) } };
}

// ---------------------------------------------------------------------------------------------- salaries

export async function putSalaryFormula(ctx: Ctx, agentId: number, formula: SalaryFormula) {
  authorize(ctx.actor, 'salary.manage');
  await inTransaction(ctx, async (tx) => {
    if (!(await repo.findAgent(tx.db, agentId))) throw notFound(`Agent ${agentId}`);
    await repo.upsertSalaryFormula(tx.db, {
      agent_id: agentId,
      fixed_kopecks: formula.fixedKopecks,
      per_billable_hour_kopecks: formula.perBillableHourKopecks,
      revenue_percent_bp: formula.revenuePercentBp,
      updated_by: actorName(ctx.actor),
      updated_at: ctx.clock.now().toISOString(),
    });
  });
  return { agentId, ...formula };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthPeriod(month: string) {
  const m = MONTH.exec(month.trim());
  if (!m)
    throw badRequest(`"${month}" is not a month; use YYYY-MM`, {
      errors: [{ path: 'querystring.month', message: 'is not a month' }],
    });
  const year = Number(m[1]);
  const mon = Number(m[2]);
  const last = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return {
    month: `${m[1]}-${m[2]}`,
    from: `${m[1]}-${m[2]}-01`,
    to: `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}`,
  };
}

/** Each act of the period with the work it covers (see repo.actsWithWork), for the revenue split. */
async function actedWork(ctx: Ctx, from: string, to: string) {
  const { acts, lines, linked, worklogs } = await repo.actsWithWork(ctx.db, from, to);
  const covered = new Map<number, Set<number>>();
  const cover = (documentId: number, worklogId: number) => {
    let set = covered.get(documentId);
    if (!set) covered.set(documentId, (set = new Set()));
    set.add(worklogId);
  };
  for (const w of linked) cover(w.act_id!, w.id);
  for (const l of lines)
    for (const id of JSON.parse(l.source_ids!) as unknown[]) if (Number.isInteger(id)) cover(l.document_id, Number(id));
  const byId = new Map(worklogs.map((w) => [w.id, w]));
  return acts.map((a) => {
    const own = covered.get(a.id);
    const ids = own && own.size > 0 ? own : a.corrects_document_id ? covered.get(a.corrects_document_id) : undefined;
    return {
      netKopecks: a.net_kopecks,
      work: [...(ids ?? [])].flatMap((id) => {
        const w = byId.get(id);
        return w ? [{ agentId: w.agent_id, amountKopecks: w.amount_kopecks, minutes: w.minutes }] : [];
      }),
    };
  });
}

/** Who may see whose pay: the books see everyone's; an engineer only their own, and must ask for it by id. */
function salaryScope(actor: Actor, agentId: number | undefined): number | undefined {
  if (actor.kind === 'contact') throw forbidden();
  if (can(actor, 'salary.read')) return agentId;
  if (actor.kind === 'agent' && can(actor, 'salary.own')) {
    if (agentId === actor.id) return agentId;
    throw forbidden(
      agentId === undefined
        ? `You may see only your own pay: ask for agentId=${actor.id}`
        : 'You may see only your own pay, not a colleague’s',
    );
  }
  throw forbidden();
}

/** dayKind, remembered per date: a month of worklogs asks about the same thirty days again and again. */
function classifier(calendar: CompiledCalendar) {
  const known = new Map<string, DayKind>();
  return (date: string) => {
    let kind = known.get(date);
    if (!kind) known.set(date, (kind = dayKind(calendar, date)));
    return kind;
  };
}

/**
 * The desk's working week when an engineer has no calendar of their own: Monday to Friday and the Russian
 * production calendar (its holidays off, its moved working days on), on the engineer's own clock.
 */
function defaultCalendarDocument(zone: string) {
  return parseCalendarDocument({
    timezone: zone,
    week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
    production: 'RU',
  });
}

export const SALARY_NOTE_EN =
  'Night (22:00–06:00, Labour Code art. 96) and day-off minutes are split from worklogs with a start and an end; minutes-only worklogs (unsplitMinutes) count as day work on their date.';

export async function salaries(ctx: Ctx, q: { month: string; agentId?: number }) {
  const agentId = salaryScope(ctx.actor, q.agentId);
  const { month, from, to } = monthPeriod(q.month);
  const agents = await repo.agentsForSalaries(ctx.db, agentId);
  if (agentId !== undefined && agents.length === 0) throw notFound(`Agent ${agentId}`);
  const works = await repo.monthWorklogs(ctx.db, from, to, agentId);
  const formulas = new Map((await repo.salaryFormulas(ctx.db)).map((f) => [f.agent_id, f]));
  const revenue = attributeRevenue(await actedWork(ctx, from, to));
  const production = await productionYears(ctx);
  const calendars = new Map<string, CompiledCalendar>();
  const calendarFor = (zone: string) => {
    let c = calendars.get(zone);
    if (!c) calendars.set(zone, (c = compileCalendar(defaultCalendarDocument(zone), production)));
    return c;
  };
  const worksByAgent = new Map<number, typeof works>();
  for (const w of works) {
    const list = worksByAgent.get(w.agent_id) ?? [];
    list.push(w);
    worksByAgent.set(w.agent_id, list);
  }
  const items = agents
    .filter((a) => agentId !== undefined || worksByAgent.has(a.id) || formulas.has(a.id) || revenue.has(a.id))
    .map((a) => {
      const zone = a.timezone ?? 'Europe/Moscow';
      const calendar = calendarFor(zone);
      const minutes = workMinutes(
        (worksByAgent.get(a.id) ?? []).map((w) => ({
          minutes: w.minutes,
          billable: w.billable === 1,
          startedAt: w.started_at === null ? null : Date.parse(w.started_at),
          endedAt: w.ended_at === null ? null : Date.parse(w.ended_at),
          workDate: w.work_date,
        })),
        zone,
        classifier(calendar),
      );
      const row = formulas.get(a.id);
      const formula: SalaryFormula | null = row
        ? {
            fixedKopecks: row.fixed_kopecks,
            perBillableHourKopecks: row.per_billable_hour_kopecks,
            revenuePercentBp: row.revenue_percent_bp,
          }
        : null;
      const revenueKopecks = revenue.get(a.id) ?? 0;
      const result = salaryOf(
        formula ?? { fixedKopecks: 0, perBillableHourKopecks: 0, revenuePercentBp: 0 },
        minutes.billableMinutes,
        revenueKopecks,
      );
      return {
        agentId: a.id,
        name: a.name,
        role: a.role,
        timezone: zone,
        ...minutes,
        revenueKopecks,
        formula,
        ...result,
      };
    });
  const sum = (
    key:
      | 'fixedKopecks'
      | 'hourlyKopecks'
      | 'revenueShareKopecks'
      | 'totalKopecks'
      | 'minutes'
      | 'billableMinutes'
      | 'nightMinutes'
      | 'holidayMinutes',
  ) => items.reduce((s, i) => s + i[key], 0);
  return {
    month,
    from,
    to,
    note: SALARY_NOTE_EN,
    items,
    totals: {
      minutes: sum('minutes'),
      billableMinutes: sum('billableMinutes'),
      nightMinutes: sum('nightMinutes'),
      holidayMinutes: sum('holidayMinutes'),
      fixedKopecks: sum('fixedKopecks'),
      hourlyKopecks: sum('hourlyKopecks'),
      revenueShareKopecks: sum('revenueShareKopecks'),
      totalKopecks: sum('totalKopecks'),
    },
  };
}

export type SalarySheet = Awaited<ReturnType<typeof salaries>>;

/** Hours as a number with two decimals for spreadsheets (minutes / 60). */
export const hoursOf = (minutes: number) => mulDivHalfUp(minutes, 100, 60) / 100;
