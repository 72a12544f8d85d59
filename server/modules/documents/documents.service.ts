import type { Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { publish } from '../../events/event-bus.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import { decodeCursor, pageOf } from '../../shared/pagination.js';
import { authorize, can } from '../auth/index.js';
import { markCostsInvoiced } from '../client-costs/index.js';
import { markChargesInvoiced } from '../recurring/index.js';
import { coverWorkByAct, releaseWorkOfAct } from '../worklogs/index.js';
import {
  chargeLine,
  costLine,
  feeLine,
  feePeriods,
  manualLine,
  negated,
  priceLines,
  totalsOf,
  workLines,
  type DraftLine,
  type Include,
  type Language,
  type ManualLineInput,
  type Mark,
  type PricedLine,
} from './billing-lines.js';
import type { DocumentKind, IssuedDocument, VatMode } from './document-model.js';
import * as repo from './documents.repository.js';
import { numberText, yearOf } from './numbering.js';
import { buyerOf, issuedDocument } from './snapshot.js';
import { vatRateFor } from './vat.js';
import { isConstraintViolation } from '../../db/dialect.js';

export interface BillingInput {
  organizationId: number;
  entityId: number;
  from?: string;
  to?: string;
  include?: Include[];
  lines?: ManualLineInput[];
  agreementId?: number | null;
  date?: string;
  language?: Language;
  discountPercent?: number;
  /** Acts: made from this invoice, with its lines. */
  invoiceId?: number;
}

export interface CorrectionLineInput extends ManualLineInput {
  /** The original act's line this one replaces: it bills (and covers) the same items. */
  fromPosition?: number;
}

const actorTag = (ctx: Ctx) =>
  ctx.actor.kind === 'system' ? `system:${ctx.actor.name}` : `${ctx.actor.kind}:${ctx.actor.id}`;

/** Today in Moscow (UTC+3 all year since 2014): the date documents carry unless told otherwise. */
export const todayMoscow = (ctx: Ctx) => new Date(ctx.clock.now().getTime() + 3 * 3_600_000).toISOString().slice(0, 10);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function dateField(value: string, path: string): string {
  const d = new Date(`${value}T00:00:00Z`);
  if (!DATE.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    throw badRequest(`"${value}" is not a date; use YYYY-MM-DD`, { errors: [{ path, message: 'is not a date' }] });
  return value;
}

const KIND_NAMES: Record<DocumentKind, string> = {
  invoice: 'invoice',
  act: 'act',
  contract: 'contract',
  reconciliation: 'reconciliation statement',
};

const nothingToBill = (org: string, kind: DocumentKind, from: string, to: string) =>
  new AppError(
    409,
    'nothing_to_bill',
    `Nothing to bill for ${org} from ${from} to ${to}: no billable work, package fees, recurring charges or re-billed costs that are not on an ${KIND_NAMES[kind]} already`,
  );

async function activeEntity(tx: TxCtx, entityId: number) {
  const entity = await repo.findEntity(tx.db, entityId);
  if (!entity)
    throw badRequest(`Legal entity ${entityId} was not found`, {
      errors: [{ path: 'body.entityId', message: 'not found' }],
    });
  if (!entity.active)
    throw new AppError(
      409,
      'entity_inactive',
      `${entity.short_name} is inactive; activate it or choose another legal entity`,
    );
  return entity;
}

async function organizationOf(tx: TxCtx, id: number) {
  const org = await repo.findOrganization(tx.db, id);
  if (!org)
    throw badRequest(`Organization ${id} was not found`, {
      errors: [{ path: 'body.organizationId', message: 'not found' }],
    });
  return org;
}

async function agreementOf(tx: TxCtx, id: number, organizationId?: number) {
  const agreement = await repo.findAgreement(tx.db, id);
  if (!agreement || (organizationId !== undefined && agreement.organization_id !== organizationId))
    throw badRequest(`Agreement ${id} is not an agreement of this client`, {
      errors: [{ path: 'body.agreementId', message: 'not of this organization' }],
    });
  return agreement;
}

const agreementSnapshot = (
  a: { number: string; title: string; start_date: string; end_date: string } | undefined | null,
) => (a ? { number: a.number, title: a.title, startsOn: a.start_date, endsOn: a.end_date } : null);

/** Collects what a document of `kind` bills for a client and period, as draft lines (nothing written). */
async function collectLines(
  tx: TxCtx,
  kind: 'invoice' | 'act',
  input: {
    organizationId: number;
    from: string;
    to: string;
    include: Include[];
    agreementId: number | null;
    lines: ManualLineInput[];
  },
  language: Language,
): Promise<DraftLine[]> {
  const inc = new Set(input.include);
  const byAgreement = <T extends { agreement_id: number | null }>(rows: T[]) =>
    input.agreementId === null ? rows : rows.filter((r) => r.agreement_id === input.agreementId);
  const drafts: DraftLine[] = [];
  if (inc.has('worklogs') || inc.has('worklogs_by_service')) {
    const work = byAgreement(await repo.billableWorklogs(tx.db, kind, input.organizationId, input.from, input.to));
    drafts.push(...workLines(work, inc.has('worklogs') ? 'ticket' : 'service', language));
  }
  if (inc.has('packages')) {
    for (const a of await repo.feeAgreements(tx.db, input.organizationId, input.from, input.to)) {
      if (input.agreementId !== null && a.id !== input.agreementId) continue;
      const periods = feePeriods(a.package_period, { start: a.start_date, end: a.end_date }, input.from, input.to);
      const billed = new Set(
        await repo.markedRefs(
          tx.db,
          kind,
          'package',
          periods.map((p) => `${a.id}:${p.key}`),
        ),
      );
      for (const p of periods)
        if (!billed.has(`${a.id}:${p.key}`))
          drafts.push(feeLine(a, a.package_fee_kopecks!, a.package_period, p, language));
    }
  }
  if (inc.has('recurring'))
    for (const c of await repo.billableCharges(tx.db, kind, input.organizationId, input.from, input.to))
      drafts.push(chargeLine(c, language));
  if (inc.has('client_costs'))
    for (const c of await repo.rebilledCosts(tx.db, kind, input.organizationId, input.from, input.to))
      drafts.push(costLine(c, language));
  for (const l of input.lines) drafts.push(manualLine(l));
  return drafts;
}

const INCLUDES: Include[] = ['worklogs', 'worklogs_by_service', 'packages', 'recurring', 'client_costs', 'manual'];

function checkBillingInput(input: BillingInput, needPeriod: boolean) {
  const include = [...new Set(input.include ?? INCLUDES.filter((i) => i !== 'worklogs_by_service'))];
  if (include.includes('worklogs') && include.includes('worklogs_by_service'))
    throw badRequest('Choose work by ticket ("worklogs") or summed by service ("worklogs_by_service"), not both', {
      errors: [{ path: 'body.include', message: 'worklogs and worklogs_by_service together' }],
    });
  const lines = input.lines ?? [];
  if (include.includes('manual') === false && lines.length > 0) include.push('manual');
  const errors: Array<{ path: string; message: string }> = [];
  lines.forEach((l, i) => {
    if (!l.description.trim()) errors.push({ path: `body.lines.${i}.description`, message: 'is empty' });
    if (!l.unit.trim()) errors.push({ path: `body.lines.${i}.unit`, message: 'is empty' });
    if (Math.round(l.quantity * 1000) === 0) errors.push({ path: `body.lines.${i}.quantity`, message: 'is zero' });
    if (Math.abs(l.quantity * 1000 - Math.round(l.quantity * 1000)) > 1e-6)
      errors.push({ path: `body.lines.${i}.quantity`, message: 'has more than three decimals' });
    if ((l.discountKopecks ?? 0) > Math.round(l.quantity * l.unitPriceKopecks))
      errors.push({ path: `body.lines.${i}.discountKopecks`, message: 'is more than the line’s amount' });
  });
  if (errors.length)
    throw badRequest(`Manual lines: ${errors.map((e) => `${e.path.slice(5)} ${e.message}`).join('; ')}`, { errors });
  if (!needPeriod && input.from === undefined && input.to === undefined)
    return { include, lines, from: null, to: null };
  if (input.from === undefined || input.to === undefined)
    throw badRequest('Give the period: from and to (YYYY-MM-DD)', {
      errors: [{ path: input.from === undefined ? 'body.from' : 'body.to', message: 'is required' }],
    });
  const from = dateField(input.from, 'body.from');
  const to = dateField(input.to, 'body.to');
  if (from > to) throw badRequest(`The period starts (${from}) after it ends (${to})`);
  return { include, lines, from, to };
}

interface IssueSpec {
  kind: DocumentKind;
  correction: 'storno' | 'corrected' | null;
  correctsDocumentId: number | null;
  corrects: { number: string; date: string } | null;
  entity: repo.EntityRow;
  organization: { id: number; name: string; legal_name: string | null; tax_id: string | null };
  agreement: { id: number; number: string; title: string; start_date: string; end_date: string } | null;
  sourceDocumentId: number | null;
  date: string;
  language: Language;
  periodFrom: string | null;
  periodTo: string | null;
  lines: PricedLine[];
  billingMonth: string | null;
  contractTerms?: IssuedDocument['contractTerms'];
}

export interface IssuedSummary {
  id: number;
  kind: DocumentKind;
  number: string;
  date: string;
  netKopecks: number;
  vatKopecks: number;
  totalKopecks: number;
}

/**
 * Writes one document in the caller's transaction: takes the next number of its entity, kind and year, freezes
 * the snapshot, inserts the document and its lines, records what it bills and marks the billed items (an
 * invoice marks charges and costs invoiced; an act covers its work). Whatever fails after the number was taken
 * rolls the whole transaction back, number included: no hole is left.
 */
async function issue(tx: TxCtx, s: IssueSpec): Promise<IssuedSummary> {
  const year = yearOf(s.date);
  const number = await repo.takeNumber(tx.db, s.entity.id, s.kind, year);
  const id = await repo.nextDocumentId(tx.db);
  const totals = totalsOf(s.lines);
  const text = numberText(number);
  const snapshot = issuedDocument({
    id,
    kind: s.kind,
    correction: s.correction,
    corrects: s.corrects,
    number: text,
    date: s.date,
    language: s.language,
    entity: s.entity,
    buyer: await buyerRequisites(tx, s.organization),
    agreement: agreementSnapshot(s.agreement),
    periodFrom: s.periodFrom,
    periodTo: s.periodTo,
    lines: s.lines,
    totals,
    ...(s.contractTerms && { contractTerms: s.contractTerms }),
  });
  await repo.insertDocument(tx.db, {
    id,
    kind: s.kind,
    correction: s.correction,
    corrects_document_id: s.correctsDocumentId,
    entity_id: s.entity.id,
    organization_id: s.organization.id,
    agreement_id: s.agreement?.id ?? null,
    source_document_id: s.sourceDocumentId,
    number,
    year,
    number_text: text,
    date: s.date,
    period_from: s.periodFrom,
    period_to: s.periodTo,
    net_kopecks: totals.netKopecks,
    vat_kopecks: totals.vatKopecks,
    total_kopecks: totals.totalKopecks,
    language: s.language,
    billing_month: s.billingMonth,
    snapshot: JSON.stringify(snapshot),
    created_by: actorTag(tx),
    created_at: tx.clock.now().toISOString(),
  });
  await repo.insertLines(
    tx.db,
    s.lines.map((l) => ({
      document_id: id,
      position: l.position,
      source_kind: l.sourceKind,
      source_ids: l.sourceIds ? JSON.stringify(l.sourceIds) : null,
      description: l.description,
      quantity_milli: l.quantityMilli,
      unit: l.unit,
      unit_price_kopecks: l.unitPriceKopecks,
      discount_kopecks: l.discountKopecks,
      net_kopecks: l.netKopecks,
      vat_rate: l.vatRate,
      vat_kopecks: l.vatKopecks,
      total_kopecks: l.totalKopecks,
    })),
  );
  if (s.kind === 'invoice' || s.kind === 'act') {
    const marks = s.lines.flatMap((l) => l.marks);
    await markBilled(tx, s.kind, id, marks);
    if (s.kind === 'invoice') {
      await markChargesInvoiced(tx, refsOf(marks, 'recurring'));
      await markCostsInvoiced(tx, refsOf(marks, 'client_cost'));
    } else await coverWorkByAct(tx, [...new Set(s.lines.flatMap((l) => l.worklogIds))], id);
  }
  if (s.kind !== 'reconciliation')
    await publish(tx, `${s.kind}.issued`, {
      documentId: id,
      organizationId: s.organization.id,
      agreementId: s.agreement?.id ?? null,
      number: text,
      date: s.date,
      correction: s.correction,
      correctsDocumentId: s.correctsDocumentId,
      totalKopecks: totals.totalKopecks,
      vatKopecks: totals.vatKopecks,
    });
  return { id, kind: s.kind, number: text, date: s.date, ...totals };
}

const refsOf = (marks: Mark[], kind: Mark['sourceKind']) =>
  marks.filter((m) => m.sourceKind === kind).map((m) => Number(m.ref));

async function markBilled(tx: TxCtx, kind: 'invoice' | 'act', documentId: number, marks: Mark[]) {
  try {
    await repo.insertMarks(
      tx.db,
      marks.map((m) => ({ kind, source_kind: m.sourceKind, source_ref: m.ref, document_id: documentId })),
    );
  } catch (err) {
    if (isConstraintViolation(err))
      throw new AppError(
        409,
        'already_billed',
        `Some of these items are on another ${kind} already; refresh and try again`,
      );
    throw err;
  }
}

/** Carrier lines (work the package covered) bill nothing but an act still takes their work. */
function withCarriers(priced: PricedLine[], drafts: DraftLine[]): PricedLine[] {
  const carried = drafts.filter((d) => d.description === '' && d.quantityMilli === 0);
  if (carried.length === 0 || priced.length === 0) return priced;
  const last = priced[priced.length - 1]!;
  return [
    ...priced.slice(0, -1),
    {
      ...last,
      marks: [...last.marks, ...carried.flatMap((c) => c.marks)],
      worklogIds: [...last.worklogIds, ...carried.flatMap((c) => c.worklogIds)],
    },
  ];
}

async function draftBilling(tx: TxCtx, kind: 'invoice' | 'act', input: BillingInput) {
  const checked = checkBillingInput(input, input.invoiceId === undefined);
  const entity = await activeEntity(tx, input.entityId);
  const organization = await organizationOf(tx, input.organizationId);
  const agreementId = input.agreementId ?? null;
  const agreement = agreementId === null ? null : await agreementOf(tx, agreementId, organization.id);
  const date = input.date === undefined ? todayMoscow(tx) : dateField(input.date, 'body.date');
  const language = input.language ?? 'ru';
  const vatRate = vatRateFor(date, entity.vat_mode as VatMode);
  const priceOpts = {
    vatRate,
    pricesIncludeVat: entity.prices_include_vat === 1,
    ...(input.discountPercent !== undefined && { discountPercent: input.discountPercent }),
  };
  const drafts = await collectLines(
    tx,
    kind,
    {
      organizationId: organization.id,
      from: checked.from!,
      to: checked.to!,
      include: checked.include,
      agreementId,
      lines: checked.lines,
    },
    language,
  );
  const lines = withCarriers(priceLines(drafts, priceOpts), drafts);
  return { entity, organization, agreement, date, language, lines, from: checked.from!, to: checked.to! };
}

/** What an invoice or act would bill, without issuing it: the dialog's preview. */
export async function previewBilling(ctx: Ctx, kind: 'invoice' | 'act', input: BillingInput) {
  authorize(ctx.actor, 'document.issue');
  // A read-only transaction would do; the writer's keeps the preview consistent with what issuing would see.
  return inTransaction(ctx, async (tx) => {
    const d = await draftBilling(tx, kind, input);
    return { date: d.date, lines: d.lines, ...totalsOf(d.lines) };
  });
}

export async function issueBillingIn(
  tx: TxCtx,
  kind: 'invoice' | 'act',
  input: BillingInput,
  billingMonth: string | null,
): Promise<IssuedSummary> {
  if (kind === 'act' && input.invoiceId !== undefined) return actFromInvoice(tx, input);
  const d = await draftBilling(tx, kind, input);
  if (d.lines.length === 0) throw nothingToBill(d.organization.name, kind, d.from, d.to);
  return issue(tx, {
    kind,
    correction: null,
    correctsDocumentId: null,
    corrects: null,
    entity: d.entity,
    organization: d.organization,
    agreement: d.agreement,
    sourceDocumentId: null,
    date: d.date,
    language: d.language,
    periodFrom: d.from,
    periodTo: d.to,
    lines: d.lines,
    billingMonth,
  });
}

export async function issueInvoice(ctx: Ctx, input: BillingInput) {
  authorize(ctx.actor, 'document.issue');
  return inTransaction(ctx, (tx) => issueBillingIn(tx, 'invoice', input, null));
}

export async function issueAct(ctx: Ctx, input: BillingInput) {
  authorize(ctx.actor, 'document.issue');
  return inTransaction(ctx, (tx) => issueBillingIn(tx, 'act', input, null));
}

/** The billing marks and covered work of stored lines, read back from their source ids. */
function marksOfStored(line: { source_kind: string; source_ids: string | null }): {
  marks: Mark[];
  worklogIds: number[];
} {
  const ids = line.source_ids ? (JSON.parse(line.source_ids) as Array<number | string>) : [];
  switch (line.source_kind) {
    case 'worklog':
    case 'ticket':
    case 'service':
      return {
        marks: ids.map((id) => ({ sourceKind: 'worklog', ref: String(id) })),
        worklogIds: ids.map(Number),
      };
    case 'package':
    case 'recurring':
    case 'client_cost':
      return {
        marks: ids.map((id) => ({ sourceKind: line.source_kind as Mark['sourceKind'], ref: String(id) })),
        worklogIds: [],
      };
    default:
      return { marks: [], worklogIds: [] };
  }
}

type StoredLine = Awaited<ReturnType<typeof repo.findLines>>[number];

const pricedFromStored = (l: StoredLine): PricedLine => ({
  position: l.position,
  sourceKind: l.source_kind,
  sourceIds: l.source_ids ? (JSON.parse(l.source_ids) as Array<number | string>) : null,
  description: l.description,
  quantityMilli: l.quantity_milli,
  unit: l.unit,
  unitPriceKopecks: l.unit_price_kopecks,
  discountKopecks: l.discount_kopecks,
  netKopecks: l.net_kopecks,
  vatRate: l.vat_rate,
  vatKopecks: l.vat_kopecks,
  totalKopecks: l.total_kopecks,
  ...marksOfStored(l),
});

/** An act made from an invoice: the same lines and amounts; it covers the invoice's work, which no act may have. */
async function actFromInvoice(tx: TxCtx, input: BillingInput): Promise<IssuedSummary> {
  const invoice = await repo.findDocument(tx.db, input.invoiceId!);
  if (!invoice || invoice.kind !== 'invoice')
    throw badRequest(`Invoice ${input.invoiceId} was not found`, {
      errors: [{ path: 'body.invoiceId', message: 'not found' }],
    });
  if (invoice.organization_id !== input.organizationId || invoice.entity_id !== input.entityId)
    throw badRequest(`Invoice № ${invoice.number_text} is of another client or legal entity`, {
      errors: [{ path: 'body.invoiceId', message: 'of another client or entity' }],
    });
  const entity = await activeEntity(tx, invoice.entity_id);
  const organization = await organizationOf(tx, invoice.organization_id);
  const agreement = invoice.agreement_id === null ? null : await agreementOf(tx, invoice.agreement_id);
  const lines = (await repo.findLines(tx.db, invoice.id)).map(pricedFromStored);
  const marks = lines.flatMap((l) => l.marks);
  for (const kind of ['worklog', 'package', 'recurring', 'client_cost'] as const) {
    const taken = await repo.markedRefs(
      tx.db,
      'act',
      kind,
      marks.filter((m) => m.sourceKind === kind).map((m) => m.ref),
    );
    if (taken.length)
      throw new AppError(
        409,
        'already_billed',
        `Invoice № ${invoice.number_text} bills items another act covers already (${kind} ${taken.slice(0, 5).join(', ')}); storno that act first or issue the act by period`,
      );
  }
  const covered = await repo.worklogsWithAct(tx.db, [...new Set(lines.flatMap((l) => l.worklogIds))]);
  if (covered.length)
    throw new AppError(
      409,
      'already_billed',
      `Work on invoice № ${invoice.number_text} is covered by another act already`,
    );
  const date = input.date === undefined ? todayMoscow(tx) : dateField(input.date, 'body.date');
  return issue(tx, {
    kind: 'act',
    correction: null,
    correctsDocumentId: null,
    corrects: null,
    entity,
    organization,
    agreement,
    sourceDocumentId: invoice.id,
    date,
    language: input.language ?? invoice.language,
    periodFrom: invoice.period_from,
    periodTo: invoice.period_to,
    lines,
    billingMonth: null,
  });
}

async function actToCorrect(tx: TxCtx, id: number) {
  const act = await repo.findDocument(tx.db, id);
  if (!act || act.kind !== 'act') throw notFound(`Act ${id}`);
  if (act.correction === 'storno')
    throw new AppError(409, 'storno_final', `Act № ${act.number_text} is a storno itself; it cannot be reversed`);
  const done = await repo.findCorrectionOf(tx.db, id);
  if (done)
    throw new AppError(
      409,
      'already_reversed',
      `Act № ${act.number_text} was reversed by storno act № ${done.number_text} of ${done.date}; correct the newer act instead`,
    );
  return act;
}

/**
 * A storno act: the original's lines with every quantity and amount negated, under a number of its own. The
 * original stays as it was issued; its work is freed (it may be corrected and acted again) and what it billed
 * may be billed again.
 */
async function stornoIn(tx: TxCtx, id: number, date: string | undefined) {
  const act = await actToCorrect(tx, id);
  const entity = await repo.findEntity(tx.db, act.entity_id);
  const organization = await organizationOf(tx, act.organization_id);
  const agreement = act.agreement_id === null ? null : await agreementOf(tx, act.agreement_id);
  const stornoDate = date === undefined ? todayMoscow(tx) : dateField(date, 'body.date');
  if (stornoDate < act.date)
    throw badRequest(`A storno cannot be dated before the act it reverses (${act.date})`, {
      errors: [{ path: 'body.date', message: 'before the act' }],
    });
  const lines = (await repo.findLines(tx.db, act.id)).map((l) => ({
    ...negated(pricedFromStored(l)),
    marks: [],
    worklogIds: [],
  }));
  await repo.deleteMarksOf(tx.db, act.id);
  await releaseWorkOfAct(tx, act.id);
  const storno = await issue(tx, {
    kind: 'act',
    correction: 'storno',
    correctsDocumentId: act.id,
    corrects: { number: act.number_text, date: act.date },
    entity: entity!,
    organization,
    agreement,
    sourceDocumentId: null,
    date: stornoDate,
    language: act.language,
    periodFrom: act.period_from,
    periodTo: act.period_to,
    lines,
    billingMonth: null,
  });
  return { act, entity: entity!, organization, agreement, storno, originalLines: await repo.findLines(tx.db, act.id) };
}

export async function stornoAct(ctx: Ctx, id: number, input: { date?: string }) {
  authorize(ctx.actor, 'document.issue');
  return inTransaction(ctx, async (tx) => (await stornoIn(tx, id, input.date)).storno);
}

/**
 * A corrected act: in one transaction, the storno of the act and a new act with the right lines. A line that
 * names `fromPosition` bills (and covers) the same items as that line of the original; others are typed lines.
 */
export async function correctAct(ctx: Ctx, id: number, input: { lines: CorrectionLineInput[]; date?: string }) {
  authorize(ctx.actor, 'document.issue');
  if (input.lines.length === 0)
    throw badRequest('A corrected act needs its lines; to cancel the act, storno it', {
      errors: [{ path: 'body.lines', message: 'is empty' }],
    });
  checkBillingInput({ organizationId: 0, entityId: 0, lines: input.lines }, false);
  return inTransaction(ctx, async (tx) => {
    const s = await stornoIn(tx, id, input.date);
    const byPosition = new Map(s.originalLines.map((l) => [l.position, l]));
    const drafts: DraftLine[] = input.lines.map((l, i) => {
      const base = manualLine(l);
      if (l.fromPosition === undefined) return base;
      const original = byPosition.get(l.fromPosition);
      if (!original)
        throw badRequest(`Act № ${s.act.number_text} has no line ${l.fromPosition}`, {
          errors: [{ path: `body.lines.${i}.fromPosition`, message: 'no such line' }],
        });
      const stored = pricedFromStored(original);
      return {
        ...base,
        sourceKind: stored.sourceKind,
        sourceIds: stored.sourceIds,
        marks: stored.marks,
        worklogIds: stored.worklogIds,
      };
    });
    const froms = input.lines.map((l) => l.fromPosition).filter((p) => p !== undefined);
    if (new Set(froms).size !== froms.length)
      throw badRequest('Two corrected lines replace the same line of the act; merge them', {
        errors: [{ path: 'body.lines', message: 'fromPosition repeats' }],
      });
    const date = s.storno.date;
    const lines = priceLines(drafts, {
      vatRate: vatRateFor(date, s.entity.vat_mode as VatMode),
      pricesIncludeVat: s.entity.prices_include_vat === 1,
    });
    const corrected = await issue(tx, {
      kind: 'act',
      correction: 'corrected',
      correctsDocumentId: s.act.id,
      corrects: { number: s.act.number_text, date: s.act.date },
      entity: s.entity,
      organization: s.organization,
      agreement: s.agreement,
      sourceDocumentId: null,
      date,
      language: s.act.language,
      periodFrom: s.act.period_from,
      periodTo: s.act.period_to,
      lines,
      billingMonth: null,
    });
    return { storno: s.storno, corrected };
  });
}

const TIER_NAMES: Record<string, string> = { '8x5': '8x5', '24x7': '24x7', premium: 'Premium', custom: 'Custom' };

/** A contract document from an agreement: its period, tier, services, SLA targets and package, as of today. */
export async function issueContract(
  ctx: Ctx,
  input: { agreementId: number; entityId: number; date?: string; language?: Language },
) {
  authorize(ctx.actor, 'document.issue');
  return inTransaction(ctx, async (tx) => {
    const entity = await activeEntity(tx, input.entityId);
    const agreement = await repo.findAgreement(tx.db, input.agreementId);
    if (!agreement)
      throw badRequest(`Agreement ${input.agreementId} was not found`, {
        errors: [{ path: 'body.agreementId', message: 'not found' }],
      });
    const organization = await organizationOf(tx, agreement.organization_id);
    const services = await repo.agreementServices(tx.db, agreement.id);
    const targets = await repo.slaTargets(tx.db, agreement.id);
    const date = input.date === undefined ? todayMoscow(tx) : dateField(input.date, 'body.date');
    return issue(tx, {
      kind: 'contract',
      correction: null,
      correctsDocumentId: null,
      corrects: null,
      entity,
      organization,
      agreement,
      sourceDocumentId: null,
      date,
      language: input.language ?? 'ru',
      periodFrom: agreement.start_date,
      periodTo: agreement.end_date,
      lines: [],
      billingMonth: null,
      contractTerms: {
        tier: TIER_NAMES[agreement.tier] ?? agreement.tier,
        services: services.map((s) => s.name),
        slaTargets: targets
          .filter((t) => t.type === null)
          .map((t) => ({
            priority: t.priority,
            reactionMinutes: t.reaction_minutes,
            resolutionMinutes: t.resolution_minutes,
          })),
        packageHours: agreement.hours_package,
        calendarName: agreement.calendar_name,
      },
    });
  });
}

export async function listDocuments(ctx: Ctx, q: repo.DocumentFilter & { limit: number; cursor?: string }) {
  authorize(ctx.actor, 'document.read');
  const from = q.from === undefined ? undefined : dateField(q.from, 'querystring.from');
  const to = q.to === undefined ? undefined : dateField(q.to, 'querystring.to');
  if (from && to && from > to) throw badRequest(`The period starts (${from}) after it ends (${to})`);
  const after = decodeCursor(q.cursor);
  const rows = await repo.listDocuments(
    ctx.db,
    {
      ...(q.organizationId !== undefined && { organizationId: q.organizationId }),
      ...(q.entityId !== undefined && { entityId: q.entityId }),
      ...(q.kind !== undefined && { kind: q.kind }),
      ...(from !== undefined && { from }),
      ...(to !== undefined && { to }),
    },
    { limit: q.limit, ...(after && { after: { date: String(after[0]), id: after[1] } }) },
  );
  const page = pageOf(rows, q.limit, (d) => [d.date, d.id]);
  const reversed = new Map<number, { id: number; number: string }>();
  for (const c of await repo.stornosOf(
    ctx.db,
    page.items.map((d) => d.id),
  ))
    reversed.set(c.corrects_document_id!, { id: c.id, number: c.number_text });
  return { ...page, reversed };
}

/**
 * A client's documents, newest first, for the portal: the organization is a condition of the query. The portal
 * has checked the contact may see documents (billing role) before; agents use listDocuments.
 */
export async function clientDocuments(ctx: Ctx, organizationId: number, q: { limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor);
  const rows = await repo.listDocuments(
    ctx.db,
    { organizationId },
    { limit: q.limit, ...(after && { after: { date: String(after[0]), id: after[1] } }) },
  );
  return pageOf(rows, q.limit, (d) => [d.date, d.id]);
}

export async function getDocument(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'document.read');
  const doc = await repo.findDocument(ctx.db, id);
  if (!doc) throw notFound(`Document ${id}`);
  const [lines, deliveries, correction] = await Promise.all([
    repo.findLines(ctx.db, id),
    repo.listDeliveries(ctx.db, id),
    repo.findCorrectionOf(ctx.db, id),
  ]);
  return {
    doc,
    lines,
    deliveries,
    reversedBy: correction ? { id: correction.id, number: correction.number_text } : null,
  };
}

/** The document exactly as issued (its frozen snapshot), for the PDF and the mail. */
export async function documentSnapshot(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'document.read');
  const doc = await repo.findDocument(ctx.db, id);
  if (!doc) throw notFound(`Document ${id}`);
  return { doc, snapshot: JSON.parse(doc.snapshot) as IssuedDocument };
}

