import type { Actor, Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { Updateable } from 'kysely';
import type { ClientCostTable } from '../../db/schema.js';
import { AppError, badRequest, forbidden, notFound } from '../../shared/errors.js';
import { decodeCursor, pageOf } from '../../shared/pagination.js';
import { authorize, can } from '../auth/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import * as repo from './client-costs.repository.js';
import { vatSplit } from './vat.js';

export interface ClientCostInput {
  organizationId: number;
  date: string;
  description: string;
  vendor?: string | null;
  /** Net of VAT unless `amountIncludesVat`. */
  amountKopecks: number;
  vatRate?: number | null;
  amountIncludesVat?: boolean;
  rebill?: boolean;
  agreementId?: number | null;
  ticketId?: number | null;
}

export type ClientCostPatch = Partial<Omit<ClientCostInput, 'organizationId'>>;

/** Accountants keep the books (`cost.*`); managers buy for the clients they look after (`recurring.write`). */
function authorizeCosts(actor: Actor, mode: 'read' | 'write') {
  if (actor.kind === 'contact') throw forbidden();
  if (can(actor, mode === 'read' ? 'cost.read' : 'cost.write') || can(actor, 'recurring.write')) return;
  authorize(actor, mode === 'read' ? 'cost.read' : 'cost.write');
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function dateField(value: string, path: string): string {
  const m = DATE.exec(value.trim());
  const d = m ? new Date(`${m[0]}T00:00:00Z`) : null;
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m[0])
    throw badRequest(`"${value}" is not a date; use YYYY-MM-DD`, { errors: [{ path, message: 'is not a date' }] });
  return m[0];
}

function cleanDescription(text: string): string {
  const trimmed = text.trim();
  if (!trimmed)
    throw badRequest('Say what was bought, e.g. "Kaspersky licence, 10 seats"', {
      errors: [{ path: 'body.description', message: 'is empty' }],
    });
  return trimmed;
}

const optionalText = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/** An agreement or a ticket a cost names must be the same client's: costs of one client never land on another. */
async function checkReferences(
  db: Kysely<Database>,
  organizationId: number,
  refs: { agreementId?: number | null; ticketId?: number | null },
) {
  if (refs.agreementId != null) {
    const agreement = await repo.findAgreement(db, refs.agreementId);
    if (!agreement || agreement.organization_id !== organizationId)
      throw badRequest(`Agreement ${refs.agreementId} is not an agreement of this client`, {
        errors: [{ path: 'body.agreementId', message: 'not of this organization' }],
      });
  }
  if (refs.ticketId != null) {
    const ticket = await repo.findTicket(db, refs.ticketId);
    if (!ticket || ticket.organization_id !== organizationId)
      throw badRequest(`Ticket ${refs.ticketId} is not a ticket of this client`, {
        errors: [{ path: 'body.ticketId', message: 'not of this organization' }],
      });
  }
}

export async function createCost(ctx: Ctx, input: ClientCostInput) {
  authorizeCosts(ctx.actor, 'write');
  const date = dateField(input.date, 'body.date');
  const description = cleanDescription(input.description);
  const vatRate = input.vatRate ?? null;
  const split = vatSplit(input.amountKopecks, vatRate, input.amountIncludesVat ?? false);
  const now = ctx.clock.now().toISOString();
  const id = await inTransaction(ctx, async (tx) => {
    const organization = await repo.findOrganization(tx.db, input.organizationId);
    if (!organization)
      throw badRequest(`Organization ${input.organizationId} was not found`, {
        errors: [{ path: 'body.organizationId', message: 'not found' }],
      });
    await checkReferences(tx.db, organization.id, input);
    const row = await repo.insertCost(tx.db, {
      organization_id: organization.id,
      cost_date: date,
      description,
      vendor: optionalText(input.vendor),
      amount_kopecks: split.netKopecks,
      vat_rate: vatRate,
      vat_kopecks: split.vatKopecks,
      rebill: input.rebill ? 1 : 0,
      agreement_id: input.agreementId ?? null,
      ticket_id: input.ticketId ?? null,
      created_by: ctx.actor.kind === 'system' ? ctx.actor.name : `${ctx.actor.kind}:${ctx.actor.id}`,
      created_at: now,
      updated_at: now,
    });
    return row.id;
  });
  return (await repo.findCost(ctx.db, id))!;
}

export async function getCost(ctx: Ctx, id: number) {
  authorizeCosts(ctx.actor, 'read');
  const cost = await repo.findCost(ctx.db, id);
  if (!cost) throw notFound(`Client cost ${id}`);
  return cost;
}

/** An invoiced purchase is part of a document the client has: it changes only through a correction there. */
function refuseInvoiced(cost: repo.ClientCostRow, what: 'changed' | 'deleted') {
  if (cost.invoiced_at !== null)
    throw new AppError(
      409,
      'client_cost_invoiced',
      `"${cost.description}" was invoiced on ${cost.invoiced_at.slice(0, 10)} and can no longer be ${what}; correct the invoice instead`,
    );
}

export async function updateCost(ctx: Ctx, id: number, input: ClientCostPatch) {
  authorizeCosts(ctx.actor, 'write');
  const date = input.date !== undefined ? dateField(input.date, 'body.date') : undefined;
  const description = input.description !== undefined ? cleanDescription(input.description) : undefined;
  await inTransaction(ctx, async (tx) => {
    const cost = await repo.findCost(tx.db, id);
    if (!cost) throw notFound(`Client cost ${id}`);
    refuseInvoiced(cost, 'changed');
    await checkReferences(tx.db, cost.organization_id, input);
    const moneyChanged =
      input.amountKopecks !== undefined || input.vatRate !== undefined || input.amountIncludesVat !== undefined;
    const vatRate = input.vatRate !== undefined ? input.vatRate : cost.vat_rate;
    // Without a new amount the stored one is net; "includes VAT" speaks of an amount given with it.
    const split = vatSplit(
      input.amountKopecks ?? cost.amount_kopecks,
      vatRate,
      input.amountKopecks !== undefined && input.amountIncludesVat === true,
    );
    const patch: Updateable<ClientCostTable> = {
      ...(date !== undefined && { cost_date: date }),
      ...(description !== undefined && { description }),
      ...(input.vendor !== undefined && { vendor: optionalText(input.vendor) }),
      ...(moneyChanged && { amount_kopecks: split.netKopecks, vat_rate: vatRate, vat_kopecks: split.vatKopecks }),
      ...(input.rebill !== undefined && { rebill: input.rebill ? 1 : 0 }),
      ...(input.agreementId !== undefined && { agreement_id: input.agreementId }),
      ...(input.ticketId !== undefined && { ticket_id: input.ticketId }),
      updated_at: ctx.clock.now().toISOString(),
    };
    await repo.updateCost(tx.db, id, patch);
  });
  return (await repo.findCost(ctx.db, id))!;
}

export async function deleteCost(ctx: Ctx, id: number) {
  authorizeCosts(ctx.actor, 'write');
  await inTransaction(ctx, async (tx) => {
    const cost = await repo.findCost(tx.db, id);
    if (!cost) throw notFound(`Client cost ${id}`);
    refuseInvoiced(cost, 'deleted');
    await repo.deleteCost(tx.db, id);
  });
}

export async function listCosts(
  ctx: Ctx,
  opts: { organizationId?: number; from?: string; to?: string; rebill?: boolean; limit: number; cursor?: string },
) {
  authorizeCosts(ctx.actor, 'read');
  const from = opts.from === undefined ? undefined : dateField(opts.from, 'querystring.from');
  const to = opts.to === undefined ? undefined : dateField(opts.to, 'querystring.to');
  if (from && to && from > to) throw badRequest(`The period starts (${from}) after it ends (${to})`);
  const after = decodeCursor(opts.cursor);
  const rows = await repo.listCosts(ctx.db, {
    organizationId: opts.organizationId,
    from,
    to,
    rebill: opts.rebill,
    limit: opts.limit,
    ...(after && { after: { key: String(after[0]), id: after[1] } }),
  });
  return pageOf(rows, opts.limit, (c) => [c.cost_date, c.id]);
}

/** An invoice re-bills costs (documents module): marked in its own transaction, so they can no longer change. */
export async function markCostsInvoiced(tx: TxCtx, costIds: readonly number[]) {
  await repo.markCostsInvoiced(tx.db, costIds, tx.clock.now().toISOString());
}
