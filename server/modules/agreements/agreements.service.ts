import type { Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { AgreementKind, AgreementStatus, AgreementTier } from '../../db/schema.js';
import { AppError, notFound } from '../../shared/errors.js';
import { decodeCursor, pageOf } from '../../shared/pagination.js';
import { authorize } from '../auth/index.js';
import { termsChanged } from './agreement-events.js';
import { normalizeNoticeDays } from './agreement-notices.js';
import {
  DEFAULT_NOTICE_DAYS,
  checkHours,
  checkWarranty,
  checkPeriod,
  parseDate,
  refusePastEnd,
  resolveTargets,
  trimmedOrNull,
  type TargetInput,
} from './agreement-input.js';
import { insertAgreement, type NewAgreement } from './agreement-insert.js';
import { addDays, todayIn } from './agreement-period.js';
import * as refs from './agreement-references.js';
import { actorKey, automaticActor, settleByDate } from './agreement-transition.js';
import { daysToExpiry, loadAgreementView, loadHistory } from './agreement-view.js';
import { parseIds, presentSummary } from './agreements.presenter.js';
import * as repo from './agreements.repository.js';
import type { SlaTarget } from './tier-presets.js';

export { agreementLifecycleJob } from './agreement-lifecycle.js';
export type { TargetInput } from './agreement-input.js';

export interface AgreementInput {
  organizationId: number;
  number: string;
  title: string;
  calendarId: number;
  start: string;
  end: string;
  tier: AgreementTier;
  serviceIds: number[];
  targets?: TargetInput[];
  kind?: AgreementKind;
  managerId?: number | null;
  recipientContactIds?: number[];
  noticeDays?: number[];
  warningPercent?: number;
  hoursPackage?: number | null;
  hourRate?: number | null;
  notes?: string | null;
  status?: 'draft' | 'planned';
  productServiceId?: number | null;
  productVersion?: string | null;
  warrantyStart?: string | null;
  warrantyMonths?: number | null;
}

export async function createAgreement(ctx: Ctx, input: AgreementInput) {
  authorize(ctx.actor, 'agreement.write');
  const start = parseDate(input.start, 'body.start');
  const end = parseDate(input.end, 'body.end');
  checkPeriod(start, end);
  const kind = input.kind ?? 'commercial';
  const hoursPackage = input.hoursPackage ?? null;
  checkHours(kind, hoursPackage);
  const agreement: NewAgreement = {
    organizationId: input.organizationId,
    number: input.number.trim(),
    title: input.title.trim(),
    kind,
    tier: input.tier,
    calendarId: input.calendarId,
    start,
    end,
    status: input.status ?? 'planned',
    managerId: input.managerId ?? null,
    recipientContactIds: input.recipientContactIds ?? [],
    noticeDays: input.noticeDays ?? DEFAULT_NOTICE_DAYS,
    warningPercent: input.warningPercent ?? 80,
    hoursPackage,
    hourRate: input.hourRate ?? null,
    notes: trimmedOrNull(input.notes),
    renewedFromId: null,
    warranty: checkWarranty(kind, {
      productServiceId: input.productServiceId ?? null,
      productVersion: input.productVersion ?? null,
      warrantyStart: input.warrantyStart ?? null,
      warrantyMonths: input.warrantyMonths ?? null,
    }),
    serviceIds: input.serviceIds,
    targets: resolveTargets(input.tier, input.targets),
  };
  const id = await inTransaction(ctx, (tx) => insertAgreement(tx, agreement, { reason: null }));
  return loadAgreementView(ctx.db, id, ctx.clock.now());
}

export async function getAgreement(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'agreement.read');
  return loadAgreementView(ctx.db, id, ctx.clock.now());
}

export async function agreementHistory(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'agreement.read');
  if (!(await repo.findAgreement(ctx.db, id))) throw notFound(`Agreement ${id}`);
  return loadHistory(ctx.db, id);
}

export interface ListOptions {
  status?: string;
  organizationId?: number;
  q?: string;
  expiringWithinDays?: number;
  sort: 'end' | 'number';
  limit: number;
  cursor?: string;
}

