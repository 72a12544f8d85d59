import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The license in force: the one of the highest sequence applied (as the licensing module reads it). */
export async function currentLicenseJti(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db
    .selectFrom('licenses')
    .select('jti')
    .orderBy('lsq', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.jti;
}
