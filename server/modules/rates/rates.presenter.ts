import { Type, type Static } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';
import { rateSource } from './rate-resolution.js';
import type { CostRateRow, DiscountRow, RateCardRow } from './rates.repository.js';

export const RateCardSchema = Type.Object({
  id: Type.Integer(),
  agreementId: OrNull.Integer(),
  agreementNumber: OrNull.String(),
  agreementTitle: OrNull.String(),
  serviceId: OrNull.Integer(),
  serviceName: OrNull.String(),
  agentId: OrNull.Integer(),
  agentName: OrNull.String(),
  rateKopecks: Type.Integer(),
  /** Which scope the card covers: 'desk', 'agreement', 'agreement+service' … */
  scope: Type.String(),
  note: OrNull.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export function presentRateCard(c: RateCardRow): Static<typeof RateCardSchema> {
  return {
    id: c.id,
    agreementId: c.agreement_id,
    agreementNumber: c.agreement_number,
    agreementTitle: c.agreement_title,
    serviceId: c.service_id,
    serviceName: c.service_name,
    agentId: c.agent_id,
    agentName: c.agent_name,
    rateKopecks: c.rate_kopecks,
    scope: rateSource({ agreementId: c.agreement_id, serviceId: c.service_id, agentId: c.agent_id }),
    note: c.note,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

export const ResolvedRateSchema = Type.Object({
  rateKopecks: OrNull.Integer(),
  /** 'agreement+service+agent' … 'desk'; null when no card applies. */
  source: OrNull.String(),
  /** Null with a rate: the agreement's own hourly rate from its form applies. */
  cardId: OrNull.Integer(),
  card: Type.Union([RateCardSchema, Type.Null()]),
});

export const MultipliersSchema = Type.Object({
  agreementId: OrNull.Integer(),
  /** Whether this agreement (or, without one, the desk) has a row of its own rather than the fallback. */
  own: Type.Boolean(),
  nightPercent: Type.Integer(),
  weekendPercent: Type.Integer(),
  holidayPercent: Type.Integer(),
  nightStart: Type.String(),
  nightEnd: Type.String(),
  updatedAt: OrNull.String(),
});

export const DiscountSchema = Type.Object({
  id: Type.Integer(),
  agreementId: OrNull.Integer(),
  agreementNumber: OrNull.String(),
  organizationId: OrNull.Integer(),
  organizationName: OrNull.String(),
  percentBp: Type.Integer(),
  validFrom: Type.String(),
  validTo: OrNull.String(),
  note: OrNull.String(),
  createdAt: Type.String(),
});

export function presentDiscount(d: DiscountRow): Static<typeof DiscountSchema> {
  return {
    id: d.id,
    agreementId: d.agreement_id,
    agreementNumber: d.agreement_number,
    organizationId: d.organization_id,
    organizationName: d.organization_name,
    percentBp: d.percent_bp,
    validFrom: d.valid_from,
    validTo: d.valid_to,
    note: d.note,
    createdAt: d.created_at,
  };
}

export const CostRateSchema = Type.Object({
  id: Type.Integer(),
  agentId: Type.Integer(),
  rateKopecks: Type.Integer(),
  validFrom: Type.String(),
  createdAt: Type.String(),
});

export const presentCostRate = (r: CostRateRow): Static<typeof CostRateSchema> => ({
  id: r.id,
  agentId: r.agent_id,
  rateKopecks: r.rate_kopecks,
  validFrom: r.valid_from,
  createdAt: r.created_at,
});

export const QuoteSchema = Type.Object({
  rateKopecks: OrNull.Integer(),
  rateSource: OrNull.String(),
  multiplierPercent: Type.Integer(),
  discountBp: Type.Integer(),
  amountKopecks: Type.Integer(),
  /** Only for those who may see internal costs. */
  costKopecks: Type.Optional(Type.Integer()),
});