export async function listAgreements(ctx: Ctx, opts: ListOptions) {
  authorize(ctx.actor, 'agreement.read');
  const now = ctx.clock.now();
  const calendars = await refs.calendarZones(ctx.db);
  let endingWindows: repo.AgreementFilter['endingWindows'];
  if (opts.expiringWithinDays !== undefined) {
    // "Today" differs between zones; group the calendars by their local today so the filter stays exact in SQL.
    const byToday = new Map<string, number[]>();
    for (const c of calendars.values()) {
      const today = todayIn(c.timezone, now);
      byToday.set(today, [...(byToday.get(today) ?? []), c.id]);
    }
    endingWindows = [...byToday].map(([today, calendarIds]) => ({
      calendarIds,
      from: today,
      to: addDays(today, opts.expiringWithinDays!),
    }));
  }
  const after = decodeCursor(opts.cursor);
  const rows = await repo.listAgreements(ctx.db, {
    statuses: opts.status ? (opts.status.split(',') as AgreementStatus[]) : undefined,
    organizationId: opts.organizationId,
    q: opts.q,
    endingWindows,
    sort: opts.sort,
    limit: opts.limit,
    ...(after && { after: { key: String(after[0]), id: after[1] } }),
  });
  const page = pageOf(rows, opts.limit, (a) => [opts.sort === 'end' ? a.end_date : a.number, a.id]);
  return {
    items: page.items.map((a) => presentSummary(a, daysToExpiry(a, calendars.get(a.calendar_id)?.timezone, now))),
    nextCursor: page.nextCursor,
  };
}

/** Terms of an ended agreement stay as they were: tickets and reports refer to them. */
function refuseEnded(agreement: repo.AgreementRow, what: string): void {
  if (agreement.status === 'expired' || agreement.status === 'terminated') {
    throw new AppError(
      409,
      'agreement_ended',
      `Agreement ${agreement.number} is ${agreement.status}; its ${what} stay as they were — renew it instead`,
    );
  }
}

/** What PATCH may change: the agreement's own fields, not its organization, services or targets (they have their own routes). */
export type AgreementPatch = Partial<Omit<AgreementInput, 'organizationId' | 'serviceIds' | 'targets' | 'status'>>;

/** Fields that describe what was agreed; the rest (title, notes, people) may be edited at any time. */
const termFields = [
  'kind',
  'tier',
  'calendarId',
  'start',
  'end',
  'warningPercent',
  'hoursPackage',
  'hourRate',
  'productServiceId',
  'warrantyStart',
  'warrantyMonths',
] as const;

