import type { Ctx, TxCtx } from '../../context.js';
import { agentId, inTransaction } from '../../context.js';
import { publish } from '../../events/event-bus.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { updateTicket } from '../tickets/index.js';
import { dutyAgentOfTeam } from '../duty/index.js';
import { cleanNote, lineAt, lineSetProblems, MIN_NOTE_LENGTH, nextLine, previousLine } from './line-moves.js';
import type { Line, LineInput } from './line-moves.js';
import * as repo from './support-lines.repository.js';
import { decodeReason, reasonText } from '../sla/index.js';
import { briefCache } from '../../shared/brief-cache.js';

/**
 * The lines change when an admin saves them and are read by every ticket routed at arrival (the busiest write):
 * remembered briefly, forgotten by a save here and seen within a second when another node saves them.
 */
const linesCache = briefCache('support-lines');

const toLine = (r: Awaited<ReturnType<typeof repo.listLines>>[number]): Line & { teamName: string | null } => ({
  id: r.id,
  position: r.position,
  name: r.name,
  teamId: r.team_id,
  kind: r.kind,
  teamName: r.team_name,
});

/** The desk's support lines in order (L1 → L2 → development); empty until an admin sets them. */
export async function supportLines(ctx: Ctx): Promise<Line[]> {
  return linesCache.get(ctx, 'lines', async () =>
    (await repo.listLines(ctx.db)).map((r) => ({
      id: r.id,
      position: r.position,
      name: r.name,
      teamId: r.team_id,
      kind: r.kind,
    })),
  );
}

/** The first line a team works on (a team may serve one line only as a rule), or null. */
export async function lineOfTeam(ctx: Ctx, teamId: number): Promise<Line | null> {
  return (await supportLines(ctx)).find((l) => l.teamId === teamId) ?? null;
}

export async function listSupportLines(ctx: Ctx) {
  authorize(ctx.actor, 'ticket.read');
  return (await repo.listLines(ctx.db)).map(toLine);
}

