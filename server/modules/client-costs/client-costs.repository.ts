import type { Insertable, Kysely, Updateable } from 'kysely';
import type { ClientCostTable, Database } from '../../db/schema.js';

const withOrganization = (db: Kysely<Database>) =>
  db
    .selectFrom('client_costs as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .selectAll('c')
    .select('o.name as organization_name');

export function insertCost(db: Kysely<Database>, row: Insertable<ClientCostTable>) {
  return db.insertInto('client_costs').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findCost(db: Kysely<Database>, id: number) {
  return withOrganization(db).where('c.id', '=', id).executeTakeFirst();
}

export type ClientCostRow = NonNullable<Awaited<ReturnType<typeof findCost>>>;

export function updateCost(db: Kysely<Database>, id: number, patch: Updateable<ClientCostTable>) {
  return db.updateTable('client_costs').set(patch).where('id', '=', id).executeTakeFirst();
}

export function deleteCost(db: Kysely<Database>, id: number) {
  return db.deleteFrom('client_costs').where('id', '=', id).executeTakeFirst();
}

export function listCosts(
  db: Kysely<Database>,
  f: {
    organizationId?: number;
    from?: string;
    to?: string;
    rebill?: boolean;
    limit: number;
    after?: { key: string; id: number };
  },
) {
  let q = withOrganization(db);
  if (f.organizationId !== undefined) q = q.where('c.organization_id', '=', f.organizationId);
  if (f.from !== undefined) q = q.where('c.cost_date', '>=', f.from);
  if (f.to !== undefined) q = q.where('c.cost_date', '<=', f.to);
  if (f.rebill !== undefined) q = q.where('c.rebill', '=', f.rebill ? 1 : 0);
  // Newest first: what was bought last is what is asked about.
  if (f.after) {
    const { key, id } = f.after;
    q = q.where((eb) =>
      eb.or([eb('c.cost_date', '<', key), eb.and([eb('c.cost_date', '=', key), eb('c.id', '<', id)])]),
    );
  }
  return q
    .orderBy('c.cost_date', 'desc')
    .orderBy('c.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function findOrganization(db: Kysely<Database>, id: number) {
  return db.selectFrom('organizations').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export function findAgreement(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('agreements')
    .select(['id', 'number', 'organization_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findTicket(db: Kysely<Database>, id: number) {
  return db.selectFrom('tickets').select(['id', 'number', 'organization_id']).where('id', '=', id).executeTakeFirst();
}

/** Re-billed costs put on an invoice (documents module), in the invoice's transaction; they freeze then. */
export async function markCostsInvoiced(db: Kysely<Database>, ids: readonly number[], at: string) {
  for (let i = 0; i < ids.length; i += 500)
    await db
      .updateTable('client_costs')
      .set({ invoiced_at: at })
      .where('id', 'in', ids.slice(i, i + 500))
      .where('invoiced_at', 'is', null)
      .execute();
}
