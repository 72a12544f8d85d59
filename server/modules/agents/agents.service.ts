import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { AgentRole } from '../../db/schema.js';
import { AppError, badRequest, conflict, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { checkAgentPassword, hashPassword, passwordProblem } from '../auth/index.js';
import { endAgentSessions, forgetCachedTokens, revokeAgentApiTokens } from '../auth/index.js';
import * as repo from './agents.repository.js';
import { publish } from '../../events/event-bus.js';

export interface CreateAgentInput {
  email: string;
  name: string;
  role: AgentRole;
  password?: string;
  language?: string;
  timezone?: string;
  phone?: string;
}

/** Agents who hold a seat of the license (the licensing module counts them). */
export function countActiveAgents(ctx: Ctx): Promise<number> {
  return repo.countActiveAgents(ctx.db);
}

export async function createAgent(ctx: Ctx, input: CreateAgentInput) {
  authorize(ctx.actor, 'agent.manage');
  const email = input.email.trim().toLowerCase();
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password);
    if (problem) throw badRequest(problem);
  }
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  return inTransaction(ctx, async (tx) => {
    if (await repo.findAgentByEmail(tx.db, email)) throw conflict(`An agent with the e-mail ${email} already exists`);
    const now = ctx.clock.now().toISOString();
    const agent = await repo.insertAgent(tx.db, {
      email,
      name: input.name.trim(),
      role: input.role,
      password_hash: passwordHash,
      language: input.language ?? 'ru',
      timezone: input.timezone ?? null,
      phone: input.phone ?? null,
      created_at: now,
      updated_at: now,
    });
    // The license may refuse the seat (server/wiring.ts): the agent is then not added.
    await publish(tx, 'agent.changed', { agentId: agent.id, activated: true, changes: ['created'] });
    return agent;
  });
}

export async function listAgents(ctx: Ctx) {
  authorize(ctx.actor, 'agent.read');
  return repo.listAgents(ctx.db);
}

export async function getAgent(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'agent.read');
  const agent = await repo.findAgent(ctx.db, id);
  if (!agent) throw notFound(`Agent ${id}`);
  return agent;
}

export interface UpdateAgentInput {
  name?: string;
  role?: AgentRole;
  active?: boolean;
  language?: string;
  timezone?: string | null;
  phone?: string | null;
  password?: string;
  /** The agent's current password: required to change one's own password. */
  currentPassword?: string;
}

export async function updateAgent(ctx: Ctx, id: number, input: UpdateAgentInput) {
  const self = ctx.actor.kind === 'agent' && ctx.actor.id === id;
  const adminOnly = input.role !== undefined || input.active !== undefined || (input.password !== undefined && !self);
  if (!self || adminOnly) authorize(ctx.actor, 'agent.manage');
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password);
    if (problem) throw badRequest(problem);
  }
  if (input.currentPassword !== undefined && input.password === undefined)
    throw badRequest('currentPassword is given only together with a new password');
  // Agents changing their own password prove they know the current one: a session left open on someone
  // else's screen must not be enough to take the account over.
  if (self && input.password !== undefined) {
    if (input.currentPassword === undefined) throw badRequest('Give your current password to set a new one');
    if (!(await checkAgentPassword(ctx, id, input.currentPassword)))
      throw new AppError(403, 'wrong_password', 'The current password is not right');
  }
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  return inTransaction(ctx, async (tx) => {
    const current = await repo.findAgent(tx.db, id);
    if (!current) throw notFound(`Agent ${id}`);
    if (self && input.active === false) throw new AppError(409, 'conflict', 'You cannot deactivate yourself');
    const updated = await repo.updateAgent(tx.db, id, {
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.role !== undefined && { role: input.role }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      ...(input.language !== undefined && { language: input.language }),
      ...(input.timezone !== undefined && { timezone: input.timezone }),
      ...(input.phone !== undefined && { phone: input.phone }),
      ...(passwordHash !== undefined && { password_hash: passwordHash, failed_logins: 0, locked_until: null }),
      updated_at: ctx.clock.now().toISOString(),
    });
    // Deactivation or a new password ends every open session of that agent.
    if (input.active === false || passwordHash !== undefined) await endAgentSessions(tx, id);
    // Deactivation also revokes the agent's API tokens: reactivation later does not bring them back.
    if (input.active === false && current.active) await revokeAgentApiTokens(tx, id);
    const changes = Object.keys(input).filter(
      (field) => field !== 'currentPassword' && input[field as keyof UpdateAgentInput] !== undefined,
    );
    // Activation takes a seat: the license may refuse it (server/wiring.ts), and the change is then undone.
    await publish(tx, 'agent.changed', { agentId: id, activated: input.active === true && !current.active, changes });
    forgetCachedTokens(tx); // role, name or activity may have changed
    return updated!;
  });
}

/** Whether an agent exists and is active: for other modules checking an assignee (no permission implied). */
export async function isActiveAgent(ctx: Ctx, id: number): Promise<boolean> {
  return Boolean((await repo.findAgent(ctx.db, id))?.active);
}

/** The agent with this e-mail (as stored: trimmed, lower case), if any; for the CLI and other modules. */
export function findAgentByEmail(ctx: Ctx, email: string) {
  return repo.findAgentByEmail(ctx.db, email.trim().toLowerCase());
}
