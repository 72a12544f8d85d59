import type { Insertable, Kysely, Updateable } from 'kysely';
import { containsText } from '../../db/text-match.js';
import type { Database, ServiceTable } from '../../db/schema.js';

export function insertService(db: Kysely<Database>, row: Insertable<ServiceTable>) {
  return db.insertInto('services').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findService(db: Kysely<Database>, id: number) {
  return db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findServices(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('services').selectAll().where('id', 'in', ids).execute();
}

export function updateService(db: Kysely<Database>, id: number, patch: Updateable<ServiceTable>) {
  return db.updateTable('services').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteService(db: Kysely<Database>, id: number) {
  return db.deleteFrom('services').where('id', '=', id).executeTakeFirst();
}

export function listServices(
  db: Kysely<Database>,
  opts: { active?: boolean; q?: string; afterName?: string; afterId?: number; limit: number },
) {
  let q = db.selectFrom('services').selectAll();
  if (opts.active !== undefined) q = q.where('active', '=', opts.active ? 1 : 0);
  if (opts.q) {
    const text = opts.q;
    q = q.where((eb) =>
      eb.or([containsText('name', text), containsText('category', text), containsText('description', text)]),
    );
  }
  if (opts.afterName !== undefined && opts.afterId !== undefined) {
    const { afterName, afterId } = opts;
    q = q.where((eb) =>
      eb.or([eb('name', '>', afterName), eb.and([eb('name', '=', afterName), eb('id', '>', afterId)])]),
    );
  }
  return q
    .orderBy('name')
    .orderBy('id')
    .limit(opts.limit + 1)
    .execute();
}

/** Numbers of the agreements that cover a service (what keeps it from being deleted). */
export async function agreementNumbersUsing(db: Kysely<Database>, serviceId: number, limit: number) {
  const rows = await db
    .selectFrom('agreement_services')
    .innerJoin('agreements', 'agreements.id', 'agreement_services.agreement_id')
    .select('agreements.number')
    .where('agreement_services.service_id', '=', serviceId)
    .orderBy('agreements.number')
    .limit(limit)
    .execute();
  return rows.map((r) => r.number);
}

export async function countTicketsOn(db: Kysely<Database>, serviceId: number): Promise<number> {
  const row = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('service_id', '=', serviceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type ServiceRow = NonNullable<Awaited<ReturnType<typeof findService>>>;
