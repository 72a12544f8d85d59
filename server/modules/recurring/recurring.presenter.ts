import { Type, type Static } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';
import { daysBetween } from './billing-dates.js';
import type { ChargeRow, RecurringRow } from './recurring.repository.js';

export const KindSchema = Type.Union([
  Type.Literal('domain'),
  Type.Literal('certificate'),
  Type.Literal('hosting'),
  Type.Literal('dns'),
  Type.Literal('license'),
  Type.Literal('other'),
]);

export const RecurringServiceSchema = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  organizationName: Type.String(),
  kind: KindSchema,
  name: Type.String(),
  vendor: OrNull.String(),
  /** Our cost: only for those who may see costs. */
  costKopecks: Type.Optional(Type.Integer()),
  priceKopecks: Type.Integer(),
  vatRate: OrNull.Integer(),
  billingEveryMonths: Type.Integer(),
  nextBillingDate: Type.String(),
  expiresOn: OrNull.String(),
  daysLeft: OrNull.Integer(),
  expired: Type.Boolean(),
  host: OrNull.String(),
  liveCheck: Type.Boolean(),
  notifyContactId: OrNull.Integer(),
  managerId: OrNull.Integer(),
  notes: OrNull.String(),
  active: Type.Boolean(),
  lastCheckAt: OrNull.String(),
  lastCheckResult: OrNull.String(),
  lastCheckError: OrNull.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export interface Viewer {
  today: string;
  showCost: boolean;
}

export function presentRecurring(r: RecurringRow, viewer: Viewer): Static<typeof RecurringServiceSchema> {
  const daysLeft = r.expires_on === null ? null : daysBetween(viewer.today, r.expires_on);
  return {
    id: r.id,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    kind: r.kind,
    name: r.name,
    vendor: r.vendor,
    ...(viewer.showCost && { costKopecks: r.cost_kopecks }),
    priceKopecks: r.price_kopecks,
    vatRate: r.vat_rate,
    billingEveryMonths: r.billing_every_months,
    nextBillingDate: r.next_billing_date,
    expiresOn: r.expires_on,
    daysLeft,
    expired: daysLeft !== null && daysLeft < 0,
    host: r.host,
    liveCheck: r.live_check === 1,
    notifyContactId: r.notify_contact_id,
    managerId: r.manager_id,
    notes: r.notes,
    active: r.active === 1,
    lastCheckAt: r.last_check_at,
    lastCheckResult: r.last_check_result,
    lastCheckError: r.last_check_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const RecurringChargeSchema = Type.Object({
  id: Type.Integer(),
  recurringServiceId: Type.Integer(),
  itemName: Type.String(),
  itemKind: Type.String(),
  organizationId: Type.Integer(),
  organizationName: Type.String(),
  billingDate: Type.String(),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  description: Type.String(),
  amountKopecks: Type.Integer(),
  vatRate: OrNull.Integer(),
  costKopecks: Type.Optional(Type.Integer()),
  invoicedAt: OrNull.String(),
  createdAt: Type.String(),
});

export function presentCharge(c: ChargeRow, showCost: boolean): Static<typeof RecurringChargeSchema> {
  return {
    id: c.id,
    recurringServiceId: c.recurring_service_id,
    itemName: c.item_name,
    itemKind: c.item_kind,
    organizationId: c.organization_id,
    organizationName: c.organization_name,
    billingDate: c.billing_date,
    periodStart: c.period_start,
    periodEnd: c.period_end,
    description: c.description,
    amountKopecks: c.amount_kopecks,
    vatRate: c.vat_rate,
    ...(showCost && { costKopecks: c.cost_kopecks }),
    invoicedAt: c.invoiced_at,
    createdAt: c.created_at,
  };
}
