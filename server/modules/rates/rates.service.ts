import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import { decodeCursor, pageOf } from '../../shared/pagination.js';
import { isValidDate } from '../calendars/index.js';
import { authorize, can } from '../auth/index.js';
import { rateSource } from './rate-resolution.js';
import * as repo from './rates.repository.js';
import { appliedRate, effectiveMultipliers, priceWork, type WorkToPrice } from './work-pricing.js';
import { forgetPricingBook } from './pricing-book.js';

export interface CardScope {
  agreementId?: number | null;
  serviceId?: number | null;
  agentId?: number | null;
}

const scopeOf = (input: CardScope) => ({
  agreementId: input.agreementId ?? null,
  serviceId: input.serviceId ?? null,
  agentId: input.agentId ?? null,
});

const optionalText = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

const SCOPE_WORDS: Record<string, string> = {
  desk: 'the desk default',
  agreement: 'this agreement',
  service: 'this service',
  agent: 'this agent',
  'agreement+service': 'this agreement and service',
  'agreement+agent': 'this agreement and agent',
  'service+agent': 'this service and agent',
  'agreement+service+agent': 'this agreement, service and agent',
};

/** References must exist: a card for a deleted agreement would never apply and nobody would notice. */
async function checkReferences(
  db: Ctx['db'],
  refs: {
    agreementId?: number | null;
    serviceId?: number | null;
    agentId?: number | null;
    organizationId?: number | null;
  },
) {
  const checks = [
    ['agreements', refs.agreementId, 'Agreement'],
    ['services', refs.serviceId, 'Service'],
    ['agents', refs.agentId, 'Agent'],
    ['organizations', refs.organizationId, 'Organization'],
  ] as const;
  for (const [table, id, what] of checks)
    if (id !== undefined && id !== null && !(await repo.existingIds(db, table, id))) throw notFound(`${what} ${id}`);
}

async function checkScopeFree(db: Ctx['db'], scope: ReturnType<typeof scopeOf>, exceptId?: number) {
  const existing = await repo.findCardByScope(db, scope);
  if (existing && existing.id !== exceptId)
    throw new AppError(
      409,
      'rate_card_exists',
      `There is already a rate for ${SCOPE_WORDS[rateSource(scope)]} (${(existing.rate_kopecks / 100).toFixed(2)} ₽ an hour); change that one instead`,
    );
}

export async function createCard(ctx: Ctx, input: CardScope & { rateKopecks: number; note?: string | null }) {
  authorize(ctx.actor, 'rate.write');
  const scope = scopeOf(input);
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, async (tx) => {
    forgetPricingBook(tx);
    await checkReferences(tx.db, scope);
    await checkScopeFree(tx.db, scope);
    const { id } = await repo.insertCard(tx.db, {
      agreement_id: scope.agreementId,
      service_id: scope.serviceId,
      agent_id: scope.agentId,
      rate_kopecks: input.rateKopecks,
      note: optionalText(input.note),
      created_at: now,
      updated_at: now,
    });
    return (await repo.findCard(tx.db, id))!;
  });
}

export async function updateCard(
  ctx: Ctx,
  id: number,
  input: CardScope & { rateKopecks?: number; note?: string | null },
) {
  authorize(ctx.actor, 'rate.write');
  return inTransaction(ctx, async (tx) => {
    forgetPricingBook(tx);
    const card = await repo.findCard(tx.db, id);
    if (!card) throw notFound(`Rate card ${id}`);
    const scope = {
      agreementId: input.agreementId !== undefined ? input.agreementId : card.agreement_id,
      serviceId: input.serviceId !== undefined ? input.serviceId : card.service_id,
      agentId: input.agentId !== undefined ? input.agentId : card.agent_id,
    };
    await checkReferences(tx.db, scope);
    await checkScopeFree(tx.db, scope, id);
    await repo.updateCard(tx.db, id, {
      agreement_id: scope.agreementId,
      service_id: scope.serviceId,
      agent_id: scope.agentId,
      ...(input.rateKopecks !== undefined && { rate_kopecks: input.rateKopecks }),
      ...(input.note !== undefined && { note: optionalText(input.note) }),
      updated_at: ctx.clock.now().toISOString(),
    });
    return (await repo.findCard(tx.db, id))!;
  });
}

