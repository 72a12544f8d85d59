import type { Updateable } from 'kysely';
import type { Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { TicketChannel, TicketPriority, TicketStatus, TicketTable, TicketType } from '../../db/schema.js';
import { AppError, badRequest } from '../../shared/errors.js';
import type { CompiledCalendar } from '../calendars/index.js';
import { explain } from '../calendars/index.js';
import { compiledCalendar } from '../calendars/index.js';
import { formatLocal } from '../calendars/index.js';
import { CLOCK_STOPPED, computeSla, type SlaFacts, type SlaSnapshot, type SlaTerms } from './sla-clock.js';
import { PeopleCache } from '../notifications/index.js';
import { emitEvents, Mailbag } from './sla-events.js';
import * as repo from './sla.repository.js';
import { cachedTerms } from './terms-cache.js';

/** 9999-12-31 in epoch ms: "no deadline" sorts after every real one. */
export const NO_DEADLINE = 253_402_214_400_000;
const DEFAULT_WARNING_PERCENT = 80;

/** How a ticket's agreement is chosen, in order — shown to admins as is. */
export const agreementRules = [
  {
    en: 'Only active agreements of the ticket’s organization count (a planned, expired or terminated one never does).',
    ru: 'Учитываются только действующие договоры организации заявки (запланированные, истёкшие и расторгнутые — никогда).',
  },
  {
    en: 'When the ticket names a service, only agreements covering that service count.',
    ru: 'Если в заявке указана услуга, учитываются только договоры, включающие эту услугу.',
  },
  {
    en: 'Of several, the best tier wins: premium, then 24x7, then 8x5, then custom.',
    ru: 'Из нескольких выбирается лучший уровень: premium, затем 24x7, 8x5, custom.',
  },
  {
    en: 'Then the agreement that started latest, then the one created first.',
    ru: 'Затем — начавшийся позже, затем — созданный раньше.',
  },
  {
    en: 'Clients (portal, web form, API on behalf of a contact) may file only under an active agreement; e-mail without one goes to the "no-active-agreement" queue; agents may file without one ("no SLA").',
    ru: 'Клиенты (портал, веб-форма, API от имени контакта) подают заявки только по действующему договору; письма без договора попадают в очередь «no-active-agreement»; сотрудники могут создать заявку без договора («без SLA»).',
  },
];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const ms = (text: string | null) => (text === null ? null : Date.parse(text));

async function calendarById(ctx: Ctx, calendarId: number): Promise<CompiledCalendar> {
  return compiledCalendar(ctx, await repo.calendarRow(ctx.db, calendarId));
}

/** An agreement with what its tickets' clocks run on: its compiled calendar and its warning share. */
async function agreementClock(ctx: Ctx, agreementId: number) {
  const agreement = (await repo.agreementTerms(ctx.db, agreementId))!;
  return {
    agreement,
    calendar: await calendarById(ctx, agreement.calendar_id),
    warningPercent: agreement.warning_percent,
  };
}

/** Closed pauses of those tickets that ever paused (the others need no query). */
const pausesFor = (ctx: Ctx, rows: repo.TicketSlaRow[]) =>
  repo.pausesOf(
    ctx.db,
    rows.filter((r) => (r.paused_minutes ?? 0) > 0 || r.paused_since !== null).map((r) => r.id),
  );

function factsOf(row: repo.TicketSlaRow, pauses: Array<{ from: number; to: number }>): SlaFacts {
  return {
    status: row.status,
    createdAt: Date.parse(row.created_at),
    pauses,
    pausedSince: row.paused_since,
    firstResponseAt: ms(row.first_response_at),
    manualResolutionDue: row.manual_resolution_due,
    reactionBreachedAt: ms(row.reaction_breached_at),
    resolutionBreachedAt: ms(row.resolution_breached_at),
  };
}

/** The stored form of a snapshot. */
function slaPatch(snap: SlaSnapshot): Updateable<TicketTable> {
  return {
    reaction_due: snap.reactionDue,
    resolution_due: snap.resolutionDue,
    sla_state: snap.state,
    paused_minutes: snap.pausedMinutes,
    reaction_breached_at: iso(snap.reactionBreachedAt),
    resolution_breached_at: iso(snap.resolutionBreachedAt),
    sla_next_check: snap.nextCheck,
    sla_order: snap.pendingDue ?? NO_DEADLINE,
  };
}

const NO_SLA: Updateable<TicketTable> = {
  agreement_id: null,
  reaction_minutes: null,
  resolution_minutes: null,
  reaction_due: null,
  resolution_due: null,
  sla_state: 'none',
  sla_next_check: null,
  sla_order: NO_DEADLINE,
};

export interface NewTicketSlaInput {
  organizationId: number;
  serviceId: number | null;
  type: TicketType;
  priority: TicketPriority;
  channel: TicketChannel;
  contactId: number | null;
  createdAt: number;
}

/**
 * Requests filed by the client's side — a contact, the portal or web form, an integration through the API on
 * behalf of a contact — are accepted only under an active agreement. An agent recording a call or a portal
 * request by hand may file without one.
 */
function fromClient(ctx: Ctx, input: NewTicketSlaInput): boolean {
  if (ctx.actor.kind === 'contact') return true;
  if (input.channel === 'api' && input.contactId !== null) return true;
  return ctx.actor.kind === 'system' && (input.channel === 'portal' || input.channel === 'web_form');
}

export const NO_AGREEMENT_TAG = 'no-active-agreement';

/** SLA columns of a ticket being created: its agreement, targets and first deadlines. */
export async function slaForNewTicket(
  tx: TxCtx,
  input: NewTicketSlaInput,
): Promise<{ columns: Updateable<TicketTable>; tags: string[] }> {
  if (input.serviceId !== null) {
    const service = await repo.serviceExists(tx.db, input.serviceId);
    if (!service)
      throw badRequest(`Service ${input.serviceId} does not exist`, {
        errors: [{ path: 'body.serviceId', message: 'does not exist' }],
      });
  }
  const resolved = await cachedTerms(
    `${tx.dataDir}|${input.organizationId}|${input.serviceId}|${input.priority}|${input.type}`,
    async () => {
      const agreement = await repo.findAgreementFor(tx.db, input.organizationId, input.serviceId);
      if (!agreement) return null;
      const target = await repo.findTarget(tx.db, agreement.id, input.priority, input.type);
      const terms: SlaTerms = {
        calendar: await compiledCalendar(tx, { id: agreement.calendar_id, document: agreement.calendar_document }),
        reactionMinutes: target?.reaction_minutes ?? null,
        resolutionMinutes: target?.resolution_minutes ?? null,
        warningPercent: agreement.warning_percent ?? DEFAULT_WARNING_PERCENT,
      };
      return { agreementId: agreement.id, terms };
    },
  );
  if (!resolved) {
    if (fromClient(tx, input)) {
      throw new AppError(
        422,
        'no_active_agreement',
        `There is no active agreement${input.serviceId !== null ? ` covering service ${input.serviceId}` : ''} for this organization, so the request cannot be filed. Contact your account manager.`,
      );
    }
    return {
      columns: { ...NO_SLA, service_id: input.serviceId, paused_minutes: 0 },
      tags: input.channel === 'email' ? [NO_AGREEMENT_TAG] : [],
    };
  }
  const { agreementId, terms } = resolved;
  const snap = computeSla(
    terms,
    {
      status: 'new',
      createdAt: input.createdAt,
      pauses: [],
      pausedSince: null,
      firstResponseAt: null,
      manualResolutionDue: null,
      reactionBreachedAt: null,
      resolutionBreachedAt: null,
    },
    input.createdAt,
  );
  return {
    columns: {
      service_id: input.serviceId,
      agreement_id: agreementId,
      reaction_minutes: terms.reactionMinutes,
      resolution_minutes: terms.resolutionMinutes,
      ...slaPatch(snap),
    },
    tags: [],
  };
}

/**
 * Recomputes a ticket's SLA from its own history (creation, pauses, first response) under its current
 * agreement, priority and type, stores it and emits warning/breach events for what newly happened.
 */
export async function recomputeTicket(tx: TxCtx, ticketId: number): Promise<void> {
  const row = (await repo.ticketSla(tx.db, ticketId))!;
  const now = tx.clock.now().getTime();
  if (row.agreement_id === null) {
    await repo.updateSla(tx.db, ticketId, { ...NO_SLA, paused_minutes: row.paused_minutes ?? 0 });
    return;
  }
  const { agreement, calendar, warningPercent } = await agreementClock(tx, row.agreement_id);
  const target = await repo.findTarget(tx.db, agreement.id, row.priority, row.type);
  const terms: SlaTerms = {
    calendar,
    reactionMinutes: target?.reaction_minutes ?? null,
    resolutionMinutes: target?.resolution_minutes ?? null,
    warningPercent,
  };
  // Terms may have changed: breaches are judged again under them (a corrected priority corrects the record).
  const facts = {
    ...factsOf(row, (await repo.pausesOf(tx.db, [ticketId])).get(ticketId) ?? []),
    reactionBreachedAt: null,
    resolutionBreachedAt: null,
  };
  const snap = computeSla(terms, facts, now);
  await repo.updateSla(tx.db, ticketId, {
    reaction_minutes: terms.reactionMinutes,
    resolution_minutes: terms.resolutionMinutes,
    ...slaPatch(snap),
  });
  await emitEvents(tx, row, snap, { calendar, managerId: agreement.manager_id });
}

/** The clock stops and starts with the status (waiting for the client; resolved or closed until reopened). */
export async function onStatusChange(tx: TxCtx, ticketId: number, from: TicketStatus, to: TicketStatus): Promise<void> {
  const now = tx.clock.now().getTime();
  const wasStopped = CLOCK_STOPPED.has(from);
  const stops = CLOCK_STOPPED.has(to);
  if (!wasStopped && stops) {
    await repo.openPause(tx.db, ticketId, now);
    await repo.updateSla(tx.db, ticketId, { paused_since: now });
  } else if (wasStopped && !stops) {
    await repo.closePause(tx.db, ticketId, now);
    await repo.updateSla(tx.db, ticketId, { paused_since: null });
  }
  await recomputeTicket(tx, ticketId);
}

/** The first public reply of an agent meets the reaction target. */
export async function onReply(
  tx: TxCtx,
  ticketId: number,
  reply: { public: boolean; byAgent: boolean },
): Promise<void> {
  if (!reply.public || !reply.byAgent) return;
  const row = await repo.ticketSla(tx.db, ticketId);
  if (!row || row.first_response_at !== null) return;
  await repo.updateSla(tx.db, ticketId, { first_response_at: tx.clock.now().toISOString() });
  await recomputeTicket(tx, ticketId);
}

/** Moves a ticket to another agreement (or none) and recomputes; the agreement must be one of its organization. */
export async function changeAgreement(
  tx: TxCtx,
  ticketId: number,
  organizationId: number,
  agreementId: number | null,
): Promise<void> {
  if (agreementId !== null) {
    const agreement = await repo.agreementTerms(tx.db, agreementId);
    if (!agreement || agreement.organization_id !== organizationId) {
      throw badRequest(`Agreement ${agreementId} is not an agreement of this ticket's organization`, {
        errors: [{ path: 'body.agreementId', message: 'is not an agreement of the organization' }],
      });
    }
    if (agreement.status !== 'active') {
      throw badRequest(
        `Agreement ${agreement.number} is ${agreement.status}: a ticket can be moved only under an active agreement`,
        { errors: [{ path: 'body.agreementId', message: `is ${agreement.status}` }] },
      );
    }
  }
  await repo.updateSla(tx.db, ticketId, { agreement_id: agreementId });
  await recomputeTicket(tx, ticketId);
}

/** A manual resolution deadline, with its reason; never for incidents (they follow the agreement). */
export async function setManualDeadline(
  tx: TxCtx,
  ticket: { id: number; type: TicketType },
  due: string | null,
  reason: string | undefined,
): Promise<void> {
  if (ticket.type === 'incident')
    throw new AppError(
      422,
      'manual_deadline_not_allowed',
      'Incidents follow the agreement’s SLA: their deadline cannot be set by hand',
    );
  let dueMs: number | null = null;
  if (due !== null) {
    dueMs = Date.parse(due);
    if (!/(Z|[+-]\d{2}:\d{2})$/.test(due) || Number.isNaN(dueMs))
      throw badRequest(`resolutionDue "${due}" must be an ISO 8601 time with a zone`, {
        errors: [{ path: 'body.resolutionDue', message: 'must be an ISO time with a zone' }],
      });
    if (!reason?.trim())
      throw badRequest('A manual deadline needs a reason (deadlineReason)', {
        errors: [{ path: 'body.deadlineReason', message: 'is required with resolutionDue' }],
      });
  }
  await repo.updateSla(tx.db, ticket.id, {
    manual_resolution_due: dueMs,
    deadline_reason: due === null ? null : reason!.trim(),
  });
  await recomputeTicket(tx, ticket.id);
}

/** Recomputes every open ticket of an agreement (its targets, calendar or warning share changed). */
export async function recomputeAgreementTickets(tx: TxCtx, agreementId: number): Promise<number> {
  const ids = await repo.openTicketIdsOfAgreement(tx.db, agreementId);
  for (const id of ids) await recomputeTicket(tx, id);
  return ids.length;
}

const SWEEP_BATCH = 10_000;

/**
 * The SLA sweep: every ticket whose next SLA event is due — however many — moves to warning or breach and
 * its events go out through the outbox. Only due tickets are read (an index range), so the cost follows the
 * number of events, not the number of open tickets.
 */
export async function slaSweep(ctx: Ctx): Promise<{ checked: number; warnings: number; breaches: number }> {
  const now = ctx.clock.now().getTime();
  const totals = { checked: 0, warnings: 0, breaches: 0 };
  let afterId = 0;
  const people = new PeopleCache();
  for (;;) {
    const rows = await repo.dueTickets(ctx.db, now, SWEEP_BATCH, afterId);
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1]!.id;
    const pauses = await pausesFor(ctx, rows);
    const calendars = new Map<number, CompiledCalendar>();
    for (const r of rows)
      if (!calendars.has(r.calendar_id)) calendars.set(r.calendar_id, await calendarById(ctx, r.calendar_id));
    await inTransaction(ctx, async (tx) => {
      const mailbag = new Mailbag();
      for (const row of rows) {
        const terms: SlaTerms = {
          calendar: calendars.get(row.calendar_id)!,
          reactionMinutes: row.reaction_minutes,
          resolutionMinutes: row.resolution_minutes,
          warningPercent: row.warning_percent,
        };
        const snap = computeSla(terms, factsOf(row, pauses.get(row.id) ?? []), now);
        const warnedAt =
          snap.state === 'warning' && row.sla_warned_at === null ? new Date(now).toISOString() : row.sla_warned_at;
        await repo.updateSlaState(tx.db, row.id, { ...slaPatch(snap), sla_warned_at: warnedAt } as never);
        const emitted = await emitEvents(tx, row, snap, {
          calendar: terms.calendar,
          managerId: row.manager_id,
          people,
          warnedStored: true,
          mailbag,
          facts: row,
        });
        totals.warnings += emitted.warnings;
        totals.breaches += emitted.breaches;
      }
      await mailbag.flush(tx, new Date(now), `${now}:${rows[0]!.id}`);
    });
    totals.checked += rows.length;
    if (rows.length < SWEEP_BATCH) break;
  }
  return totals;
}