export async function updateAgreement(ctx: Ctx, id: number, input: AgreementPatch) {
  authorize(ctx.actor, 'agreement.write');
  await inTransaction(ctx, async (tx) => {
    const current = await refs.requireAgreement(tx.db, id);
    const touchedTerms = termFields.filter((f) => input[f] !== undefined);
    if (touchedTerms.length) refuseEnded(current, `terms (${touchedTerms.join(', ')})`);
    const start = input.start !== undefined ? parseDate(input.start, 'body.start') : current.start_date;
    const end = input.end !== undefined ? parseDate(input.end, 'body.end') : current.end_date;
    checkPeriod(start, end);
    const kind = input.kind ?? current.kind;
    const hoursPackage = input.hoursPackage !== undefined ? input.hoursPackage : current.hours_package;
    checkHours(kind, hoursPackage);
    const warranty = checkWarranty(kind, {
      productServiceId: input.productServiceId !== undefined ? input.productServiceId : current.product_service_id,
      productVersion: input.productVersion !== undefined ? input.productVersion : current.product_version,
      warrantyStart: input.warrantyStart !== undefined ? input.warrantyStart : current.warranty_start,
      warrantyMonths: input.warrantyMonths !== undefined ? input.warrantyMonths : current.warranty_months,
    });
    if (warranty.productServiceId !== null && warranty.productServiceId !== current.product_service_id)
      await refs.requireServices(tx.db, [warranty.productServiceId]);
    const warrantyMoved =
      warranty.productServiceId !== current.product_service_id ||
      warranty.warrantyStart !== current.warranty_start ||
      warranty.warrantyMonths !== current.warranty_months;
    const number = input.number?.trim() ?? current.number;
    if (number !== current.number) await refs.requireFreeNumber(tx.db, number, id);
    const calendar = await refs.requireCalendar(tx.db, input.calendarId ?? current.calendar_id);
    const today = todayIn(calendar.timezone, tx.clock.now());
    if (input.end !== undefined || input.calendarId !== undefined) {
      if (current.status !== 'expired' && current.status !== 'terminated')
        refusePastEnd(number, end, today, calendar.timezone);
    }
    if (input.managerId !== undefined) await refs.requireManager(tx.db, input.managerId);
    const recipients =
      input.recipientContactIds !== undefined
        ? await refs.requireRecipients(
            tx.db,
            { id: current.organization_id, name: current.organization_name },
            input.recipientContactIds,
          )
        : undefined;

    const changes: string[] = [];
    const note = (label: string, before: unknown, after: unknown) => {
      if (after !== undefined && JSON.stringify(before) !== JSON.stringify(after))
        changes.push(`${label}: ${before ?? '—'} → ${after ?? '—'}`);
    };
    note('number', current.number, number);
    note('title', current.title, input.title?.trim());
    note('kind', current.kind, input.kind);
    note('tier', current.tier, input.tier);
    if (calendar.id !== current.calendar_id)
      changes.push(`calendar: ${(await refs.requireCalendar(tx.db, current.calendar_id)).name} → ${calendar.name}`);
    note('period', `${current.start_date}…${current.end_date}`, `${start}…${end}`);
    if (input.managerId !== undefined && input.managerId !== current.manager_id)
      changes.push(`manager: ${await agentName(tx, current.manager_id)} → ${await agentName(tx, input.managerId)}`);
    note('recipients', parseIds(current.recipient_contact_ids).join(','), recipients?.join(','));
    const noticeDays = input.noticeDays && normalizeNoticeDays(input.noticeDays);
    note('notice days', parseIds(current.notice_days).join(','), noticeDays?.join(','));
    note('warning %', current.warning_percent, input.warningPercent);
    note('hours', current.hours_package, input.hoursPackage);
    note('hour rate', current.hour_rate, input.hourRate);
    note('product', current.product_service_id, warranty.productServiceId);
    note('version', current.product_version, warranty.productVersion);
    note(
      'warranty',
      `${current.warranty_start ?? '—'} + ${current.warranty_months ?? '—'}`,
      `${warranty.warrantyStart ?? '—'} + ${warranty.warrantyMonths ?? '—'}`,
    );
    if (input.notes !== undefined && trimmedOrNull(input.notes) !== current.notes) changes.push('notes');
    if (changes.length === 0) return;

    const at = tx.clock.now().toISOString();
    await repo.updateAgreement(tx.db, id, {
      number,
      ...(input.title !== undefined && { title: input.title.trim() }),
      kind,
      ...(input.tier !== undefined && { tier: input.tier }),
      calendar_id: calendar.id,
      start_date: start,
      end_date: end,
      ...(input.managerId !== undefined && { manager_id: input.managerId }),
      ...(recipients !== undefined && { recipient_contact_ids: JSON.stringify(recipients) }),
      ...(noticeDays !== undefined && { notice_days: JSON.stringify(noticeDays) }),
      ...(input.warningPercent !== undefined && { warning_percent: input.warningPercent }),
      hours_package: hoursPackage,
      ...(input.hourRate !== undefined && { hour_rate: input.hourRate }),
      ...(input.notes !== undefined && { notes: trimmedOrNull(input.notes) }),
      product_service_id: warranty.productServiceId,
      product_version: warranty.productVersion,
      warranty_start: warranty.warrantyStart,
      warranty_months: warranty.warrantyMonths,
      updated_at: at,
    });
    await repo.insertHistory(tx.db, {
      agreement_id: id,
      at,
      actor: actorKey(tx.actor),
      action: 'updated',
      from_status: null,
      to_status: null,
      reason: changes.join('; '),
    });
    // The tier and the kind also decide which agreement a new ticket falls under (the best tier wins; a product's
    // warranty has its own rule) and whether a night ticket pages the duty engineer.
    const termsMoved =
      warrantyMoved ||
      (input.tier !== undefined && input.tier !== current.tier) ||
      (input.kind !== undefined && input.kind !== current.kind) ||
      calendar.id !== current.calendar_id ||
      (input.warningPercent !== undefined && input.warningPercent !== current.warning_percent);
    if (termsMoved) await termsChanged(tx, id);
    await settleByDate(tx, (await repo.findAgreement(tx.db, id))!, today, automaticActor(tx.actor));
  });
  return loadAgreementView(ctx.db, id, ctx.clock.now());
}

