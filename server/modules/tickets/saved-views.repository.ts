import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export const listViews = (db: Kysely<Database>, agentId: number) =>
  db
    .selectFrom('saved_views')
    .select(['id', 'name', 'query'])
    .where('agent_id', '=', agentId)
    .orderBy('name')
    .execute();

export const insertView = (
  db: Kysely<Database>,
  row: { agent_id: number; name: string; query: string; created_at: string },
) => db.insertInto('saved_views').values(row).returning(['id', 'name', 'query']).executeTakeFirstOrThrow();

/** Deletes a view only if it belongs to the agent: one agent never touches another's views. */
export const deleteView = (db: Kysely<Database>, id: number, agentId: number) =>
  db.deleteFrom('saved_views').where('id', '=', id).where('agent_id', '=', agentId).executeTakeFirst();
