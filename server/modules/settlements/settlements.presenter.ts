import type { Static } from '@sinclair/typebox';
import type { PaymentHistorySchema, PaymentSchema } from './settlements.schemas.js';
import type { PaymentRow } from './settlements.repository.js';

export function presentPayment(p: PaymentRow): Static<typeof PaymentSchema> {
  return {
    id: p.id,
    status: p.organization_id === null ? 'unmatched' : 'matched',
    organizationId: p.organization_id,
    organizationName: p.organization_name,
    entityId: p.entity_id,
    invoiceId: p.invoice_document_id,
    invoiceNumber: p.invoice_number,
    invoiceDate: p.invoice_date,
    date: p.date,
    amountKopecks: p.amount_kopecks,
    payerName: p.payer_name,
    payerInn: p.payer_inn,
    payerAccount: p.payer_account,
    purpose: p.purpose,
    paymentNumber: p.payment_number,
    source: p.source,
    importId: p.import_id,
    matchedBy: p.matched_by,
    createdAt: p.created_at,
  };
}

export function presentHistory(h: {
  at: string;
  actor: string;
  from_organization_id: number | null;
  from_invoice_document_id: number | null;
  to_organization_id: number | null;
  to_invoice_document_id: number | null;
  note: string | null;
}): Static<typeof PaymentHistorySchema> {
  return {
    at: h.at,
    actor: h.actor,
    fromOrganizationId: h.from_organization_id,
    fromInvoiceId: h.from_invoice_document_id,
    toOrganizationId: h.to_organization_id,
    toInvoiceId: h.to_invoice_document_id,
    note: h.note,
  };
}
