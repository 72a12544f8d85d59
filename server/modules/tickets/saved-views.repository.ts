import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** The agent's own views and those shared with a team they are a member of. */
export const listViews = (db: Kysely<Database>, agentId: number) =>
  db
    .selectFrom('saved_views')
    .leftJoin('teams', 'teams.id', 'saved_views.team_id')
    .select([
      'saved_views.id',
      'saved_views.name',
      'saved_views.query',
      'saved_views.agent_id',
      'saved_views.team_id',
      'teams.name as team_name',
    ])
    .where((eb) =>
      eb.or([
        eb('saved_views.agent_id', '=', agentId),
        eb(
          'saved_views.team_id',
          'in',
          eb.selectFrom('team_members').select('team_members.team_id').where('team_members.agent_id', '=', agentId),
        ),
      ]),
    )
    .orderBy('saved_views.name')
    .orderBy('saved_views.id')
    .execute();

export const insertView = (
  db: Kysely<Database>,
  row: { agent_id: number; name: string; query: string; team_id: number | null; created_at: string },
) => db.insertInto('saved_views').values(row).returning('id').executeTakeFirstOrThrow();

export const isTeamMember = async (db: Kysely<Database>, teamId: number, agentId: number) =>
  (await db
    .selectFrom('team_members')
    .select('team_id')
    .where('team_id', '=', teamId)
    .where('agent_id', '=', agentId)
    .executeTakeFirst()) !== undefined;

export const teamExists = async (db: Kysely<Database>, teamId: number) =>
  (await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()) !== undefined;

/** Deletes a view only if it belongs to the agent: one agent never touches another's views. */
export const deleteView = (db: Kysely<Database>, id: number, agentId: number) =>
  db.deleteFrom('saved_views').where('id', '=', id).where('agent_id', '=', agentId).executeTakeFirst();
