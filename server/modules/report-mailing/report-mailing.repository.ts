import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, ReportDeliveryTable, ReportSubscriptionTable } from '../../db/schema.js';

export function insertSubscription(db: Kysely<Database>, row: Insertable<ReportSubscriptionTable>) {
  return db.insertInto('report_subscriptions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateSubscription(db: Kysely<Database>, id: number, patch: Updateable<ReportSubscriptionTable>) {
  return db.updateTable('report_subscriptions').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteSubscription(db: Kysely<Database>, id: number) {
  return db.deleteFrom('report_subscriptions').where('id', '=', id).executeTakeFirst();
}

export function findSubscription(db: Kysely<Database>, id: number) {
  return db.selectFrom('report_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}
export type SubscriptionRow = NonNullable<Awaited<ReturnType<typeof findSubscription>>>;

export function listSubscriptions(db: Kysely<Database>, opts: { organizationId?: number; activeOnly?: boolean }) {
  let q = db.selectFrom('report_subscriptions').selectAll();
  if (opts.organizationId !== undefined) q = q.where('organization_id', '=', opts.organizationId);
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('id').execute();
}

/** Records a delivery; false when this subscription's period was delivered already (it goes out once). */
export async function insertDelivery(
  db: Kysely<Database>,
  row: Insertable<ReportDeliveryTable>,
): Promise<number | null> {
  const inserted = await db
    .insertInto('report_deliveries')
    .values(row)
    .onConflict((oc) => oc.columns(['subscription_id', 'period_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export function findDelivery(db: Kysely<Database>, id: number) {
  return db.selectFrom('report_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A delivery of one client only: the portal's read, scoped in the query itself. */
export function findClientDelivery(db: Kysely<Database>, organizationId: number, id: number) {
  return db
    .selectFrom('report_deliveries')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export function findDeliveryOf(db: Kysely<Database>, subscriptionId: number, periodKey: string) {
  return db
    .selectFrom('report_deliveries')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('period_key', '=', periodKey)
    .executeTakeFirst();
}

export function listDeliveries(
  db: Kysely<Database>,
  opts: { organizationId?: number; subscriptionId?: number; beforeId?: number; limit: number },
) {
  let q = db
    .selectFrom('report_deliveries')
    .innerJoin('report_subscriptions', 'report_subscriptions.id', 'report_deliveries.subscription_id')
    .selectAll('report_deliveries')
    .select(['report_subscriptions.name as subscription_name', 'report_subscriptions.report']);
  if (opts.organizationId !== undefined) q = q.where('report_deliveries.organization_id', '=', opts.organizationId);
  if (opts.subscriptionId !== undefined) q = q.where('report_deliveries.subscription_id', '=', opts.subscriptionId);
  if (opts.beforeId !== undefined) q = q.where('report_deliveries.id', '<', opts.beforeId);
  return q
    .orderBy('report_deliveries.id', 'desc')
    .limit(opts.limit + 1)
    .execute();
}

export function agreementForReports(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('agreements')
    .select(['id', 'organization_id', 'calendar_id', 'recipient_contact_ids', 'number'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function contactsByIds(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('contacts').select(['id', 'email', 'organization_id']).where('id', 'in', ids).execute();
}

export function agentsByIds(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('agents').select(['id', 'email', 'active']).where('id', 'in', ids).execute();
}

export async function exists(db: Kysely<Database>, table: 'organizations' | 'calendars', id: number) {
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
