import { Type, type Static } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';
import type { TeamMemberRow, TeamRow } from './teams.repository.js';

export const TeamSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    description: OrNull.String(),
    active: Type.Boolean(),
    /** The team's business hours (out of them the engineer on duty acts); null: the desk's default calendar. */
    calendarId: OrNull.Integer(),
    memberIds: Type.Array(Type.Integer()),
    members: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);
export type TeamView = Static<typeof TeamSchema>;

/** A team with its members (the service loads them by name). */
export type TeamWithMembers = TeamRow & { members: Pick<TeamMemberRow, 'id' | 'name'>[] };

export function presentTeam(team: TeamWithMembers): TeamView {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    active: team.active === 1,
    calendarId: team.calendar_id ?? null,
    memberIds: team.members.map((m) => m.id),
    members: team.members.map((m) => ({ id: m.id, name: m.name })),
    createdAt: team.created_at,
    updatedAt: team.updated_at,
  };
}
