import type { Ctx } from '../../context.js';
import { dutyAgentOfTeam, isTeamBusinessTime } from '../duty/index.js';
import { supportLines } from '../support-lines/index.js';

/**
 * What routing and paging ask the schedules (duty module) and the support lines: who is on duty for a team, and
 * whether a team works at an instant. Kept in one file so the chain's logic reads the same whichever module answers.
 */

/** The team a ticket is routed in: its own, else the first support line's. */
export async function routingTeam(ctx: Ctx, ticketTeamId: number | null): Promise<number | null> {
  if (ticketTeamId !== null) return ticketTeamId;
  const lines = await supportLines(ctx);
  return lines[0]?.teamId ?? null;
}

/**
 * The team whose duty engineer a `line:<position>` step pages. The first line of a ticket is the team it is in
 * (a ticket filed straight to a team is that team's first line); later lines are the configured support lines.
 */
export async function lineTeam(ctx: Ctx, position: number, ticketTeamId: number | null): Promise<number | null> {
  if (position === 1 && ticketTeamId !== null) return ticketTeamId;
  const lines = await supportLines(ctx);
  return lines.find((l) => l.position === position)?.teamId ?? null;
}

export const dutyAgent = (ctx: Ctx, teamId: number, at: Date) => dutyAgentOfTeam(ctx, teamId, at);

export const isBusinessTime = (ctx: Ctx, teamId: number, at: Date) => isTeamBusinessTime(ctx, teamId, at);
