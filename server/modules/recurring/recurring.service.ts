import type { Actor, Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { Updateable } from 'kysely';
import type { RecurringServiceTable } from '../../db/schema.js';
import { AppError, badRequest, forbidden, notFound } from '../../shared/errors.js';
import { decodeCursor, pageOf } from '../../shared/pagination.js';
import { authorize, can } from '../auth/index.js';
import { utcToLocal } from '../calendars/index.js';
import { addDays, billingDateAfter } from './billing-dates.js';
import {
  checkContact,
  checkManager,
  cleanHost,
  cleanName,
  dateField,
  optionalText,
  type RecurringInput,
  type RecurringPatch,
} from './recurring-input.js';
import * as repo from './recurring.repository.js';

/** The desk's dates (billing, expiry, "days left") are Moscow dates: the product's home zone. */
export const DESK_ZONE = 'Europe/Moscow';
export const todayOf = (ctx: Ctx) => utcToLocal(DESK_ZONE, ctx.clock.now().getTime()).date;

/** Our cost is internal: shown to those who keep the books or manage the items, never to clients. */
export const maySeeCost = (actor: Actor) =>
  actor.kind !== 'contact' && (can(actor, 'cost.read') || can(actor, 'recurring.write'));

export const viewerOf = (ctx: Ctx) => ({ today: todayOf(ctx), showCost: maySeeCost(ctx.actor) });

function checkLiveCheck(liveCheck: boolean, host: string | null) {
  if (liveCheck && host === null)
    throw badRequest('A live check needs a host to connect to, e.g. example.ru or example.ru:8443', {
      errors: [{ path: 'body.host', message: 'is required for a live check' }],
    });
}

export async function createRecurring(ctx: Ctx, input: RecurringInput) {
  authorize(ctx.actor, 'recurring.write');
  const name = cleanName(input.name);
  const next = dateField(input.nextBillingDate, 'body.nextBillingDate', 'The next billing date');
  const expiresOn = input.expiresOn == null ? null : dateField(input.expiresOn, 'body.expiresOn', 'The expiry date');
  const host = cleanHost(input.host);
  const liveCheck = input.liveCheck ?? false;
  checkLiveCheck(liveCheck, host);
  const now = ctx.clock.now().toISOString();
  const id = await inTransaction(ctx, async (tx) => {
    const organization = await repo.findOrganization(tx.db, input.organizationId);
    if (!organization)
      throw badRequest(`Organization ${input.organizationId} was not found`, {
        errors: [{ path: 'body.organizationId', message: 'not found' }],
      });
    await checkContact(tx.db, organization.id, input.notifyContactId ?? null);
    await checkManager(tx.db, input.managerId ?? null);
    const row = await repo.insertRecurring(tx.db, {
      organization_id: organization.id,
      kind: input.kind,
      name,
      vendor: optionalText(input.vendor),
      cost_kopecks: input.costKopecks ?? 0,
      price_kopecks: input.priceKopecks ?? 0,
      vat_rate: input.vatRate ?? null,
      billing_every_months: input.billingEveryMonths,
      billing_anchor_date: next,
      next_billing_date: next,
      expires_on: expiresOn,
      host,
      live_check: liveCheck ? 1 : 0,
      notify_contact_id: input.notifyContactId ?? null,
      manager_id: input.managerId ?? null,
      notes: optionalText(input.notes),
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    });
    return row.id;
  });
  return (await repo.findRecurring(ctx.db, id))!;
}

export async function getRecurring(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'recurring.read');
  const item = await repo.findRecurring(ctx.db, id);
  if (!item) throw notFound(`Recurring service ${id}`);
  return item;
}

/**
 * A new next billing date restarts the schedule there; a new frequency restarts it from the current next
 * date — either way later dates are counted from that anchor.
 */
