import type { ExpressionBuilder, Insertable, Kysely, Updateable } from 'kysely';
import type {
  AgentCostRateTable,
  Database,
  DiscountTable,
  RateCardTable,
  RateMultiplierTable,
} from '../../db/schema.js';
import { dummyKysely } from '../../db/dummy.js';
import { precompiled } from '../../db/prepared.js';

// ---- rate cards

const cardWithNames = (db: Kysely<Database>) =>
  db
    .selectFrom('rate_cards')
    .leftJoin('agreements', 'agreements.id', 'rate_cards.agreement_id')
    .leftJoin('services', 'services.id', 'rate_cards.service_id')
    .leftJoin('agents', 'agents.id', 'rate_cards.agent_id')
    .selectAll('rate_cards')
    .select([
      'agreements.number as agreement_number',
      'agreements.title as agreement_title',
      'services.name as service_name',
      'agents.name as agent_name',
    ]);

export const findCard = (db: Kysely<Database>, id: number) =>
  cardWithNames(db).where('rate_cards.id', '=', id).executeTakeFirst();

export function findCardByScope(
  db: Kysely<Database>,
  scope: { agreementId: number | null; serviceId: number | null; agentId: number | null },
) {
  type Column = 'agreement_id' | 'service_id' | 'agent_id';
  const is = (eb: ExpressionBuilder<Database, 'rate_cards'>, column: Column, value: number | null) =>
    value === null ? eb(column, 'is', null) : eb(column, '=', value);
  return db
    .selectFrom('rate_cards')
    .selectAll()
    .where((eb) =>
      eb.and([
        is(eb, 'agreement_id', scope.agreementId),
        is(eb, 'service_id', scope.serviceId),
        is(eb, 'agent_id', scope.agentId),
      ]),
    )
    .executeTakeFirst();
}

export function listCards(
  db: Kysely<Database>,
  opts: { agreementId?: number; serviceId?: number; agentId?: number; afterId?: number; limit: number },
) {
  let q = cardWithNames(db);
  if (opts.agreementId !== undefined) q = q.where('rate_cards.agreement_id', '=', opts.agreementId);
  if (opts.serviceId !== undefined) q = q.where('rate_cards.service_id', '=', opts.serviceId);
  if (opts.agentId !== undefined) q = q.where('rate_cards.agent_id', '=', opts.agentId);
  if (opts.afterId !== undefined) q = q.where('rate_cards.id', '>', opts.afterId);
  return q
    .orderBy('rate_cards.id')
    .limit(opts.limit + 1)
    .execute();
}

export const insertCard = (db: Kysely<Database>, row: Insertable<RateCardTable>) =>
  db.insertInto('rate_cards').values(row).returning('id').executeTakeFirstOrThrow();

export const updateCard = (db: Kysely<Database>, id: number, patch: Updateable<RateCardTable>) =>
  db.updateTable('rate_cards').set(patch).where('id', '=', id).executeTakeFirst();

export const deleteCard = (db: Kysely<Database>, id: number) =>
  db.deleteFrom('rate_cards').where('id', '=', id).executeTakeFirst();

// ---- what the work refers to

// Read for every piece of work priced: compiled once (server/db/prepared.ts).
const agreementTermsQuery = precompiled(() =>
  dummyKysely
    .selectFrom('agreements')
    .select(['id', 'organization_id', 'calendar_id', 'hour_rate', 'number'])
    .where('id', '=', 0)
    .compile(),
);

export const findAgreementTerms = async (db: Kysely<Database>, id: number) =>
  (await agreementTermsQuery(db, [id])).rows[0];

