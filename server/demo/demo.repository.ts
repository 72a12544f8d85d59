import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The reads the demo seeder needs: whether a desk is still empty, and whether it is a demo desk. */
export async function hasAnyAgent(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('agents').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function isActiveAgent(db: Kysely<Database>, email: string): Promise<boolean> {
  const agent = await db.selectFrom('agents').select('active').where('email', '=', email).executeTakeFirst();
  return agent?.active === 1;
}