/** Saves the whole list: its order is the lines' order. Tickets keep their position number. */
export async function saveSupportLines(ctx: Ctx, input: LineInput[]) {
  authorize(ctx.actor, 'settings.manage');
  const problems = lineSetProblems(input);
  if (problems.length)
    throw badRequest(
      `The support lines are inconsistent: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      {
        errors: problems,
      },
    );
  await inTransaction(ctx, async (tx) => {
    linesCache.forget(tx);
    for (const [i, l] of input.entries())
      if (l.teamId !== null && !(await repo.teamExists(tx.db, l.teamId)))
        throw badRequest(`Team ${l.teamId} does not exist`, {
          errors: [{ path: `body.lines.${i}.teamId`, message: 'does not exist' }],
        });
    const at = tx.clock.now().toISOString();
    await repo.replaceLines(
      tx.db,
      input.map((l, i) => ({ position: i + 1, name: l.name.trim(), team_id: l.teamId, kind: l.kind, updated_at: at })),
    );
  });
  return listSupportLines(ctx);
}

async function movable(tx: TxCtx, ticketId: number) {
  const ticket = await repo.ticketLineState(tx.db, ticketId);
  if (!ticket) throw notFound(`Ticket ${ticketId}`);
  if (ticket.status === 'closed')
    throw new AppError(409, 'ticket_closed', `Ticket ${ticketId} is closed; reopen it before moving it between lines`);
  const lines = (await repo.listLines(tx.db)).map(toLine);
  if (lines.length === 0)
    throw new AppError(
      409,
      'no_support_lines',
      'The desk has no support lines yet: an admin sets them in Settings → Support lines',
    );
  return { ticket, lines, current: lineAt(lines, ticket.support_line)! };
}

function requireNote(note: string | undefined): string {
  const text = cleanNote(note);
  if (text === null)
    throw new AppError(
      422,
      'handoff_note_required',
      `Moving a ticket to another line needs a handoff note (at least ${MIN_NOTE_LENGTH} characters): what was done and what is asked of the next line`,
      { errors: [{ path: 'body.note', message: `needs at least ${MIN_NOTE_LENGTH} characters` }] },
    );
  return text;
}

/**
 * Moves a ticket to the next line: into its team's queue (the line's duty engineer when the schedules name
 * one, else unassigned), with the handoff note in the history. The SLA clock is not touched: the client's
 * deadlines do not move because the desk passed the ticket on.
 */
export async function escalateTicket(ctx: Ctx, ticketId: number, input: { note?: string }) {
  authorize(ctx.actor, 'ticket.escalate');
  const note = requireNote(input.note);
  await inTransaction(ctx, async (tx) => {
    const { ticket, lines, current } = await movable(tx, ticketId);
    const to = nextLine(lines, current.position);
    if (!to)
      throw new AppError(
        409,
        'last_line',
        `Ticket ${ticketId} is already on the last line (${current.name}); there is nowhere to escalate it`,
      );
    const now = tx.clock.now();
    // The next line's engineer on duty takes it when its team keeps a duty schedule; else its queue does.
    const assigneeId = to.teamId === null ? null : await dutyAgentOfTeam(tx, to.teamId, now);
    const at = now.toISOString();
    await moveTicket(tx, ticket, { from: current, to, note, at, assigneeId, action: 'escalated' });
    await publish(tx, 'ticket.escalated', {
      ticketId,
      fromLine: current.position,
      toLine: to.position,
      note,
      toKind: to.kind,
    });
  });
  return ticketLineView(ctx, ticketId);
}

/** Returns a ticket to the line below: to the engineer who escalated it from there, else that line's queue. */
export async function deEscalateTicket(ctx: Ctx, ticketId: number, input: { note?: string }) {
  authorize(ctx.actor, 'ticket.escalate');
  const note = requireNote(input.note);
  await inTransaction(ctx, async (tx) => {
    const { ticket, lines, current } = await movable(tx, ticketId);
    const to = previousLine(lines, current.position);
    if (!to) throw new AppError(409, 'first_line', `Ticket ${ticketId} is on the first line (${current.name}) already`);
    const at = tx.clock.now().toISOString();
    const assigneeId = await repo.lastEscalatorFrom(tx.db, ticketId, to.name);
    await moveTicket(tx, ticket, { from: current, to, note, at, assigneeId, action: 'de_escalated' });
    await publish(tx, 'ticket.de_escalated', { ticketId, fromLine: current.position, toLine: to.position, note });
  });
  return ticketLineView(ctx, ticketId);
}

async function moveTicket(
  tx: TxCtx,
  ticket: NonNullable<Awaited<ReturnType<typeof repo.ticketLineState>>>,
  move: { from: Line; to: Line; note: string; at: string; assigneeId: number | null; action: string },
) {
  // Team and assignee change through the tickets module: its history, its event, its notifications.
  const teamId = move.to.teamId ?? ticket.team_id;
  if (teamId !== ticket.team_id || move.assigneeId !== ticket.assignee_id)
    await updateTicket(tx, ticket.id, {
      ...(teamId !== ticket.team_id && { teamId }),
      ...(move.assigneeId !== ticket.assignee_id && { assigneeId: move.assigneeId }),
    });
  const toDevelopment = move.to.kind === 'development' && move.action === 'escalated';
  await repo.setTicketLine(tx.db, ticket.id, {
    support_line: move.to.position,
    updated_at: move.at,
    // An issue for development is asked for; the tracker answers with its address and state.
    ...(toDevelopment && ticket.external_issue_url === null
      ? { external_issue_state: 'requested', external_issue_updated_at: move.at }
      : {}),
  });
  const actor = agentId(tx.actor);
  await repo.insertHistory(tx.db, [
    {
      ticket_id: ticket.id,
      actor_agent_id: actor,
      at: move.at,
      action: move.action,
      field: 'supportLine',
      old_value: move.from.name,
      new_value: move.to.name,
    },
    {
      ticket_id: ticket.id,
      actor_agent_id: actor,
      // A millisecond after the move: the timeline, ordered by time, reads the move and then its note.
      at: new Date(Date.parse(move.at) + 1).toISOString(),
      action: 'handoff_note',
      field: 'supportLine',
      old_value: null,
      new_value: move.note,
    },
  ]);
}

/** The external tracker (through the API or a webhook's answer) says where its issue is and in what state. */
export async function setExternalIssue(ctx: Ctx, ticketId: number, input: { url: string | null; state: string }) {
  authorize(ctx.actor, 'ticket.update');
  const state = input.state.trim();
  if (!state)
    throw badRequest('The external issue needs its state (open, in progress, fixed …)', {
      errors: [{ path: 'body.state', message: 'is empty' }],
    });
  await inTransaction(ctx, async (tx) => {
    const ticket = await repo.ticketLineState(tx.db, ticketId);
    if (!ticket) throw notFound(`Ticket ${ticketId}`);
    const at = tx.clock.now().toISOString();
    const url = input.url ?? ticket.external_issue_url;
    await repo.setExternalIssue(tx.db, ticketId, { url, state, at });
    await repo.insertHistory(tx.db, [
      {
        ticket_id: ticketId,
        actor_agent_id: agentId(tx.actor),
        at,
        action: 'changed',
        field: 'externalIssue',
        old_value: ticket.external_issue_state,
        new_value: state,
      },
    ]);
  });
  return ticketLineView(ctx, ticketId);
}

/** What the ticket's lines panel shows: the line, the moves with their notes, the external issue, the agreement and why. */
export async function ticketLineView(ctx: Ctx, ticketId: number) {
  authorize(ctx.actor, 'ticket.read');
  if (ctx.actor.kind === 'contact') throw notFound(`Ticket ${ticketId}`);
  const ticket = await repo.ticketLineState(ctx.db, ticketId);
  if (!ticket) throw notFound(`Ticket ${ticketId}`);
  const lines = (await repo.listLines(ctx.db)).map(toLine);
  const current = lineAt(lines, ticket.support_line);
  const history = await repo.lineHistory(ctx.db, ticketId);
  const moves: {
    at: string;
    direction: 'escalated' | 'de_escalated';
    from: string | null;
    to: string | null;
    note: string | null;
    actorName: string | null;
  }[] = [];
  for (const h of history) {
    if (h.action === 'handoff_note') {
      const last = moves.at(-1);
      if (last && last.note === null) last.note = h.new_value;
    } else
      moves.push({
        at: h.at,
        direction: h.action === 'escalated' ? 'escalated' : 'de_escalated',
        from: h.old_value,
        to: h.new_value,
        note: null,
        actorName: h.actor_name,
      });
  }
  const agreement = ticket.agreement_id === null ? undefined : await repo.agreementOf(ctx.db, ticket.agreement_id);
  const reason = decodeReason(ticket.agreement_reason);
  return {
    agreement: agreement
      ? {
          id: agreement.id,
          number: agreement.number,
          title: agreement.title,
          kind: agreement.kind,
          tier: agreement.tier,
          productName: agreement.product_name,
          productVersion: agreement.product_version,
          warrantyStart: agreement.warranty_start,
          warrantyMonths: agreement.warranty_months,
          reason: reason && { ...reason, text: reasonText(reason) },
        }
      : null,
    line: current,
    next: current ? nextLine(lines, current.position) : null,
    previous: current ? previousLine(lines, current.position) : null,
    lines,
    moves,
    externalIssue:
      ticket.external_issue_state === null
        ? null
        : {
            url: ticket.external_issue_url,
            state: ticket.external_issue_state,
            updatedAt: ticket.external_issue_updated_at,
          },
  };
}