export const existingIds = async (
  db: Kysely<Database>,
  table: 'agreements' | 'services' | 'agents' | 'organizations',
  id: number,
) => (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

// ---- multipliers

export const findMultipliers = (db: Kysely<Database>, agreementId: number | null) =>
  (agreementId === null
    ? db.selectFrom('rate_multipliers').selectAll().where('agreement_id', 'is', null)
    : db.selectFrom('rate_multipliers').selectAll().where('agreement_id', '=', agreementId)
  ).executeTakeFirst();

export async function upsertMultipliers(db: Kysely<Database>, row: Insertable<RateMultiplierTable>) {
  const existing = await findMultipliers(db, row.agreement_id ?? null);
  if (existing) await db.updateTable('rate_multipliers').set(row).where('id', '=', existing.id).execute();
  else await db.insertInto('rate_multipliers').values(row).execute();
}

export const deleteMultipliers = (db: Kysely<Database>, agreementId: number) =>
  db.deleteFrom('rate_multipliers').where('agreement_id', '=', agreementId).executeTakeFirst();

// ---- discounts

export function listDiscounts(
  db: Kysely<Database>,
  opts: {
    agreementId?: number;
    organizationId?: number;
    id?: number;
    after?: { validFrom: string; id: number };
    limit: number;
  },
) {
  let q = db
    .selectFrom('discounts')
    .leftJoin('agreements', 'agreements.id', 'discounts.agreement_id')
    .leftJoin('organizations', 'organizations.id', 'discounts.organization_id')
    .selectAll('discounts')
    .select(['agreements.number as agreement_number', 'organizations.name as organization_name']);
  if (opts.agreementId !== undefined) q = q.where('discounts.agreement_id', '=', opts.agreementId);
  if (opts.organizationId !== undefined) q = q.where('discounts.organization_id', '=', opts.organizationId);
  if (opts.id !== undefined) q = q.where('discounts.id', '=', opts.id);
  if (opts.after) {
    const { validFrom, id } = opts.after;
    q = q.where((eb) =>
      eb.or([
        eb('discounts.valid_from', '<', validFrom),
        eb.and([eb('discounts.valid_from', '=', validFrom), eb('discounts.id', '<', id)]),
      ]),
    );
  }
  return q
    .orderBy('discounts.valid_from', 'desc')
    .orderBy('discounts.id', 'desc')
    .limit(opts.limit + 1)
    .execute();
}

export const insertDiscount = (db: Kysely<Database>, row: Insertable<DiscountTable>) =>
  db.insertInto('discounts').values(row).returning('id').executeTakeFirstOrThrow();

export const deleteDiscount = (db: Kysely<Database>, id: number) =>
  db.deleteFrom('discounts').where('id', '=', id).executeTakeFirst();

// ---- agents' cost rates

export const listCostRates = (db: Kysely<Database>, agentId: number) =>
  db.selectFrom('agent_cost_rates').selectAll().where('agent_id', '=', agentId).orderBy('valid_from', 'desc').execute();

export const insertCostRate = (db: Kysely<Database>, row: Insertable<AgentCostRateTable>) =>
  db
    .insertInto('agent_cost_rates')
    .values(row)
    .onConflict((oc) => oc.columns(['agent_id', 'valid_from']).doUpdateSet({ rate_kopecks: row.rate_kopecks }))
    .returningAll()
    .executeTakeFirstOrThrow();

export type AgreementTerms = NonNullable<Awaited<ReturnType<typeof findAgreementTerms>>>;
export type RateCardRow = NonNullable<Awaited<ReturnType<typeof findCard>>>;
export type MultiplierRow = NonNullable<Awaited<ReturnType<typeof findMultipliers>>>;
export type DiscountRow = Awaited<ReturnType<typeof listDiscounts>>[number];
export type CostRateRow = Awaited<ReturnType<typeof listCostRates>>[number];

/** The whole price list at once, for the pricing book (pricing-book.ts). */
export async function wholePriceList(db: Kysely<Database>) {
  return {
    cards: await db.selectFrom('rate_cards').selectAll().execute(),
    multipliers: await db.selectFrom('rate_multipliers').selectAll().execute(),
    discounts: await db.selectFrom('discounts').selectAll().execute(),
    costRates: await db.selectFrom('agent_cost_rates').selectAll().execute(),
  };
}
