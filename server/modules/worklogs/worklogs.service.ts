import type { Actor, Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { publish } from '../../events/event-bus.js';
import { AppError, forbidden, notFound } from '../../shared/errors.js';
import { decodeCursor, pageOf } from '../../shared/pagination.js';
import { authorize, can } from '../auth/index.js';
import { calendarZone } from '../calendars/index.js';
import {
  chargePackage,
  recordCharge,
  releasePackage,
  timeTermsOf,
  type PackageShare,
  type TimeTerms,
} from '../packages/index.js';
import { priceWork } from '../rates/index.js';
import { billableByDefault } from './billable-default.js';
import { billedMinutes, type Rounding } from './rounding.js';
import { readTimeSettings, type TimeSettings } from './time-settings.js';
import { timesAfterChange, workTimes, type TimesInput, type WorkTimes } from './work-times.js';
import * as repo from './worklogs.repository.js';

export interface WorkInput extends TimesInput {
  ticketId: number;
  activityId?: number | null;
  /** The activity by id or by name (the API's `activity`). */
  activity?: string | number | null;
  comment?: string | null;
  billable?: boolean;
  clientVisible?: boolean;
  /** Work of another agent, logged by a manager. */
  agentId?: number;
}

export type WorkChange = Omit<WorkInput, 'ticketId' | 'agentId'>;

export const DESK_ZONE = 'Europe/Moscow';

const actorTag = (actor: Actor) => (actor.kind === 'system' ? `system:${actor.name}` : `${actor.kind}:${actor.id}`);
const cleanComment = (c: string | null | undefined) => (c?.trim() ? c.trim() : null);

/** How an agreement rounds billed work; work outside agreements is billed as worked. */
export const roundingOf = (terms: TimeTerms | null): Rounding =>
  terms
    ? { quantumMinutes: terms.roundQuantumMinutes, rule: terms.roundRule, minimumMinutes: terms.minimumMinutes }
    : { quantumMinutes: 1, rule: 'up', minimumMinutes: 0 };

/** Whether new work on a ticket is billable unless the engineer says otherwise. */
export const defaultBillable = (ticket: repo.WorkTicket, terms: TimeTerms | null, settings: TimeSettings) =>
  billableByDefault({
    agreementSays: terms?.billableDefault ?? null,
    agreementKind: ticket.agreement_kind,
    serviceSays: ticket.service_billable === null ? null : ticket.service_billable === 1,
    ticketType: ticket.type,
    typeBillable: settings.typeBillable,
  });

/** Why a worklog may not change any more, or null when it may. */
export function lockReason(
  row: { act_id: number | null; exported_at: string | null; work_date: string },
  settings: TimeSettings,
) {
  if (row.act_id !== null) return 'it is covered by an act';
  if (row.exported_at !== null) return 'it has been billed';
  if (settings.lockedUntil !== null && row.work_date <= settings.lockedUntil)
    return `work up to ${settings.lockedUntil} is locked`;
  return null;
}

/** Authors change their own work; managers anybody's. */
export function mayChange(actor: Actor, row: { agent_id: number }): boolean {
  if (actor.kind !== 'agent') return actor.kind === 'system';
  return row.agent_id === actor.id ? can(actor, 'worklog.log') : can(actor, 'worklog.manage');
}

async function workTicket(tx: TxCtx, ticketId: number) {
  const ticket = await repo.ticketForWork(tx.db, ticketId);
  if (!ticket) throw notFound(`Ticket ${ticketId}`);
  return ticket;
}

function checkOpenPeriod(settings: TimeSettings, workDate: string) {
  if (settings.lockedUntil !== null && workDate <= settings.lockedUntil)
    throw new AppError(
      409,
      'period_locked',
      `Work dated ${workDate} falls into the locked period (up to ${settings.lockedUntil}); ask an administrator to reopen it`,
    );
}

/**
 * The activity a piece of work names: by id (`activityId`), or as `activity` — an id or its name in either
 * language, as scripts write it. Undefined when neither is given; only active activities of the list count.
 */
async function activityOf(tx: TxCtx, given: { activityId?: number | null; activity?: string | number | null }) {
  const wanted = given.activityId !== undefined ? given.activityId : given.activity;
  const path = given.activityId !== undefined ? 'body.activityId' : 'body.activity';
  if (wanted === undefined || wanted === null) return wanted;
  const list = (await repo.listActivities(tx.db)).filter((a) => a.active);
  const name = typeof wanted === 'string' ? wanted.trim().toLocaleLowerCase('ru') : null;
  const found = list.find((a) =>
    name === null ? a.id === wanted : a.name_ru.toLocaleLowerCase('ru') === name || a.name_en.toLowerCase() === name,
  );
  if (!found)
    throw new AppError(
      400,
      'bad_request',
      `Activity ${JSON.stringify(wanted)} is not in the list of activities: ${list.map((a) => a.name_ru).join(', ')}`,
      { errors: [{ path, message: 'is not an active activity' }] },
    );
  return found.id;
}

interface Priced {
  package_minutes: number;
  overage_minutes: number;
  rate_kopecks: number | null;
  rate_source: string | null;
  multiplier_percent: number;
  discount_bp: number;
  amount_kopecks: number;
  cost_kopecks: number;
}

/**
 * What the work is worth: billable minutes the package covers are already paid for; what goes over it is
 * billed at the package's overage rate (else the rate cards); billable work outside a package at the rate
 * cards. Non-billable work is worth nothing to the client but still costs the agent's time.
 */
async function price(
  tx: TxCtx,
  w: {
    organizationId: number;
    agreementId: number | null;
    serviceId: number | null;
    agentId: number;
    times: WorkTimes;
    billed: number;
    billable: boolean;
  },
  split: { packageMinutes: number; overageMinutes: number; overageRateKopecks: number | null; inPackage: boolean },
): Promise<Priced> {
  const charged = !w.billable ? 0 : split.inPackage ? split.overageMinutes : w.billed;
  const priced = await priceWork(tx, {
    organizationId: w.organizationId,
    agreementId: w.agreementId,
    serviceId: w.serviceId,
    agentId: w.agentId,
    startedAt: w.times.startedAt,
    endedAt: w.times.endedAt,
    workDate: w.times.workDate,
    minutes: w.times.minutes,
    billedMinutes: charged,
    ...(split.inPackage && split.overageRateKopecks !== null && { rateKopecks: split.overageRateKopecks }),
  });
  const coveredOnly = w.billable && split.inPackage && split.overageMinutes === 0;
  return {
    package_minutes: w.billable ? split.packageMinutes : 0,
    overage_minutes: w.billable ? split.overageMinutes : 0,
    rate_kopecks: coveredOnly ? null : priced.rateKopecks,
    rate_source: coveredOnly ? 'package' : priced.rateSource,
    multiplier_percent: priced.multiplierPercent,
    discount_bp: priced.discountBp,
    amount_kopecks: priced.amountKopecks,
    cost_kopecks: priced.costKopecks,
  };
}

const splitOf = (share: PackageShare | null) =>
  share
    ? {
        packageMinutes: share.packageMinutes,
        overageMinutes: share.overageMinutes,
        overageRateKopecks: share.overageRateKopecks,
        inPackage: true,
      }
    : { packageMinutes: 0, overageMinutes: 0, overageRateKopecks: null, inPackage: false };

async function record(
  tx: TxCtx,
  row: repo.WorklogRow,
  action: 'created' | 'updated' | 'deleted' | 'exported',
  before: repo.WorklogRow | null,
  after: repo.WorklogRow | null,
) {
  await repo.insertHistory(tx.db, {
    worklog_id: row.id,
    ticket_id: row.ticket_id,
    at: tx.clock.now().toISOString(),
    actor: actorTag(tx.actor),
    action,
    before: before && JSON.stringify(snapshot(before)),
    after: after && JSON.stringify(snapshot(after)),
  });
}

/** What history keeps of a worklog: the fields a person changes and what they cost. */
const snapshot = (w: repo.WorklogRow) => ({
  agentId: w.agent_id,
  workDate: w.work_date,
  startedAt: w.started_at,
  endedAt: w.ended_at,
  minutes: w.minutes,
  billedMinutes: w.billed_minutes,
  activityId: w.activity_id,
  comment: w.comment,
  billable: w.billable === 1,
  clientVisible: w.client_visible === 1,
  packageMinutes: w.package_minutes,
  overageMinutes: w.overage_minutes,
  amountKopecks: w.amount_kopecks,
});

async function publishChange(
  tx: TxCtx,
  row: repo.WorklogRow,
  action: 'created' | 'updated' | 'deleted',
  periodKey: string | null,
) {
  await publish(tx, 'worklog.logged', {
    worklogId: row.id,
    ticketId: row.ticket_id,
    agentId: row.agent_id,
    agreementId: row.agreement_id,
    action,
    billable: row.billable === 1,
    billedMinutes: row.billed_minutes,
    periodKey,
  });
}

/**
 * Logs work on a ticket, in the ticket's transaction of record: rounding by the agreement, the billable
 * default, the package's share (or a refusal when the package is used up and may not be exceeded), the price.
 */
export async function logWork(ctx: Ctx, input: WorkInput): Promise<repo.WorklogRow> {
  authorize(ctx.actor, 'worklog.log');
  if (ctx.actor.kind !== 'agent' && input.agentId === undefined) throw forbidden('Only agents log work');
  const agentId = input.agentId ?? (ctx.actor.kind === 'agent' ? ctx.actor.id : 0);
  if (ctx.actor.kind === 'agent' && agentId !== ctx.actor.id) authorize(ctx.actor, 'worklog.manage');
  return inTransaction(ctx, (tx) => insertWork(tx, { ...input, agentId }));
}

/** The timer's stop and `logWork` share this: a worklog written inside the caller's transaction. */
export async function insertWork(tx: TxCtx, input: WorkInput & { agentId: number }): Promise<repo.WorklogRow> {
  const ticket = await workTicket(tx, input.ticketId);
  if (
    input.agentId !== (tx.actor.kind === 'agent' ? tx.actor.id : -1) &&
    !(await repo.activeAgent(tx.db, input.agentId))
  )
    throw new AppError(400, 'bad_request', `Agent ${input.agentId} is not an active agent`, {
      errors: [{ path: 'body.agentId', message: 'is not an active agent' }],
    });
  const settings = await readTimeSettings(tx);
  const times = workTimes(
    input,
    ticket.calendar_document ? calendarZone(ticket.calendar_document) : DESK_ZONE,
    tx.clock.now(),
  );
  checkOpenPeriod(settings, times.workDate);
  const activityId = await activityOf(tx, input);
  const terms = ticket.agreement_id === null ? null : await timeTermsOf(tx, ticket.agreement_id);
  const billable = input.billable ?? defaultBillable(ticket, terms, settings);
  const billed = billedMinutes(times.minutes, roundingOf(terms));
  // The package's share and the price first, so the worklog is written once, complete.
  const share = await chargePackage(tx, {
    worklogId: null,
    agreementId: ticket.agreement_id,
    workDate: times.workDate,
    billable,
    billedMinutes: billed,
  });
  const split = share === 'unchanged' ? { ...splitOf(null), inPackage: ticket.agreement_id !== null } : splitOf(share);
  const priced = await price(
    tx,
    {
      organizationId: ticket.organization_id,
      agreementId: ticket.agreement_id,
      serviceId: ticket.service_id,
      agentId: input.agentId,
      times,
      billed,
      billable,
    },
    split,
  );
  const now = tx.clock.now().toISOString();
  const { id } = await repo.insertWorklog(tx.db, {
    ticket_id: ticket.id,
    agent_id: input.agentId,
    organization_id: ticket.organization_id,
    agreement_id: ticket.agreement_id,
    service_id: ticket.service_id,
    started_at: times.startedAt,
    ended_at: times.endedAt,
    work_date: times.workDate,
    minutes: times.minutes,
    billed_minutes: billed,
    activity_id: activityId ?? null,
    comment: cleanComment(input.comment),
    billable: billable ? 1 : 0,
    client_visible: input.clientVisible ? 1 : 0,
    ...priced,
    created_at: now,
    updated_at: now,
  });
  if (share && share !== 'unchanged') await recordCharge(tx, share, id);
  const row = (await repo.findWorklog(tx.db, id))!;
  await record(tx, row, 'created', null, row);
  await publishChange(tx, row, 'created', share && share !== 'unchanged' ? share.periodKey : null);
  return row;
}

async function changeable(tx: TxCtx, id: number) {
  const row = await repo.findWorklog(tx.db, id);
  if (!row) throw notFound(`Worklog ${id}`);
  if (!mayChange(tx.actor, row)) throw forbidden('Only the author or a manager may change this work');
  const settings = await readTimeSettings(tx);
  const locked = lockReason(row, settings);
  if (locked) throw new AppError(409, 'worklog_locked', `Worklog ${id} cannot change: ${locked}`);
  return { row, settings };
}

export async function editWork(ctx: Ctx, id: number, change: WorkChange): Promise<repo.WorklogRow> {
  authorize(ctx.actor, 'worklog.log');
  return inTransaction(ctx, async (tx) => {
    const { row, settings } = await changeable(tx, id);
    const ticket = await workTicket(tx, row.ticket_id);
    const zone = ticket.calendar_document ? calendarZone(ticket.calendar_document) : DESK_ZONE;
    const asked = timesAfterChange(
      { minutes: row.minutes, startedAt: row.started_at, endedAt: row.ended_at, workDate: row.work_date },
      change,
    );
    const times: WorkTimes = asked
      ? workTimes(asked, zone, tx.clock.now())
      : { minutes: row.minutes, startedAt: row.started_at, endedAt: row.ended_at, workDate: row.work_date };
    checkOpenPeriod(settings, times.workDate);
    const activityId = await activityOf(tx, change);
    const billable = change.billable ?? row.billable === 1;
    const terms = row.agreement_id === null ? null : await timeTermsOf(tx, row.agreement_id);
    const billed = billedMinutes(times.minutes, roundingOf(terms));
    const share = await chargePackage(tx, {
      worklogId: id,
      agreementId: row.agreement_id,
      workDate: times.workDate,
      billable,
      billedMinutes: billed,
    });
    const split =
      share === 'unchanged'
        ? {
            packageMinutes: row.package_minutes,
            overageMinutes: row.overage_minutes,
            overageRateKopecks: terms?.overageRateKopecks ?? null,
            inPackage: row.package_minutes + row.overage_minutes > 0,
          }
        : splitOf(share);
    await repo.updateWorklog(tx.db, id, {
      started_at: times.startedAt,
      ended_at: times.endedAt,
      work_date: times.workDate,
      minutes: times.minutes,
      billed_minutes: billed,
      ...(activityId !== undefined && { activity_id: activityId }),
      ...(change.comment !== undefined && { comment: cleanComment(change.comment) }),
      billable: billable ? 1 : 0,
      ...(change.clientVisible !== undefined && { client_visible: change.clientVisible ? 1 : 0 }),
      ...(await price(
        tx,
        {
          organizationId: row.organization_id,
          agreementId: row.agreement_id,
          serviceId: row.service_id,
          agentId: row.agent_id,
          times,
          billed,
          billable,
        },
        split,
      )),
      updated_at: tx.clock.now().toISOString(),
    });
    if (share && share !== 'unchanged') await recordCharge(tx, share, id);
    const after = (await repo.findWorklog(tx.db, id))!;
    await record(tx, after, 'updated', row, after);
    await publishChange(tx, after, 'updated', share && share !== 'unchanged' ? share.periodKey : null);
    return after;
  });
}

export async function deleteWork(ctx: Ctx, id: number): Promise<void> {
  authorize(ctx.actor, 'worklog.log');
  await inTransaction(ctx, async (tx) => {
    const { row } = await changeable(tx, id);
    await releasePackage(tx, id);
    await repo.deleteWorklog(tx.db, id);
    await record(tx, row, 'deleted', row, null);
    await publishChange(tx, row, 'deleted', null);
  });
}

export async function getWork(ctx: Ctx, id: number) {
  if (ctx.actor.kind !== 'contact') authorize(ctx.actor, 'ticket.read');
  const row = await repo.findWorklog(ctx.db, id);
  if (
    !row ||
    (ctx.actor.kind === 'contact' && (row.organization_id !== ctx.actor.organizationId || !row.client_visible))
  )
    throw notFound(`Worklog ${id}`);
  return row;
}

export async function workHistory(ctx: Ctx, id: number) {
  await getWork(ctx, id);
  return repo.historyOf(ctx.db, id);
}

export interface WorkQuery {
  ticketId?: number;
  agentId?: number;
  organizationId?: number;
  agreementId?: number;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** A contact's query is scoped to their organization's client-visible work in the repository call itself. */
export const scopeOf = (actor: Actor, q: Omit<WorkQuery, 'limit' | 'cursor'>): repo.WorklogFilter =>
  actor.kind === 'contact' ? { ...q, clientOf: actor.organizationId } : q;

export async function listWork(ctx: Ctx, q: WorkQuery) {
  if (ctx.actor.kind !== 'contact') authorize(ctx.actor, 'ticket.read');
  const { limit, cursor, ...filter } = q;
  const after = decodeCursor(cursor);
  const scoped = scopeOf(ctx.actor, filter);
  const rows = await repo.listWorklogs(ctx.db, scoped, {
    limit,
    ...(after && { after: { date: String(after[0]), id: after[1] } }),
  });
  const page = pageOf(rows, limit, (w) => [w.work_date, w.id]);
  return { ...page, totals: await repo.totals(ctx.db, scoped) };
}

/** Marks work as billed (exported to accounting, like Kimai's `exported`): nothing is billed twice, and it freezes. */
export async function exportWork(ctx: Ctx, ids: readonly number[]) {
  authorize(ctx.actor, 'worklog.export');
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now().toISOString();
    let marked = 0;
    for (const id of ids) {
      const row = await repo.findWorklog(tx.db, id);
      if (!row) throw notFound(`Worklog ${id}`);
      if (row.exported_at) continue;
      await repo.markExported(tx.db, [id], now);
      await record(tx, row, 'exported', row, { ...row, exported_at: now });
      marked++;
    }
    return { marked };
  });
}

/** An act covers work (documents): it is locked from now on (see lockReason). Inside the act's transaction. */
export async function coverWorkByAct(tx: TxCtx, worklogIds: readonly number[], actId: number) {
  await repo.setActOf(tx.db, worklogIds, actId, { at: tx.clock.now().toISOString(), actor: actorTag(tx.actor) });
}

/** A storno of an act frees the work it covered, so it may be corrected and acted again. Returns the ids freed. */
export async function releaseWorkOfAct(tx: TxCtx, actId: number) {
  const ids = await repo.worklogIdsOfAct(tx.db, actId);
  await repo.setActOf(tx.db, ids, null, { at: tx.clock.now().toISOString(), actor: actorTag(tx.actor) });
  return ids;
}
