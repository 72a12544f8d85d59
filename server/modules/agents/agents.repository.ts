import type { Kysely } from 'kysely';
import type { AgentTable, Database } from '../../db/schema.js';
import type { Insertable, Updateable } from 'kysely';

const publicColumns = [
  'id',
  'email',
  'name',
  'role',
  'active',
  'language',
  'timezone',
  'phone',
  'created_at',
  'updated_at',
] as const;

export function insertAgent(db: Kysely<Database>, row: Insertable<AgentTable>) {
  return db.insertInto('agents').values(row).returning(publicColumns).executeTakeFirstOrThrow();
}

export function findAgent(db: Kysely<Database>, id: number) {
  return db.selectFrom('agents').select(publicColumns).where('id', '=', id).executeTakeFirst();
}

export function findAgentByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('agents').select(publicColumns).where('email', '=', email).executeTakeFirst();
}

export function listAgents(db: Kysely<Database>, opts: { activeOnly?: boolean } = {}) {
  let q = db.selectFrom('agents').select(publicColumns);
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('name').execute();
}

export function updateAgent(db: Kysely<Database>, id: number, patch: Updateable<AgentTable>) {
  return db.updateTable('agents').set(patch).where('id', '=', id).returning(publicColumns).executeTakeFirst();
}

export type AgentRow = NonNullable<Awaited<ReturnType<typeof findAgent>>>;

export async function countActiveAgents(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('agents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
