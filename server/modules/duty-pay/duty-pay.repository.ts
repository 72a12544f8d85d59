import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Agents who may have been on call: every active one, and inactive ones the month may still owe. */
export function agentsForPay(db: Kysely<Database>) {
  return db.selectFrom('agents').select(['id', 'name', 'timezone', 'active']).orderBy('name').orderBy('id').execute();
}
