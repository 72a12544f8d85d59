import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type {
  Database,
  DocumentBillingMarkTable,
  DocumentLineTable,
  DocumentTable,
  LegalEntityTable,
} from '../../db/schema.js';
import type { DocumentKind } from './document-model.js';

// Legal entities.
export type EntityRow = Awaited<ReturnType<typeof findEntity>> & object;

export async function insertEntity(db: Kysely<Database>, row: Insertable<LegalEntityTable>) {
  const { id } = await db.insertInto('legal_entities').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findEntity(db: Kysely<Database>, id: number) {
  return db.selectFrom('legal_entities').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listEntities(db: Kysely<Database>) {
  return db
    .selectFrom('legal_entities')
    .selectAll()
    .orderBy('active', 'desc')
    .orderBy('short_name')
    .orderBy('id')
    .execute();
}

export function updateEntity(db: Kysely<Database>, id: number, patch: Updateable<LegalEntityTable>) {
  return db.updateTable('legal_entities').set(patch).where('id', '=', id).execute();
}

// Numbers: the counter row is taken and incremented by one statement inside the document's transaction.
export async function takeNumber(db: Kysely<Database>, entityId: number, kind: DocumentKind, year: number) {
  const row = await db
    .insertInto('document_counters')
    .values({ entity_id: entityId, kind, year, last_number: 1 })
    .onConflict((oc) =>
      oc
        .columns(['entity_id', 'kind', 'year'])
        .doUpdateSet({ last_number: sql<number>`document_counters.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

// Documents.
export async function insertDocument(db: Kysely<Database>, row: Insertable<DocumentTable>) {
  const { id } = await db.insertInto('documents').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function insertLines(db: Kysely<Database>, rows: Insertable<DocumentLineTable>[]) {
  // SQLite takes at most 32 766 variables a statement; 14 columns a line, so 500 lines a statement is safe.
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('document_lines')
      .values(rows.slice(i, i + 500))
      .execute();
}

export type DocumentRow = NonNullable<Awaited<ReturnType<typeof findDocument>>>;

export function findDocument(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('documents')
    .innerJoin('organizations', 'organizations.id', 'documents.organization_id')
    .innerJoin('legal_entities', 'legal_entities.id', 'documents.entity_id')
    .selectAll('documents')
    .select(['organizations.name as organization_name', 'legal_entities.short_name as entity_name'])
    .where('documents.id', '=', id)
    .executeTakeFirst();
}

/** A document of one client only: the portal's read, scoped in the query itself. */
export function findDocumentOf(db: Kysely<Database>, organizationId: number, id: number) {
  return db
    .selectFrom('documents')
    .innerJoin('organizations', 'organizations.id', 'documents.organization_id')
    .innerJoin('legal_entities', 'legal_entities.id', 'documents.entity_id')
    .selectAll('documents')
    .select(['organizations.name as organization_name', 'legal_entities.short_name as entity_name'])
    .where('documents.id', '=', id)
    .where('documents.organization_id', '=', organizationId)
    .executeTakeFirst();
}

export function findLines(db: Kysely<Database>, documentId: number) {
  return db
    .selectFrom('document_lines')
    .selectAll()
    .where('document_id', '=', documentId)
    .orderBy('position')
    .execute();
}

export interface DocumentFilter {
  organizationId?: number;
  entityId?: number;
  kind?: DocumentKind;
  from?: string;
  to?: string;
}

/** Newest first: by date, then id. */
export function listDocuments(
  db: Kysely<Database>,
  f: DocumentFilter,
  page: { limit: number; after?: { date: string; id: number } },
) {
  let q = db
    .selectFrom('documents')
    .innerJoin('organizations', 'organizations.id', 'documents.organization_id')
    .innerJoin('legal_entities', 'legal_entities.id', 'documents.entity_id')
    .selectAll('documents')
    .select(['organizations.name as organization_name', 'legal_entities.short_name as entity_name']);
  if (f.organizationId !== undefined) q = q.where('documents.organization_id', '=', f.organizationId);
  if (f.entityId !== undefined) q = q.where('documents.entity_id', '=', f.entityId);
  if (f.kind !== undefined) q = q.where('documents.kind', '=', f.kind);
  if (f.from !== undefined) q = q.where('documents.date', '>=', f.from);
  if (f.to !== undefined) q = q.where('documents.date', '<=', f.to);
  if (page.after) {
    const { date, id } = page.after;
    q = q.where((eb) =>
      eb.or([eb('documents.date', '<', date), eb.and([eb('documents.date', '=', date), eb('documents.id', '<', id)])]),
    );
  }
  return q
    .orderBy('documents.date', 'desc')
    .orderBy('documents.id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

/** A storno of the act, or the corrected act made with it: an act is corrected once. */
export function findCorrectionOf(db: Kysely<Database>, documentId: number) {
  return db
    .selectFrom('documents')
    .select(['id', 'number_text', 'date', 'correction'])
    .where('corrects_document_id', '=', documentId)
    .where('correction', '=', 'storno')
    .executeTakeFirst();
}

export function findMonthDocument(db: Kysely<Database>, organizationId: number, kind: DocumentKind, month: string) {
  return db
    .selectFrom('documents')
    .select(['id', 'number_text'])
    .where('organization_id', '=', organizationId)
    .where('kind', '=', kind)
    .where('billing_month', '=', month)
    .executeTakeFirst();
}

// Billing marks: what live invoices and acts have billed.
export async function insertMarks(db: Kysely<Database>, rows: Insertable<DocumentBillingMarkTable>[]) {
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto('document_billing_marks')
      .values(rows.slice(i, i + 2000))
      .execute();
}

export function deleteMarksOf(db: Kysely<Database>, documentId: number) {
  return db.deleteFrom('document_billing_marks').where('document_id', '=', documentId).execute();
}

export function marksOf(db: Kysely<Database>, documentId: number) {
  return db.selectFrom('document_billing_marks').selectAll().where('document_id', '=', documentId).execute();
}

type Billing = 'invoice' | 'act';

const notMarked = (kind: Billing, sourceKind: DocumentBillingMarkTable['source_kind'], ref: string) =>
  sql<boolean>`not exists (select 1 from document_billing_marks m
    where m.kind = ${kind} and m.source_kind = ${sourceKind} and m.source_ref = cast(${sql.ref(ref)} as text))`;

/**
 * Billable work of a client in a period not yet on a live document of this kind (nor exported to accounting
 * elsewhere): an act also skips work another act covers.
 */
export function billableWorklogs(
  db: Kysely<Database>,
  kind: Billing,
  organizationId: number,
  from: string,
  to: string,
) {
  let q = db
    .selectFrom('worklogs')
    .innerJoin('tickets', 'tickets.id', 'worklogs.ticket_id')
    .leftJoin('services', 'services.id', 'worklogs.service_id')
    .select([
      'worklogs.id',
      'worklogs.ticket_id',
      'worklogs.agreement_id',
      'worklogs.service_id',
      'worklogs.work_date',
      'worklogs.billed_minutes',
      'worklogs.package_minutes',
      'worklogs.overage_minutes',
      'worklogs.amount_kopecks',
      'tickets.number as ticket_number',
      'tickets.subject as ticket_subject',
      'services.name as service_name',
    ])
    .where('worklogs.organization_id', '=', organizationId)
    .where('worklogs.work_date', '>=', from)
    .where('worklogs.work_date', '<=', to)
    .where('worklogs.billable', '=', 1)
    .where('worklogs.exported_at', 'is', null)
    .where(notMarked(kind, 'worklog', 'worklogs.id'));
  if (kind === 'act') q = q.where('worklogs.act_id', 'is', null);
  return q.orderBy('tickets.number').orderBy('worklogs.work_date').orderBy('worklogs.id').execute();
}
export type BillableWorklog = Awaited<ReturnType<typeof billableWorklogs>>[number];

export function billableCharges(db: Kysely<Database>, kind: Billing, organizationId: number, from: string, to: string) {
  let q = db
    .selectFrom('recurring_charges')
    .select(['id', 'description', 'amount_kopecks', 'period_start', 'period_end', 'billing_date'])
    .where('organization_id', '=', organizationId)
    .where('billing_date', '>=', from)
    .where('billing_date', '<=', to)
    .where(notMarked(kind, 'recurring', 'recurring_charges.id'));
  if (kind === 'invoice') q = q.where('invoiced_at', 'is', null);
  return q.orderBy('billing_date').orderBy('id').execute();
}

export function rebilledCosts(db: Kysely<Database>, kind: Billing, organizationId: number, from: string, to: string) {
  let q = db
    .selectFrom('client_costs')
    .select(['id', 'description', 'amount_kopecks', 'cost_date'])
    .where('organization_id', '=', organizationId)
    .where('rebill', '=', 1)
    .where('cost_date', '>=', from)
    .where('cost_date', '<=', to)
    .where(notMarked(kind, 'client_cost', 'client_costs.id'));
  if (kind === 'invoice') q = q.where('invoiced_at', 'is', null);
  return q.orderBy('cost_date').orderBy('id').execute();
}

/** Agreements of a client with a package fee, overlapping the period. */
export function feeAgreements(db: Kysely<Database>, organizationId: number, from: string, to: string) {
  return db
    .selectFrom('agreements')
    .innerJoin('agreement_time_terms as terms', 'terms.agreement_id', 'agreements.id')
    .select([
      'agreements.id',
      'agreements.number',
      'agreements.title',
      'agreements.start_date',
      'agreements.end_date',
      'terms.package_period',
      'terms.package_fee_kopecks',
    ])
    .where('agreements.organization_id', '=', organizationId)
    .where('terms.package_fee_kopecks', 'is not', null)
    .where('terms.package_fee_kopecks', '>', 0)
    .where('agreements.start_date', '<=', to)
    .where('agreements.end_date', '>=', from)
    .orderBy('agreements.id')
    .execute();
}

// The parties and the agreement a document names.
export function findOrganization(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'legal_name', 'tax_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function firstAddress(db: Kysely<Database>, organizationId: number) {
  const row = await db
    .selectFrom('addresses')
    .select('address')
    .where('organization_id', '=', organizationId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.address ?? null;
}

export function findAgreement(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('agreements')
    .leftJoin('calendars', 'calendars.id', 'agreements.calendar_id')
    .select([
      'agreements.id',
      'agreements.organization_id',
      'agreements.number',
      'agreements.title',
      'agreements.tier',
      'agreements.start_date',
      'agreements.end_date',
      'agreements.status',
      'agreements.hours_package',
      'calendars.name as calendar_name',
    ])
    .where('agreements.id', '=', id)
    .executeTakeFirst();
}

export function agreementServices(db: Kysely<Database>, agreementId: number) {
  return db
    .selectFrom('agreement_services')
    .innerJoin('services', 'services.id', 'agreement_services.service_id')
    .select('services.name')
    .where('agreement_services.agreement_id', '=', agreementId)
    .orderBy('services.name')
    .execute();
}

export function slaTargets(db: Kysely<Database>, agreementId: number) {
  return db
    .selectFrom('sla_targets')
    .select(['priority', 'type', 'reaction_minutes', 'resolution_minutes'])
    .where('agreement_id', '=', agreementId)
    .orderBy('priority')
    .orderBy('id')
    .execute();
}

/** Who gets a client's documents: its billing contacts, else every contact of it with an address. */
export async function billingAddresses(db: Kysely<Database>, organizationId: number) {
  // selectAll: the portal's role column (migration 015) may not be there yet; then every contact counts.
  const contacts = await db
    .selectFrom('contacts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('email', 'is not', null)
    .orderBy('id')
    .execute();
  const billing = contacts.filter((c) => (c as { portal_role?: string }).portal_role === 'billing');
  return [...new Set((billing.length ? billing : contacts).map((c) => c.email!))];
}

export function findTemplate(db: Kysely<Database>, kind: DocumentKind, language: 'ru' | 'en') {
  return db
    .selectFrom('document_templates')
    .selectAll()
    .where('kind', '=', kind)
    .where('language', '=', language)
    .executeTakeFirst();
}

export function insertDelivery(
  db: Kysely<Database>,
  row: { document_id: number; to_address: string; outbox_id: number | null; created_by: string; created_at: string },
) {
  return db.insertInto('document_deliveries').values(row).returning('id').executeTakeFirstOrThrow();
}

export function listDeliveries(db: Kysely<Database>, documentId: number) {
  return db.selectFrom('document_deliveries').selectAll().where('document_id', '=', documentId).orderBy('id').execute();
}

/** Clients with something billable in a period: work, charges, re-billed costs or package fees. */
export async function organizationsWithBillables(db: Kysely<Database>, from: string, to: string) {
  const rows = await sql<{ organization_id: number }>`
    select organization_id from worklogs
      where work_date between ${from} and ${to} and billable = 1 and exported_at is null and act_id is null
    union select organization_id from recurring_charges where billing_date between ${from} and ${to}
    union select organization_id from client_costs where rebill = 1 and cost_date between ${from} and ${to}
    union select a.organization_id from agreements a join agreement_time_terms t on t.agreement_id = a.id
      where t.package_fee_kopecks > 0 and a.start_date <= ${to} and a.end_date >= ${from}
    order by 1`.execute(db);
  return rows.rows.map((r) => r.organization_id);
}

/** The next document id: documents are never deleted, and this runs in the writer's transaction. */
export async function nextDocumentId(db: Kysely<Database>) {
  const row = await db
    .selectFrom('documents')
    .select(sql<number>`coalesce(max(id), 0) + 1`.as('next'))
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

export async function markedRefs(
  db: Kysely<Database>,
  kind: Billing,
  sourceKind: DocumentBillingMarkTable['source_kind'],
  refs: string[],
) {
  const found: string[] = [];
  for (let i = 0; i < refs.length; i += 500) {
    const rows = await db
      .selectFrom('document_billing_marks')
      .select('source_ref')
      .where('kind', '=', kind)
      .where('source_kind', '=', sourceKind)
      .where('source_ref', 'in', refs.slice(i, i + 500))
      .execute();
    found.push(...rows.map((r) => r.source_ref));
  }
  return found;
}

export async function worklogsWithAct(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('worklogs')
    .select(['id', 'act_id'])
    .where('id', 'in', ids)
    .where('act_id', 'is not', null)
    .execute();
}

export async function readSetting(db: Kysely<Database>, key: string) {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export function writeSetting(db: Kysely<Database>, key: string, value: string) {
  return db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export function saveTemplate(
  db: Kysely<Database>,
  row: { kind: DocumentKind; language: 'ru' | 'en'; body: string; updated_by: string; updated_at: string },
) {
  return db
    .insertInto('document_templates')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['kind', 'language'])
        .doUpdateSet({ body: row.body, updated_by: row.updated_by, updated_at: row.updated_at }),
    )
    .execute();
}

export function deleteTemplate(db: Kysely<Database>, kind: DocumentKind, language: 'ru' | 'en') {
  return db.deleteFrom('document_templates').where('kind', '=', kind).where('language', '=', language).execute();
}

export async function packageFee(db: Kysely<Database>, agreementId: number) {
  const row = await db
    .selectFrom('agreement_time_terms')
    .select('package_fee_kopecks')
    .where('agreement_id', '=', agreementId)
    .executeTakeFirst();
  return row?.package_fee_kopecks ?? null;
}

/** The fee lives with the agreement's time terms; an agreement without terms of its own gets the default row. */
export function setPackageFee(db: Kysely<Database>, agreementId: number, fee: number | null, at: string) {
  return db
    .insertInto('agreement_time_terms')
    .values({ agreement_id: agreementId, package_fee_kopecks: fee, updated_at: at })
    .onConflict((oc) => oc.column('agreement_id').doUpdateSet({ package_fee_kopecks: fee, updated_at: at }))
    .execute();
}

/** The storno acts that reverse any of these documents: one query for a page of the list. */
export async function stornosOf(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('documents')
    .select(['id', 'number_text', 'corrects_document_id'])
    .where('corrects_document_id', 'in', ids)
    .where('correction', '=', 'storno')
    .execute();
}