export async function updateRecurring(ctx: Ctx, id: number, input: RecurringPatch) {
  authorize(ctx.actor, 'recurring.write');
  const name = input.name !== undefined ? cleanName(input.name) : undefined;
  const next =
    input.nextBillingDate !== undefined
      ? dateField(input.nextBillingDate, 'body.nextBillingDate', 'The next billing date')
      : undefined;
  const expiresOn =
    input.expiresOn === undefined
      ? undefined
      : input.expiresOn === null
        ? null
        : dateField(input.expiresOn, 'body.expiresOn', 'The expiry date');
  const host = input.host !== undefined ? cleanHost(input.host) : undefined;
  await inTransaction(ctx, async (tx) => {
    const item = await repo.findRecurring(tx.db, id);
    if (!item) throw notFound(`Recurring service ${id}`);
    checkLiveCheck(input.liveCheck ?? item.live_check === 1, host !== undefined ? host : item.host);
    if (input.notifyContactId !== undefined) await checkContact(tx.db, item.organization_id, input.notifyContactId);
    if (input.managerId !== undefined) await checkManager(tx.db, input.managerId);
    // A retired item brought back is billed from now on: the periods it was retired for are not charged.
    const today = todayOf(tx);
    const anchor = input.billingEveryMonths !== undefined ? item.next_billing_date : item.billing_anchor_date;
    const resumed =
      input.active === true && item.active === 0 && next === undefined && item.next_billing_date < today
        ? billingDateAfter(anchor, input.billingEveryMonths ?? item.billing_every_months, addDays(today, -1))
        : undefined;
    const patch: Updateable<RecurringServiceTable> = {
      ...(name !== undefined && { name }),
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.vendor !== undefined && { vendor: optionalText(input.vendor) }),
      ...(input.costKopecks !== undefined && { cost_kopecks: input.costKopecks }),
      ...(input.priceKopecks !== undefined && { price_kopecks: input.priceKopecks }),
      ...(input.vatRate !== undefined && { vat_rate: input.vatRate }),
      ...(input.billingEveryMonths !== undefined && {
        billing_every_months: input.billingEveryMonths,
        billing_anchor_date: anchor,
      }),
      ...(next !== undefined && { next_billing_date: next, billing_anchor_date: next }),
      ...(expiresOn !== undefined && { expires_on: expiresOn }),
      ...(host !== undefined && { host }),
      ...(input.liveCheck !== undefined && { live_check: input.liveCheck ? 1 : 0 }),
      ...(input.notifyContactId !== undefined && { notify_contact_id: input.notifyContactId }),
      ...(input.managerId !== undefined && { manager_id: input.managerId }),
      ...(input.notes !== undefined && { notes: optionalText(input.notes) }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      ...(resumed !== undefined && { next_billing_date: resumed }),
      updated_at: ctx.clock.now().toISOString(),
    };
    await repo.updateRecurring(tx.db, id, patch);
  });
  return (await repo.findRecurring(ctx.db, id))!;
}

/** An item with recorded charges stays, so the charges keep saying what they were for: deactivate it instead. */
export async function deleteRecurring(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'recurring.write');
  await inTransaction(ctx, async (tx) => {
    const item = await repo.findRecurring(tx.db, id);
    if (!item) throw notFound(`Recurring service ${id}`);
    const charges = await repo.countCharges(tx.db, id);
    if (charges > 0)
      throw new AppError(
        409,
        'recurring_service_charged',
        `"${item.name}" has ${charges} recorded charge${charges === 1 ? '' : 's'}; deactivate it instead of deleting`,
      );
    await repo.deleteRecurring(tx.db, id);
  });
}

export interface RecurringListOptions {
  organizationId?: number;
  kind?: RecurringInput['kind'];
  expiringWithinDays?: number;
  limit: number;
  cursor?: string;
}

export async function listRecurring(ctx: Ctx, opts: RecurringListOptions) {
  authorize(ctx.actor, 'recurring.read');
  const after = decodeCursor(opts.cursor);
  const today = todayOf(ctx);
  const rows = await repo.listRecurring(ctx.db, {
    organizationId: opts.organizationId,
    kind: opts.kind,
    ...(opts.expiringWithinDays !== undefined && {
      expiring: { today, until: addDays(today, opts.expiringWithinDays) },
    }),
    limit: opts.limit,
    ...(after && { after: { key: String(after[0]), id: after[1] } }),
  });
  const sortKey = (r: repo.RecurringRow) => (opts.expiringWithinDays !== undefined ? (r.expires_on ?? '') : r.name);
  return pageOf(rows, opts.limit, (r) => [sortKey(r), r.id]);
}

export async function listCharges(
  ctx: Ctx,
  opts: { organizationId?: number; from?: string; to?: string; limit: number; cursor?: string },
) {
  authorize(ctx.actor, 'recurring.read');
  if (ctx.actor.kind === 'contact') throw forbidden();
  const from =
    opts.from === undefined ? undefined : dateField(opts.from, 'querystring.from', 'The start of the period');
  const to = opts.to === undefined ? undefined : dateField(opts.to, 'querystring.to', 'The end of the period');
  if (from && to && from > to) throw badRequest(`The period starts (${from}) after it ends (${to})`);
  const after = decodeCursor(opts.cursor);
  const rows = await repo.listCharges(ctx.db, {
    organizationId: opts.organizationId,
    from,
    to,
    limit: opts.limit,
    ...(after && { after: { key: String(after[0]), id: after[1] } }),
  });
  return pageOf(rows, opts.limit, (c) => [c.billing_date, c.id]);
}

/** An invoice bills recurring charges (documents module): marked in its own transaction, never twice. */
export async function markChargesInvoiced(tx: TxCtx, chargeIds: readonly number[]) {
  await repo.markChargesInvoiced(tx.db, chargeIds, tx.clock.now().toISOString());
}