/** The admin's template for a kind and language, when one was saved (else the renderer's own). */
export async function documentTemplate(ctx: Ctx, kind: DocumentKind, language: Language) {
  return (await repo.findTemplate(ctx.db, kind, language))?.body;
}

/** The package fee an agreement bills once per package period (invoices and acts with "packages"). */
export async function getPackageFee(ctx: Ctx, agreementId: number) {
  authorize(ctx.actor, 'agreement.read');
  const agreement = await repo.findAgreement(ctx.db, agreementId);
  if (!agreement) throw notFound(`Agreement ${agreementId}`);
  return { agreementId, packageFeeKopecks: await repo.packageFee(ctx.db, agreementId) };
}

export async function setPackageFee(ctx: Ctx, agreementId: number, fee: number | null) {
  // The fee is a term of the agreement (managers) and what documents bill (accountants).
  if (!can(ctx.actor, 'document.issue')) authorize(ctx.actor, 'agreement.write');
  await inTransaction(ctx, async (tx) => {
    if (!(await repo.findAgreement(tx.db, agreementId))) throw notFound(`Agreement ${agreementId}`);
    await repo.setPackageFee(tx.db, agreementId, fee, tx.clock.now().toISOString());
  });
  return getPackageFee(ctx, agreementId);
}

/** The client as a buyer is printed (its legal name, INN and first address): on documents and on statements. */
export async function buyerRequisites(
  ctx: Ctx,
  organization: { id: number; name: string; legal_name: string | null; tax_id: string | null },
) {
  return buyerOf(organization, await repo.firstAddress(ctx.db, organization.id));
}
