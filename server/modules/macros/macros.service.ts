import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { Macro, MacroTable, TicketPriority, TicketStatus } from '../../db/schema.js';
import type { Updateable } from 'kysely';
import { AppError, badRequest, forbidden, notFound } from '../../shared/errors.js';
import { authorize, can } from '../auth/index.js';
import { isActiveAgent } from '../agents/index.js';
import { getTicket } from '../tickets/index.js';
import { macroSyntaxError, renderMacroBody } from './macro-render.js';
import * as repo from './macros.repository.js';

/** Field changes a macro makes when applied; each goes through the ticket's own rules (PATCH). */
export interface MacroSet {
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: number | null;
}

export interface MacroInput {
  name: string;
  body: string;
  /** Shared with the whole desk (managers and admins), or the author's own. */
  shared: boolean;
  set: MacroSet;
}

function agentOf(ctx: Ctx): { id: number; name: string } {
  if (ctx.actor.kind !== 'agent') throw new AppError(403, 'forbidden', 'Only agents have macros');
  return { id: ctx.actor.id, name: ctx.actor.name };
}

/** A shared macro speaks for the desk: only who may manage shared macros writes one; a personal one only its owner. */
function assertMayWrite(ctx: Ctx, macro: Pick<Macro, 'owner_agent_id'>) {
  const me = agentOf(ctx);
  if (macro.owner_agent_id === null) {
    if (!can(ctx.actor, 'macro.manage_shared'))
      throw forbidden('Shared macros are changed by managers and admins; save your own copy instead');
  } else if (macro.owner_agent_id !== me.id) {
    throw notFound('Macro');
  }
}

async function checked(ctx: Ctx, input: Partial<MacroInput>): Promise<Updateable<MacroTable>> {
  const row: Updateable<MacroTable> = {};
  if (input.name !== undefined) {
    if (!input.name.trim()) throw badRequest('Give the macro a name', { field: 'name' });
    row.name = input.name.trim();
  }
  if (input.body !== undefined) {
    if (!input.body.trim()) throw badRequest('The macro text is empty', { field: 'body' });
    const error = macroSyntaxError(input.body);
    if (error) throw badRequest(`The macro text has a broken variable: ${error}`, { field: 'body' });
    row.body = input.body;
  }
  if (input.set !== undefined) {
    const { status, priority, assigneeId } = input.set;
    if (assigneeId != null && !(await isActiveAgent(ctx, assigneeId)))
      throw badRequest(`Agent ${assigneeId} is not an active agent and cannot be assigned by a macro`, {
        field: 'set.assigneeId',
      });
    row.set_status = status ?? null;
    row.set_priority = priority ?? null;
    row.set_assignee_id = assigneeId ?? null;
  }
  return row;
}

export async function listMacros(ctx: Ctx): Promise<Macro[]> {
  authorize(ctx.actor, 'macro.use');
  return repo.listVisible(ctx.db, agentOf(ctx).id);
}

export async function createMacro(ctx: Ctx, input: MacroInput): Promise<Macro> {
  authorize(ctx.actor, 'macro.use');
  const owner = input.shared ? null : agentOf(ctx).id;
  assertMayWrite(ctx, { owner_agent_id: owner });
  const row = await checked(ctx, input);
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, (tx) =>
    repo.insertMacro(tx.db, {
      name: row.name as string,
      body: row.body as string,
      owner_agent_id: owner,
      set_status: row.set_status ?? null,
      set_priority: row.set_priority ?? null,
      set_assignee_id: row.set_assignee_id ?? null,
      created_at: now,
      updated_at: now,
    }),
  );
}

async function visibleMacro(ctx: Ctx, id: number): Promise<Macro> {
  const macro = await repo.findMacro(ctx.db, id);
  // Another agent's personal macro does not exist for this one.
  if (!macro || (macro.owner_agent_id !== null && macro.owner_agent_id !== agentOf(ctx).id))
    throw notFound(`Macro ${id}`);
  return macro;
}

export async function updateMacro(ctx: Ctx, id: number, input: Partial<MacroInput>): Promise<Macro> {
  authorize(ctx.actor, 'macro.use');
  const macro = await visibleMacro(ctx, id);
  assertMayWrite(ctx, macro);
  const row = await checked(ctx, input);
  if (input.shared !== undefined) {
    row.owner_agent_id = input.shared ? null : agentOf(ctx).id;
    assertMayWrite(ctx, { owner_agent_id: row.owner_agent_id });
  }
  row.updated_at = ctx.clock.now().toISOString();
  return inTransaction(ctx, (tx) => repo.updateMacro(tx.db, id, row));
}

export async function deleteMacro(ctx: Ctx, id: number): Promise<void> {
  authorize(ctx.actor, 'macro.use');
  assertMayWrite(ctx, await visibleMacro(ctx, id));
  await inTransaction(ctx, (tx) => repo.deleteMacro(tx.db, id));
}

/** A macro's text for one ticket, variables filled in, and the field changes it asks for. */
export async function renderMacro(ctx: Ctx, id: number, ticketId: number) {
  authorize(ctx.actor, 'macro.use');
  const macro = await visibleMacro(ctx, id);
  const ticket = await getTicket(ctx, ticketId);
  const body = renderMacroBody(macro.body, {
    ticket: { number: ticket.number, subject: ticket.subject, status: ticket.status, priority: ticket.priority },
    contact: { name: ticket.contact_name ?? '' },
    organization: { name: ticket.organization_name },
    agent: { name: agentOf(ctx).name },
  });
  return { body, macro };
}