export async function deleteCard(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'rate.write');
  await inTransaction(ctx, async (tx) => {
    forgetPricingBook(tx);
    const result = await repo.deleteCard(tx.db, id);
    if (Number(result.numDeletedRows) === 0) throw notFound(`Rate card ${id}`);
  });
}

export async function getCard(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'rate.read');
  const card = await repo.findCard(ctx.db, id);
  if (!card) throw notFound(`Rate card ${id}`);
  return card;
}

export async function listCards(
  ctx: Ctx,
  opts: { agreementId?: number; serviceId?: number; agentId?: number; limit: number; cursor?: string },
) {
  authorize(ctx.actor, 'rate.read');
  const after = decodeCursor(opts.cursor);
  const rows = await repo.listCards(ctx.db, { ...opts, ...(after && { afterId: after[1] }) });
  return pageOf(rows, opts.limit, (c) => [null, c.id]);
}

/** Which rate applies to an agreement × service × agent, and why: what the UI shows next to a card. */
export async function resolveCard(ctx: Ctx, key: CardScope) {
  authorize(ctx.actor, 'rate.read');
  const applied = await appliedRate(ctx, scopeOf(key));
  if (!applied) return null;
  return { ...applied, card: applied.cardId === null ? null : ((await repo.findCard(ctx.db, applied.cardId)) ?? null) };
}

// ---- multipliers

export async function getMultipliers(ctx: Ctx, agreementId: number | null) {
  authorize(ctx.actor, 'rate.read');
  if (agreementId !== null) await checkReferences(ctx.db, { agreementId });
  const { terms, own, row } = await effectiveMultipliers(ctx, agreementId);
  return { agreementId, own: agreementId === null ? row !== null : own, updatedAt: row?.updated_at ?? null, ...terms };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export async function putMultipliers(
  ctx: Ctx,
  input: {
    agreementId?: number | null;
    nightPercent: number;
    weekendPercent: number;
    holidayPercent: number;
    nightStart: string;
    nightEnd: string;
  },
) {
  authorize(ctx.actor, 'rate.write');
  for (const key of ['nightStart', 'nightEnd'] as const)
    if (!TIME.test(input[key]))
      throw badRequest(`Night hours are times of day like 22:00; "${input[key]}" is not one`, {
        errors: [{ path: `body.${key}`, message: 'is not HH:MM' }],
      });
  const agreementId = input.agreementId ?? null;
  await inTransaction(ctx, async (tx) => {
    forgetPricingBook(tx);
    if (agreementId !== null) await checkReferences(tx.db, { agreementId });
    await repo.upsertMultipliers(tx.db, {
      agreement_id: agreementId,
      night_percent: input.nightPercent,
      weekend_percent: input.weekendPercent,
      holiday_percent: input.holidayPercent,
      night_start: input.nightStart,
      night_end: input.nightEnd,
      updated_at: ctx.clock.now().toISOString(),
    });
  });
  return getMultipliers(ctx, agreementId);
}

export async function deleteMultipliers(ctx: Ctx, agreementId: number) {
  authorize(ctx.actor, 'rate.write');
  await inTransaction(ctx, async (tx) => {
    forgetPricingBook(tx);
    const result = await repo.deleteMultipliers(tx.db, agreementId);
    if (Number(result.numDeletedRows) === 0) throw notFound(`Multipliers of agreement ${agreementId}`);
  });
}

// ---- discounts

function checkDate(value: string, path: string) {
  if (!isValidDate(value))
    throw badRequest(`"${value}" is not a date (YYYY-MM-DD)`, { errors: [{ path, message: 'is not a date' }] });
}

export async function createDiscount(
  ctx: Ctx,
  input: {
    agreementId?: number;
    organizationId?: number;
    percentBp: number;
    validFrom: string;
    validTo?: string | null;
    note?: string | null;
  },
) {
  authorize(ctx.actor, 'rate.write');
  if ((input.agreementId === undefined) === (input.organizationId === undefined))
    throw badRequest('A discount belongs either to an agreement or to an organization: give exactly one of them');
  checkDate(input.validFrom, 'body.validFrom');
  const validTo = input.validTo ?? null;
  if (validTo !== null) {
    checkDate(validTo, 'body.validTo');
    if (validTo < input.validFrom)
      throw badRequest(`The discount ends (${validTo}) before it starts (${input.validFrom})`, {
        errors: [{ path: 'body.validTo', message: 'is before validFrom' }],
      });
  }
  return inTransaction(ctx, async (tx) => {
    forgetPricingBook(tx);
    await checkReferences(tx.db, input);
    const { id } = await repo.insertDiscount(tx.db, {
      agreement_id: input.agreementId ?? null,
      organization_id: input.organizationId ?? null,
      percent_bp: input.percentBp,
      valid_from: input.validFrom,
      valid_to: validTo,
      note: optionalText(input.note),
      created_at: ctx.clock.now().toISOString(),
    });
    return (await repo.listDiscounts(tx.db, { id, limit: 1 }))[0]!;
  });
}

export async function listDiscounts(
  ctx: Ctx,
  opts: { agreementId?: number; organizationId?: number; limit: number; cursor?: string },
) {
  authorize(ctx.actor, 'rate.read');
  const after = decodeCursor(opts.cursor);
  const rows = await repo.listDiscounts(ctx.db, {
    ...(opts.agreementId !== undefined && { agreementId: opts.agreementId }),
    ...(opts.organizationId !== undefined && { organizationId: opts.organizationId }),
    ...(after && { after: { validFrom: String(after[0]), id: after[1] } }),
    limit: opts.limit,
  });
  return pageOf(rows, opts.limit, (d) => [d.valid_from, d.id]);
}

export async function deleteDiscount(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'rate.write');
  await inTransaction(ctx, async (tx) => {
    forgetPricingBook(tx);
    const result = await repo.deleteDiscount(tx.db, id);
    if (Number(result.numDeletedRows) === 0) throw notFound(`Discount ${id}`);
  });
}