async function agentName(tx: TxCtx, id: number | null): Promise<string> {
  if (id === null) return '—';
  const [agent] = await repo.findAgentsByIds(tx.db, [id]);
  return agent?.name ?? `agent ${id}`;
}

const describeTarget = (t: SlaTarget) =>
  `${t.priority}${t.type ? ` ${t.type}` : ''} ${t.reactionMinutes}/${t.resolutionMinutes ?? '—'}`;

/** Replaces the SLA matrix; an empty list restores the tier's presets (a custom tier must keep some). */
export async function replaceTargets(ctx: Ctx, id: number, given: TargetInput[]) {
  authorize(ctx.actor, 'agreement.write');
  await inTransaction(ctx, async (tx) => {
    const current = await refs.requireAgreement(tx.db, id);
    refuseEnded(current, 'SLA targets');
    const targets = resolveTargets(current.tier, given);
    const before = await repo.listTargets(tx.db, id);
    const key = (ts: SlaTarget[]) => ts.map(describeTarget).sort().join(', ');
    if (key(before) === key(targets)) return;
    await repo.replaceTargets(tx.db, id, targets);
    const at = tx.clock.now().toISOString();
    await repo.updateAgreement(tx.db, id, { updated_at: at });
    await repo.insertHistory(tx.db, {
      agreement_id: id,
      at,
      actor: actorKey(tx.actor),
      action: 'targets_changed',
      from_status: null,
      to_status: null,
      reason: `${key(before) || 'none'} → ${key(targets)}`,
    });
    await termsChanged(tx, id);
  });
  return loadAgreementView(ctx.db, id, ctx.clock.now());
}

export async function replaceServices(ctx: Ctx, id: number, serviceIds: number[]) {
  authorize(ctx.actor, 'agreement.write');
  await inTransaction(ctx, async (tx) => {
    const current = await refs.requireAgreement(tx.db, id);
    refuseEnded(current, 'services');
    const before = await repo.listServicesOf(tx.db, id);
    const covered = new Set(before.map((s) => s.id));
    const next = await refs.requireServices(tx.db, serviceIds, covered);
    const added = next.filter((s) => !covered.has(s));
    const removed = before.filter((s) => !next.includes(s.id));
    if (added.length === 0 && removed.length === 0) return;
    await repo.replaceServices(tx.db, id, next);
    const names = new Map((await repo.listServicesOf(tx.db, id)).map((s) => [s.id, s.name]));
    const at = tx.clock.now().toISOString();
    await repo.updateAgreement(tx.db, id, { updated_at: at });
    const reason = [
      added.length && `added: ${added.map((s) => names.get(s)).join(', ')}`,
      removed.length && `removed: ${removed.map((s) => s.name).join(', ')}`,
    ]
      .filter(Boolean)
      .join('; ');
    await repo.insertHistory(tx.db, {
      agreement_id: id,
      at,
      actor: actorKey(tx.actor),
      action: 'services_changed',
      from_status: null,
      to_status: null,
      reason,
    });
    await termsChanged(tx, id);
  });
  return loadAgreementView(ctx.db, id, ctx.clock.now());
}