/** The live SLA view of a ticket: countdown in business minutes and, on request, why the deadline is what it is. */
export async function liveSla(ctx: Ctx, ticketId: number, opts: { explain?: boolean } = {}) {
  const row = await repo.ticketSla(ctx.db, ticketId);
  if (!row || row.agreement_id === null) return null;
  const { agreement, calendar, warningPercent } = await agreementClock(ctx, row.agreement_id);
  const terms: SlaTerms = {
    calendar,
    reactionMinutes: row.reaction_minutes,
    resolutionMinutes: row.resolution_minutes,
    warningPercent,
  };
  const pauses = (await repo.pausesOf(ctx.db, [ticketId])).get(ticketId) ?? [];
  const now = ctx.clock.now().getTime();
  const snap = computeSla(terms, factsOf(row, pauses), now);
  const allPauses =
    row.paused_since === null ? pauses : [...pauses, { from: row.paused_since, to: Math.max(now, row.paused_since) }];
  const pendingTarget =
    row.first_response_at === null && row.reaction_minutes !== null
      ? { kind: 'reaction', minutes: row.reaction_minutes }
      : row.manual_resolution_due === null && row.resolution_minutes !== null
        ? { kind: 'resolution', minutes: row.resolution_minutes }
        : null;
  return {
    agreementId: agreement.id,
    agreementNumber: agreement.number,
    timezone: calendar.zone,
    state: snap.state,
    reactionDue: iso(snap.reactionDue),
    resolutionDue: iso(snap.resolutionDue),
    dueLocal: snap.pendingDue === null ? null : formatLocal(calendar.zone, snap.pendingDue),
    pending:
      snap.pendingDue === null
        ? null
        : row.first_response_at === null && snap.reactionDue === snap.pendingDue
          ? 'reaction'
          : 'resolution',
    remainingMinutes: snap.remainingMinutes,
    pausedMinutes: snap.pausedMinutes,
    paused: row.paused_since !== null && row.status === 'waiting_for_client',
    warnAt: iso(snap.warnAt),
    explanation:
      opts.explain && pendingTarget
        ? explain(calendar, Date.parse(row.created_at), pendingTarget.minutes, allPauses)
        : undefined,
  };
}

