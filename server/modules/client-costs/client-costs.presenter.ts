import { Type, type Static } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';
import type { ClientCostRow } from './client-costs.repository.js';

export const ClientCostSchema = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  organizationName: Type.String(),
  date: Type.String(),
  description: Type.String(),
  vendor: OrNull.String(),
  /** Net of VAT. */
  amountKopecks: Type.Integer(),
  vatRate: OrNull.Integer(),
  vatKopecks: Type.Integer(),
  totalKopecks: Type.Integer(),
  rebill: Type.Boolean(),
  invoicedAt: OrNull.String(),
  agreementId: OrNull.Integer(),
  ticketId: OrNull.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export function presentCost(c: ClientCostRow): Static<typeof ClientCostSchema> {
  return {
    id: c.id,
    organizationId: c.organization_id,
    organizationName: c.organization_name,
    date: c.cost_date,
    description: c.description,
    vendor: c.vendor,
    amountKopecks: c.amount_kopecks,
    vatRate: c.vat_rate,
    vatKopecks: c.vat_kopecks,
    totalKopecks: c.amount_kopecks + c.vat_kopecks,
    rebill: c.rebill === 1,
    invoicedAt: c.invoiced_at,
    agreementId: c.agreement_id,
    ticketId: c.ticket_id,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}
