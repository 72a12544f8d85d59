import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, PaymentHistoryTable, PaymentTable, SalaryFormulaTable } from '../../db/schema.js';

// The only place with the settlements' queries. Money sums are SQL integers; acts are documents of kind 'act'
// (storno and corrected ones carry their signed totals), payments count once they name a client.

const paymentsWithNames = (db: Kysely<Database>) =>
  db
    .selectFrom('payments as p')
    .leftJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('documents as d', 'd.id', 'p.invoice_document_id')
    .selectAll('p')
    .select(['o.name as organization_name', 'd.number_text as invoice_number', 'd.date as invoice_date']);

export function findPayment(db: Kysely<Database>, id: number) {
  return paymentsWithNames(db).where('p.id', '=', id).executeTakeFirst();
}

export type PaymentRow = NonNullable<Awaited<ReturnType<typeof findPayment>>>;

/** Inserts unless a payment with the same dedupe key exists; answers the new id or undefined (a duplicate). */
export async function insertPayment(db: Kysely<Database>, row: Insertable<PaymentTable>) {
  const inserted = await db
    .insertInto('payments')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export function listPayments(
  db: Kysely<Database>,
  f: {
    organizationId?: number;
    from?: string;
    to?: string;
    status?: 'matched' | 'unmatched';
    limit: number;
    after?: { key: string; id: number };
  },
) {
  let q = paymentsWithNames(db);
  if (f.organizationId !== undefined) q = q.where('p.organization_id', '=', f.organizationId);
  if (f.from !== undefined) q = q.where('p.date', '>=', f.from);
  if (f.to !== undefined) q = q.where('p.date', '<=', f.to);
  if (f.status === 'matched') q = q.where('p.organization_id', 'is not', null);
  if (f.status === 'unmatched') q = q.where('p.organization_id', 'is', null);
  if (f.after) {
    const { key, id } = f.after;
    q = q.where((eb) => eb.or([eb('p.date', '<', key), eb.and([eb('p.date', '=', key), eb('p.id', '<', id)])]));
  }
  return q
    .orderBy('p.date', 'desc')
    .orderBy('p.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function setPaymentMatch(
  db: Kysely<Database>,
  id: number,
  m: {
    organizationId: number | null;
    invoiceId: number | null;
    entityId: number | null;
    matchedBy: PaymentTable['matched_by'];
  },
) {
  return db
    .updateTable('payments')
    .set({
      organization_id: m.organizationId,
      invoice_document_id: m.invoiceId,
      entity_id: m.entityId,
      matched_by: m.matchedBy,
    })
    .where('id', '=', id)
    .executeTakeFirst();
}

export function insertPaymentHistory(db: Kysely<Database>, row: Insertable<PaymentHistoryTable>) {
  return db.insertInto('payment_history').values(row).executeTakeFirst();
}

export function paymentHistory(db: Kysely<Database>, paymentId: number) {
  return db.selectFrom('payment_history').selectAll().where('payment_id', '=', paymentId).orderBy('id').execute();
}

export function insertBankImport(db: Kysely<Database>, row: Insertable<Database['bank_imports']>) {
  return db.insertInto('bank_imports').values(row).returning('id').executeTakeFirstOrThrow();
}

export function updateBankImportCounts(
  db: Kysely<Database>,
  id: number,
  counts: { imported: number; matched: number; unmatched: number; skipped: number; duplicates: number },
) {
  return db.updateTable('bank_imports').set(counts).where('id', '=', id).executeTakeFirst();
}

export function legalEntities(db: Kysely<Database>) {
  return db.selectFrom('legal_entities').selectAll().orderBy('id').execute();
}

export type LegalEntityRow = Awaited<ReturnType<typeof legalEntities>>[number];

export function findLegalEntity(db: Kysely<Database>, id: number) {
  return db.selectFrom('legal_entities').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrganization(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'legal_name', 'tax_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Clients by INN (organizations.tax_id); more than one means the INN alone cannot tell whose money it is. */
export function organizationsByInn(db: Kysely<Database>, inn: string) {
  return db.selectFrom('organizations').select(['id', 'name']).where('tax_id', '=', inn).execute();
}

export function findInvoice(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('documents')
    .select(['id', 'kind', 'correction', 'organization_id', 'entity_id', 'number_text', 'date', 'total_kopecks'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Invoices (not corrections) of these clients with this number, newest first; a year narrows it when given. */
export function invoicesByNumber(
  db: Kysely<Database>,
  f: { organizationIds: number[]; number: number; year: number | null; onOrBefore: string },
) {
  let q = db
    .selectFrom('documents')
    .select(['id', 'organization_id', 'entity_id', 'date', 'year'])
    .where('kind', '=', 'invoice')
    .where('correction', 'is', null)
    .where('organization_id', 'in', f.organizationIds)
    .where('number', '=', f.number)
    .where('date', '<=', f.onOrBefore);
  if (f.year !== null) q = q.where('year', '=', f.year);
  return q.orderBy('date', 'desc').orderBy('id', 'desc').execute();
}

/** Acts of a client up to a date (signed totals), optionally of one of our entities. */
export function actsOf(db: Kysely<Database>, organizationId: number, to: string, entityId?: number) {
  let q = db
    .selectFrom('documents')
    .select(['id', 'date', 'number_text', 'correction', 'total_kopecks', 'entity_id'])
    .where('kind', '=', 'act')
    .where('organization_id', '=', organizationId)
    .where('date', '<=', to);
  if (entityId !== undefined) q = q.where('entity_id', '=', entityId);
  return q.orderBy('date').orderBy('id').execute();
}

export function paymentsOf(db: Kysely<Database>, organizationId: number, to: string, entityId?: number) {
  let q = db
    .selectFrom('payments')
    .select(['id', 'date', 'payment_number', 'amount_kopecks'])
    .where('organization_id', '=', organizationId)
    .where('date', '<=', to);
  if (entityId !== undefined) q = q.where('entity_id', '=', entityId);
  return q.orderBy('date').orderBy('id').execute();
}

/** Per client: acts and payments up to a date, in two grouped scans (not a query per client). */
export async function balancesAt(db: Kysely<Database>, at: string) {
  const acts = await db
    .selectFrom('documents')
    .select(['organization_id', sql<number>`sum(total_kopecks)`.as('kopecks')])
    .where('kind', '=', 'act')
    .where('date', '<=', at)
    .groupBy('organization_id')
    .execute();
  const payments = await db
    .selectFrom('payments')
    .select([sql<number>`organization_id`.as('organization_id'), sql<number>`sum(amount_kopecks)`.as('kopecks')])
    .where('organization_id', 'is not', null)
    .where('date', '<=', at)
    .groupBy('organization_id')
    .execute();
  return { acts, payments };
}

export function organizationNames(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids).execute();
}

/** What profit needs per client and period, each a grouped sum. */
export async function profitSums(db: Kysely<Database>, from: string, to: string) {
  const revenue = await db
    .selectFrom('documents')
    .select(['organization_id', sql<number>`sum(net_kopecks)`.as('kopecks')])
    .where('kind', '=', 'act')
    .where('date', '>=', from)
    .where('date', '<=', to)
    .groupBy('organization_id')
    .execute();
  const work = await db
    .selectFrom('worklogs')
    .select(['organization_id', sql<number>`sum(cost_kopecks)`.as('kopecks')])
    .where('work_date', '>=', from)
    .where('work_date', '<=', to)
    .groupBy('organization_id')
    .execute();
  const clientCosts = await db
    .selectFrom('client_costs')
    .select(['organization_id', sql<number>`sum(amount_kopecks)`.as('kopecks')])
    .where('cost_date', '>=', from)
    .where('cost_date', '<=', to)
    .groupBy('organization_id')
    .execute();
  const recurring = await db
    .selectFrom('recurring_charges')
    .select(['organization_id', sql<number>`sum(cost_kopecks)`.as('kopecks')])
    .where('billing_date', '>=', from)
    .where('billing_date', '<=', to)
    .groupBy('organization_id')
    .execute();
  return { revenue, work, clientCosts, recurring };
}

export function agentsForSalaries(db: Kysely<Database>, agentId?: number) {
  let q = db.selectFrom('agents').select(['id', 'name', 'email', 'role', 'timezone', 'active']);
  if (agentId !== undefined) q = q.where('id', '=', agentId);
  return q.orderBy('name').orderBy('id').execute();
}

export function monthWorklogs(db: Kysely<Database>, from: string, to: string, agentId?: number) {
  let q = db
    .selectFrom('worklogs')
    .select(['agent_id', 'minutes', 'billable', 'started_at', 'ended_at', 'work_date'])
    .where('work_date', '>=', from)
    .where('work_date', '<=', to);
  if (agentId !== undefined) q = q.where('agent_id', '=', agentId);
  return q.orderBy('agent_id').orderBy('id').execute();
}

/**
 * Acts dated in the period and the work each covers: the worklog ids its lines bill (lines keep their source
 * ids, a storno's negated lines too, even after the storno frees the work) and the worklogs that name it.
 * A correction whose own lines name no work is read through the act it corrects.
 */
export async function actsWithWork(db: Kysely<Database>, from: string, to: string) {
  const acts = await db
    .selectFrom('documents')
    .select(['id', 'net_kopecks', 'corrects_document_id'])
    .where('kind', '=', 'act')
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();
  const documentIds = [
    ...new Set(acts.flatMap((a) => [a.id, ...(a.corrects_document_id ? [a.corrects_document_id] : [])])),
  ];
  if (documentIds.length === 0) return { acts, lines: [], linked: [], worklogs: [] };
  const lines = await db
    .selectFrom('document_lines')
    .select(['document_id', 'source_ids'])
    .where('document_id', 'in', documentIds)
    .where('source_kind', 'in', ['worklog', 'ticket', 'service'])
    .where('source_ids', 'is not', null)
    .execute();
  const linked = await db.selectFrom('worklogs').select(['id', 'act_id']).where('act_id', 'in', documentIds).execute();
  const ids = new Set<number>(linked.map((w) => w.id));
  for (const l of lines)
    for (const id of JSON.parse(l.source_ids!) as unknown[]) if (Number.isInteger(id)) ids.add(Number(id));
  const worklogs =
    ids.size === 0
      ? []
      : await db
          .selectFrom('worklogs')
          .select(['id', 'agent_id', 'amount_kopecks', 'minutes'])
          .where('id', 'in', [...ids])
          .execute();
  return { acts, lines, linked, worklogs };
}

export function salaryFormulas(db: Kysely<Database>) {
  return db.selectFrom('salary_formulas').selectAll().execute();
}

export function upsertSalaryFormula(db: Kysely<Database>, row: Insertable<SalaryFormulaTable>) {
  return db
    .insertInto('salary_formulas')
    .values(row)
    .onConflict((oc) =>
      oc.column('agent_id').doUpdateSet({
        fixed_kopecks: row.fixed_kopecks,
        per_billable_hour_kopecks: row.per_billable_hour_kopecks,
        revenue_percent_bp: row.revenue_percent_bp,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .executeTakeFirst();
}

export function findAgent(db: Kysely<Database>, id: number) {
  return db.selectFrom('agents').select(['id', 'name', 'role']).where('id', '=', id).executeTakeFirst();
}