/** What a reader sees of a ticket's SLA now — between two sweeps the stored state may be a minute old. */
export interface LiveSla {
  state: SlaSnapshot['state'];
  remainingMinutes: number | null;
  reactionBreachedAt: string | null;
  resolutionBreachedAt: string | null;
}

/** The live SLA of a page of tickets (the queue): one calendar per agreement, pauses in one query. */
export async function liveSlaFor(ctx: Ctx, rows: repo.TicketSlaRow[]): Promise<Map<number, LiveSla>> {
  const result = new Map<number, LiveSla>();
  const open = rows.filter((r) => r.agreement_id !== null && r.status !== 'resolved' && r.status !== 'closed');
  if (open.length === 0) return result;
  const now = ctx.clock.now().getTime();
  const pauses = await pausesFor(ctx, open);
  const clocks = new Map<number, Awaited<ReturnType<typeof agreementClock>>>();
  for (const r of open) {
    if (!clocks.has(r.agreement_id!)) clocks.set(r.agreement_id!, await agreementClock(ctx, r.agreement_id!));
    const { calendar, warningPercent } = clocks.get(r.agreement_id!)!;
    const snap = computeSla(
      { calendar, warningPercent, reactionMinutes: r.reaction_minutes, resolutionMinutes: r.resolution_minutes },
      factsOf(r, pauses.get(r.id) ?? []),
      now,
    );
    result.set(r.id, {
      state: snap.state,
      remainingMinutes: snap.remainingMinutes,
      reactionBreachedAt: iso(snap.reactionBreachedAt),
      resolutionBreachedAt: iso(snap.resolutionBreachedAt),
    });
  }
  return result;
}
