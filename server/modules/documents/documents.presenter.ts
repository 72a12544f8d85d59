import type { Static } from '@sinclair/typebox';
import type { IssuedDocument } from './document-model.js';
import type { DocumentRow } from './documents.repository.js';
import type { DocumentDetailSchema, DocumentSchema, IssuedSchema, LineSchema } from './documents.schemas.js';
import type { IssuedSummary } from './documents.service.js';
import type { PricedLine } from './billing-lines.js';

export const pdfUrl = (id: number) => `/api/v1/documents/${id}.pdf`;

export const presentIssued = (d: IssuedSummary): Static<typeof IssuedSchema> => ({ ...d, pdfUrl: pdfUrl(d.id) });

export function presentDocument(
  d: DocumentRow,
  reversedBy: { id: number; number: string } | null,
): Static<typeof DocumentSchema> {
  return {
    id: d.id,
    kind: d.kind,
    correction: d.correction,
    correctsDocumentId: d.corrects_document_id,
    reversedBy,
    number: d.number_text,
    date: d.date,
    organizationId: d.organization_id,
    organizationName: d.organization_name,
    entityId: d.entity_id,
    entityName: d.entity_name,
    agreementId: d.agreement_id,
    sourceDocumentId: d.source_document_id,
    periodFrom: d.period_from,
    periodTo: d.period_to,
    netKopecks: d.net_kopecks,
    vatKopecks: d.vat_kopecks,
    totalKopecks: d.total_kopecks,
    language: d.language,
    billingMonth: d.billing_month,
    createdBy: d.created_by,
    createdAt: d.created_at,
    pdfUrl: pdfUrl(d.id),
  };
}

interface StoredLine {
  position: number;
  source_kind: string;
  source_ids: string | null;
  description: string;
  quantity_milli: number;
  unit: string;
  unit_price_kopecks: number;
  discount_kopecks: number;
  net_kopecks: number;
  vat_rate: number | null;
  vat_kopecks: number;
  total_kopecks: number;
}

export const presentStoredLine = (l: StoredLine): Static<typeof LineSchema> => ({
  position: l.position,
  sourceKind: l.source_kind,
  sourceIds: l.source_ids ? (JSON.parse(l.source_ids) as Array<number | string>) : null,
  description: l.description,
  quantity: l.quantity_milli / 1000,
  unit: l.unit,
  unitPriceKopecks: l.unit_price_kopecks,
  discountKopecks: l.discount_kopecks,
  netKopecks: l.net_kopecks,
  vatRate: l.vat_rate,
  vatKopecks: l.vat_kopecks,
  totalKopecks: l.total_kopecks,
});

export const presentPricedLine = (l: PricedLine): Static<typeof LineSchema> => ({
  position: l.position,
  sourceKind: l.sourceKind,
  sourceIds: l.sourceIds,
  description: l.description,
  quantity: l.quantityMilli / 1000,
  unit: l.unit,
  unitPriceKopecks: l.unitPriceKopecks,
  discountKopecks: l.discountKopecks,
  netKopecks: l.netKopecks,
  vatRate: l.vatRate,
  vatKopecks: l.vatKopecks,
  totalKopecks: l.totalKopecks,
});

export function presentDetail(r: {
  doc: DocumentRow;
  lines: StoredLine[];
  deliveries: Array<{ id: number; to_address: string; outbox_id: number | null; created_at: string }>;
  reversedBy: { id: number; number: string } | null;
}): Static<typeof DocumentDetailSchema> {
  const snapshot = JSON.parse(r.doc.snapshot) as IssuedDocument;
  return {
    ...presentDocument(r.doc, r.reversedBy),
    totalInWords: snapshot.totalInWords,
    paymentPurpose: snapshot.paymentPurpose,
    lines: r.lines.map(presentStoredLine),
    deliveries: r.deliveries.map((d) => ({
      id: d.id,
      toAddress: d.to_address,
      outboxId: d.outbox_id,
      createdAt: d.created_at,
    })),
  };
}
