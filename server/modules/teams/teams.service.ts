import type { Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { calendarRecord } from '../calendars/index.js';
import type { TeamWithMembers } from './teams.presenter.js';
import * as repo from './teams.repository.js';
import { isUniqueViolation } from '../../db/dialect.js';

export interface TeamInput {
  name: string;
  description?: string | null;
  active?: boolean;
  /** Replaces the members (agent ids). */
  memberIds?: number[];
  /** The team's business hours; null: the desk's default calendar. */
  calendarId?: number | null;
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badRequest('A team needs a name', { errors: [{ path: 'body.name', message: 'is empty' }] });
  return trimmed;
}

/** Empty text means "none". */
const optionalText = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

const isUniqueError = isUniqueViolation;

const nameTaken = (name: string) =>
  conflict(`A team named "${name}" already exists; choose another name`, {
    errors: [{ path: 'body.name', message: 'is already taken' }],
  });

/**
 * Names are unique regardless of case ("DBA" and "dba", "Сеть" and "СЕТЬ" are one team). Compared here rather
 * than by the index alone: SQLite's lower() folds only ASCII, and most names are Russian.
 */
async function assertNameFree(tx: TxCtx, name: string, selfId: number | null) {
  const folded = name.toLocaleLowerCase('ru');
  const holder = (await repo.listTeamNames(tx.db)).find(
    (team) => team.id !== selfId && team.name.toLocaleLowerCase('ru') === folded,
  );
  if (holder) throw nameTaken(holder.name);
}

async function cleanMembers(tx: TxCtx, ids: readonly number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  const known = await repo.existingAgentIds(tx.db, unique);
  const unknown = unique.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw badRequest(
      `Agent${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} ${unknown.length === 1 ? 'does' : 'do'} not exist; a team's members are agents`,
      {
        errors: unknown.map((id) => ({
          path: `body.memberIds.${ids.indexOf(id)}`,
          message: `agent ${id} does not exist`,
        })),
      },
    );
  }
  return unique;
}

async function withMembers(db: Kysely<Database>, team: repo.TeamRow): Promise<TeamWithMembers> {
  const members = await repo.listMembers(db, [team.id]);
  return { ...team, members: members.map((m) => ({ id: m.id, name: m.name })) };
}

export async function listTeams(ctx: Ctx): Promise<TeamWithMembers[]> {
  authorize(ctx.actor, 'agent.read');
  const [teams, members] = await Promise.all([repo.listTeams(ctx.db), repo.listMembers(ctx.db)]);
  const byTeam = new Map<number, { id: number; name: string }[]>();
  for (const m of members) {
    const list = byTeam.get(m.team_id) ?? [];
    list.push({ id: m.id, name: m.name });
    byTeam.set(m.team_id, list);
  }
  // By name as the reader's language orders it (Russian puts Cyrillic first); SQLite's own order is by code point.
  const byName = new Intl.Collator(ctx.actor.kind === 'system' ? 'en' : ctx.actor.language, {
    sensitivity: 'base',
    numeric: true,
  });
  return teams
    .sort((a, b) => byName.compare(a.name, b.name) || a.id - b.id)
    .map((team) => ({ ...team, members: byTeam.get(team.id) ?? [] }));
}

export async function getTeam(ctx: Ctx, id: number): Promise<TeamWithMembers> {
  authorize(ctx.actor, 'agent.read');
  const team = await repo.findTeam(ctx.db, id);
  if (!team) throw notFound(`Team ${id}`);
  return withMembers(ctx.db, team);
}

export async function createTeam(ctx: Ctx, input: TeamInput): Promise<TeamWithMembers> {
  authorize(ctx.actor, 'team.manage');
  const name = cleanName(input.name);
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, async (tx) => {
    await assertNameFree(tx, name, null);
    const members = await cleanMembers(tx, input.memberIds ?? []);
    const team = await repo
      .insertTeam(tx.db, {
        name,
        description: optionalText(input.description),
        active: input.active === false ? 0 : 1,
        created_at: now,
        updated_at: now,
      })
      .catch((err: unknown) => {
        throw isUniqueError(err) ? nameTaken(name) : err;
      });
    await repo.setMembers(tx.db, team.id, members);
    return withMembers(tx.db, team);
  });
}

export async function updateTeam(ctx: Ctx, id: number, input: Partial<TeamInput>): Promise<TeamWithMembers> {
  authorize(ctx.actor, 'team.manage');
  const name = input.name !== undefined ? cleanName(input.name) : undefined;
  return inTransaction(ctx, async (tx) => {
    if (!(await repo.findTeam(tx.db, id))) throw notFound(`Team ${id}`);
    if (name !== undefined) await assertNameFree(tx, name, id);
    const members = input.memberIds !== undefined ? await cleanMembers(tx, input.memberIds) : undefined;
    if (input.calendarId != null && !(await calendarRecord(tx.db, input.calendarId)))
      throw badRequest(`Calendar ${input.calendarId} does not exist; choose one of the desk's calendars`, {
        errors: [{ path: 'body.calendarId', message: 'does not exist' }],
      });
    const team = await repo
      .updateTeam(tx.db, id, {
        ...(name !== undefined && { name }),
        ...(input.description !== undefined && { description: optionalText(input.description) }),
        ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
        ...(input.calendarId !== undefined && { calendar_id: input.calendarId }),
        updated_at: ctx.clock.now().toISOString(),
      })
      .catch((err: unknown) => {
        throw isUniqueError(err) ? nameTaken(name ?? '') : err;
      });
    if (!team) throw notFound(`Team ${id}`);
    if (members !== undefined) await repo.setMembers(tx.db, id, members);
    return withMembers(tx.db, team);
  });
}

/** Deleting a team takes its members with it; its tickets keep everything but the team (a trigger clears it). */
export async function deleteTeam(ctx: Ctx, id: number): Promise<void> {
  authorize(ctx.actor, 'team.manage');
  await inTransaction(ctx, async (tx) => {
    const deleted = await repo.deleteTeam(tx.db, id);
    if (Number(deleted.numDeletedRows) === 0) throw notFound(`Team ${id}`);
  });
}

/**
 * A team a ticket may be routed to: it exists and is active. `path` names the field in the error.
 * Used by the tickets service inside its transaction.
 */
export async function assertAssignableTeam(db: Kysely<Database>, teamId: number, path = 'body.teamId'): Promise<void> {
  const team = await repo.findTeam(db, teamId);
  if (!team) throw badRequest(`Team ${teamId} does not exist`, { errors: [{ path, message: 'does not exist' }] });
  if (team.active !== 1)
    throw badRequest(`Team "${team.name}" is inactive; choose an active team`, {
      errors: [{ path, message: 'is an inactive team' }],
    });
}