// ---- cost rates: internal, never shown to clients

export async function listCostRates(ctx: Ctx, agentId: number) {
  authorize(ctx.actor, 'cost.read');
  await checkReferences(ctx.db, { agentId });
  return repo.listCostRates(ctx.db, agentId);
}

/** A new cost rate from a date on; one already starting that day is replaced (a correction, not history). */
export async function addCostRate(ctx: Ctx, agentId: number, input: { rateKopecks: number; validFrom: string }) {
  authorize(ctx.actor, 'cost.write');
  checkDate(input.validFrom, 'body.validFrom');
  return inTransaction(ctx, async (tx) => {
    forgetPricingBook(tx);
    await checkReferences(tx.db, { agentId });
    return repo.insertCostRate(tx.db, {
      agent_id: agentId,
      rate_kopecks: input.rateKopecks,
      valid_from: input.validFrom,
      created_at: ctx.clock.now().toISOString(),
    });
  });
}

// ---- a price preview

export async function quote(
  ctx: Ctx,
  input: Partial<Omit<WorkToPrice, 'workDate' | 'minutes'>> & { workDate: string; minutes: number },
) {
  authorize(ctx.actor, 'rate.read');
  checkDate(input.workDate, 'body.workDate');
  let organizationId = input.organizationId ?? null;
  if (input.agreementId !== undefined && input.agreementId !== null) {
    const agreement = await repo.findAgreementTerms(ctx.db, input.agreementId);
    if (!agreement) throw notFound(`Agreement ${input.agreementId}`);
    if (organizationId !== null && organizationId !== agreement.organization_id)
      throw badRequest(`Agreement ${agreement.number} belongs to another organization`);
    organizationId = agreement.organization_id;
  }
  const agentId = input.agentId ?? (ctx.actor.kind === 'agent' ? ctx.actor.id : 0);
  const priced = await priceWork(ctx, {
    // No organization: only cards and multipliers apply, no organization's discount can.
    organizationId: organizationId ?? 0,
    agreementId: input.agreementId ?? null,
    serviceId: input.serviceId ?? null,
    agentId,
    startedAt: input.startedAt ?? null,
    endedAt: input.endedAt ?? null,
    workDate: input.workDate,
    minutes: input.minutes,
    billedMinutes: input.billedMinutes ?? input.minutes,
    ...(input.rateKopecks !== undefined && { rateKopecks: input.rateKopecks }),
  });
  const mayCost = can(ctx.actor, 'cost.read');
  const { costKopecks, ...sale } = priced;
  return mayCost ? { ...sale, costKopecks } : sale;
}
