import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/** The UTC calendar month an SMS counts in. */
export const monthOf = (at: Date) => at.toISOString().slice(0, 7);

export async function counter(db: Db, provider: string, month: string) {
  const row = await db
    .selectFrom('sms_counters')
    .select(['sent', 'refused'])
    .where('provider', '=', provider)
    .where('month', '=', month)
    .executeTakeFirst();
  return { sent: row?.sent ?? 0, refused: row?.refused ?? 0 };
}

export function count(db: Db, provider: string, month: string, what: 'sent' | 'refused') {
  return db
    .insertInto('sms_counters')
    .values({ provider, month, sent: what === 'sent' ? 1 : 0, refused: what === 'refused' ? 1 : 0 })
    .onConflict((oc) =>
      oc.columns(['provider', 'month']).doUpdateSet((eb) => ({ [what]: eb(`sms_counters.${what}`, '+', 1) })),
    )
    .execute();
}

export function listCounters(db: Db, limit = 36) {
  return db.selectFrom('sms_counters').selectAll().orderBy('month', 'desc').orderBy('provider').limit(limit).execute();
}
