import type { ExpressionBuilder, Insertable, Kysely, Updateable } from 'kysely';
import type {
  AgentCostRateTable,
  Database,
  DiscountTable,
  RateCardTable,
  RateMultiplierTable,
} from '../../db/schema.js';

// ---- rate cards

/** Every card that could apply to work of this agreement, service and agent (the caller ranks them). */
export function cardsFor(
  db: Kysely<Database>,
  key: { agreementId: number | null; serviceId: number | null; agentId: number | null },
) {
  type Column = 'agreement_id' | 'service_id' | 'agent_id';
  const part = (eb: ExpressionBuilder<Database, 'rate_cards'>, column: Column, value: number | null) =>
    value === null ? eb(column, 'is', null) : eb.or([eb(column, 'is', null), eb(column, '=', value)]);
  return db
    .selectFrom('rate_cards')
    .selectAll()
    .where((eb) =>
      eb.and([
        part(eb, 'agreement_id', key.agreementId),
        part(eb, 'service_id', key.serviceId),
        part(eb, 'agent_id', key.agentId),
      ]),
    )
    .execute();
}

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

export const findAgreementTerms = (db: Kysely<Database>, id: number) =>
  db
    .selectFrom('agreements')
    .select(['id', 'organization_id', 'calendar_id', 'hour_rate', 'number'])
    .where('id', '=', id)
    .executeTakeFirst();

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

/** The discounts of an agreement and of its organization that may be valid on a date. */
export function discountsOn(
  db: Kysely<Database>,
  work: { agreementId: number | null; organizationId: number; workDate: string },
) {
  return db
    .selectFrom('discounts')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('organization_id', '=', work.organizationId),
        ...(work.agreementId === null ? [] : [eb('agreement_id', '=', work.agreementId)]),
      ]),
    )
    .where('valid_from', '<=', work.workDate)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', work.workDate)]))
    .execute();
}

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

/** The cost rate valid on a date: the latest one that started on or before it. */
export const costRateOn = (db: Kysely<Database>, agentId: number, date: string) =>
  db
    .selectFrom('agent_cost_rates')
    .selectAll()
    .where('agent_id', '=', agentId)
    .where('valid_from', '<=', date)
    .orderBy('valid_from', 'desc')
    .limit(1)
    .executeTakeFirst();

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
