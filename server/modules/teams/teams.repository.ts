import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, TeamTable } from '../../db/schema.js';

export function insertTeam(db: Kysely<Database>, row: Insertable<TeamTable>) {
  return db.insertInto('teams').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findTeam(db: Kysely<Database>, id: number) {
  return db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every team's id and name (a desk has a few dozen teams at most). */
export function listTeamNames(db: Kysely<Database>) {
  return db.selectFrom('teams').select(['id', 'name']).execute();
}

export function listTeams(db: Kysely<Database>) {
  return db.selectFrom('teams').selectAll().execute();
}

export function updateTeam(db: Kysely<Database>, id: number, patch: Updateable<TeamTable>) {
  return db.updateTable('teams').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Members go with the team (cascade); tickets of the team lose it (trigger teams_delete_unassigns). */
export function deleteTeam(db: Kysely<Database>, id: number) {
  return db.deleteFrom('teams').where('id', '=', id).executeTakeFirst();
}

/** Members of the given teams (all teams when `teamIds` is omitted), by name. */
export function listMembers(db: Kysely<Database>, teamIds?: readonly number[]) {
  if (teamIds && teamIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('team_members')
    .innerJoin('agents', 'agents.id', 'team_members.agent_id')
    .select(['team_members.team_id', 'agents.id', 'agents.name']);
  if (teamIds) q = q.where('team_members.team_id', 'in', teamIds);
  return q.orderBy('agents.name').orderBy('agents.id').execute();
}

/** Replaces the members of a team. */
export async function setMembers(db: Kysely<Database>, teamId: number, agentIds: readonly number[]) {
  await db.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  if (agentIds.length > 0)
    await db
      .insertInto('team_members')
      .values(agentIds.map((agent_id) => ({ team_id: teamId, agent_id })))
      .execute();
}

/** Which of `ids` are agents (a member must be one). */
export async function existingAgentIds(db: Kysely<Database>, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('agents').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Agent ids of a team's members (for routing and notifications). */
export async function memberIdsOf(db: Kysely<Database>, teamId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('team_members')
    .select('agent_id')
    .where('team_id', '=', teamId)
    .orderBy('agent_id')
    .execute();
  return rows.map((r) => r.agent_id);
}

export type TeamRow = NonNullable<Awaited<ReturnType<typeof findTeam>>>;
export type TeamMemberRow = Awaited<ReturnType<typeof listMembers>>[number];
