import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, RecurringChargeTable, RecurringKind, RecurringServiceTable } from '../../db/schema.js';

const withOrganization = (db: Kysely<Database>) =>
  db
    .selectFrom('recurring_services as r')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .selectAll('r')
    .select('o.name as organization_name');

export function insertRecurring(db: Kysely<Database>, row: Insertable<RecurringServiceTable>) {
  return db.insertInto('recurring_services').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findRecurring(db: Kysely<Database>, id: number) {
  return withOrganization(db).where('r.id', '=', id).executeTakeFirst();
}

export type RecurringRow = NonNullable<Awaited<ReturnType<typeof findRecurring>>>;

export function updateRecurring(db: Kysely<Database>, id: number, patch: Updateable<RecurringServiceTable>) {
  return db.updateTable('recurring_services').set(patch).where('id', '=', id).executeTakeFirst();
}

export function deleteRecurring(db: Kysely<Database>, id: number) {
  return db.deleteFrom('recurring_services').where('id', '=', id).executeTakeFirst();
}

export interface RecurringListFilter {
  organizationId?: number;
  kind?: RecurringKind;
  /** Items expiring from `today` up to `until`, plus active ones already expired; ordered by expiry. */
  expiring?: { today: string; until: string };
  limit: number;
  after?: { key: string; id: number };
}

export function listRecurring(db: Kysely<Database>, f: RecurringListFilter) {
  let q = withOrganization(db);
  if (f.organizationId !== undefined) q = q.where('r.organization_id', '=', f.organizationId);
  if (f.kind !== undefined) q = q.where('r.kind', '=', f.kind);
  const expiring = f.expiring;
  if (expiring) {
    q = q
      .where('r.expires_on', 'is not', null)
      .where('r.expires_on', '<=', expiring.until)
      .where((eb) => eb.or([eb('r.expires_on', '>=', expiring.today), eb('r.active', '=', 1)]));
  }
  const sortColumn = expiring ? 'r.expires_on' : 'r.name';
  if (f.after) {
    const { key, id } = f.after;
    q = q.where((eb) => eb.or([eb(sortColumn, '>', key), eb.and([eb(sortColumn, '=', key), eb('r.id', '>', id)])]));
  }
  return q
    .orderBy(sortColumn)
    .orderBy('r.id')
    .limit(f.limit + 1)
    .execute();
}

export async function countCharges(db: Kysely<Database>, id: number): Promise<number> {
  const row = await db
    .selectFrom('recurring_charges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('recurring_service_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findOrganization(db: Kysely<Database>, id: number) {
  return db.selectFrom('organizations').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export function findContact(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('contacts')
    .select(['id', 'organization_id', 'name', 'email', 'language'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findAgent(db: Kysely<Database>, id: number) {
  return db.selectFrom('agents').select(['id', 'name', 'active', 'role']).where('id', '=', id).executeTakeFirst();
}

/** Managers of the organization's active agreements: who looks after the client when an item names nobody. */
export async function agreementManagerIds(db: Kysely<Database>, organizationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('agreements')
    .select('manager_id')
    .distinct()
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'active')
    .where('manager_id', 'is not', null)
    .orderBy('manager_id')
    .execute();
  return rows.map((r) => r.manager_id!);
}

export async function activeAdminIds(db: Kysely<Database>): Promise<number[]> {
  const rows = await db
    .selectFrom('agents')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** What the daily job looks at: active items with a billing date due, an expiry, or a live check. */
export function listActiveForJob(db: Kysely<Database>, afterId: number, limit: number) {
  return db
    .selectFrom('recurring_services')
    .select(['id', 'next_billing_date', 'expires_on', 'live_check', 'host'])
    .where('active', '=', 1)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Records a charge once: false when this billing date was charged before. */
export async function insertCharge(db: Kysely<Database>, row: Insertable<RecurringChargeTable>): Promise<boolean> {
  const result = await db
    .insertInto('recurring_charges')
    .values(row)
    .onConflict((oc) => oc.columns(['recurring_service_id', 'billing_date']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface ChargeListFilter {
  organizationId?: number;
  from?: string;
  to?: string;
  limit: number;
  after?: { key: string; id: number };
}

export function listCharges(db: Kysely<Database>, f: ChargeListFilter) {
  let q = db
    .selectFrom('recurring_charges as c')
    .innerJoin('recurring_services as r', 'r.id', 'c.recurring_service_id')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .selectAll('c')
    .select(['r.name as item_name', 'r.kind as item_kind', 'o.name as organization_name']);
  if (f.organizationId !== undefined) q = q.where('c.organization_id', '=', f.organizationId);
  if (f.from !== undefined) q = q.where('c.billing_date', '>=', f.from);
  if (f.to !== undefined) q = q.where('c.billing_date', '<=', f.to);
  if (f.after) {
    const { key, id } = f.after;
    q = q.where((eb) =>
      eb.or([eb('c.billing_date', '>', key), eb.and([eb('c.billing_date', '=', key), eb('c.id', '>', id)])]),
    );
  }
  return q
    .orderBy('c.billing_date')
    .orderBy('c.id')
    .limit(f.limit + 1)
    .execute();
}

export type ChargeRow = Awaited<ReturnType<typeof listCharges>>[number];

/** Active services expiring from `from` to `to` (dates, both included), soonest first. */
export function expiringBetween(db: Kysely<Database>, from: string, to: string, organizationId?: number) {
  let q = db
    .selectFrom('recurring_services as r')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .select(['r.organization_id', 'o.name as organization_name', 'r.name', 'r.kind', 'r.expires_on'])
    .where('r.active', '=', 1)
    .where('r.expires_on', '>=', from)
    .where('r.expires_on', '<=', to);
  if (organizationId !== undefined) q = q.where('r.organization_id', '=', organizationId);
  return q.orderBy('r.expires_on').orderBy('r.id').execute();
}

/** Charges put on an invoice (documents module), in the invoice's transaction: they are billed once. */
export async function markChargesInvoiced(db: Kysely<Database>, ids: readonly number[], at: string) {
  for (let i = 0; i < ids.length; i += 500)
    await db
      .updateTable('recurring_charges')
      .set({ invoiced_at: at })
      .where('id', 'in', ids.slice(i, i + 500))
      .where('invoiced_at', 'is', null)
      .execute();
}
