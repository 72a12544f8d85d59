import type { Selectable } from 'kysely';
import type { LegalEntityTable } from '../../db/schema.js';
import type { DocumentLine, IssuedDocument, PartyRequisites, SellerRequisites } from './document-model.js';
import { printedDate } from './billing-lines.js';
import { shortName } from './requisites.js';
import { sumInWords } from './sum-in-words.js';

/**
 * The document as printed, frozen at issue: the parties' requisites as they are that day (a later change of
 * the bank or the director never rewrites a document already issued), the lines and the totals.
 */

/** Our legal entity's row as the desk keeps it: everything a document prints of the seller. */
export type EntityFields = Omit<
  Selectable<LegalEntityTable>,
  'id' | 'short_name' | 'active' | 'created_at' | 'updated_at'
>;

export function sellerOf(e: EntityFields): SellerRequisites {
  return {
    name: e.name,
    inn: e.inn,
    kpp: e.kpp,
    ogrn: e.ogrn,
    address: e.address,
    bankName: e.bank_name,
    bik: e.bik,
    corrAccount: e.corr_account,
    settlementAccount: e.settlement_account,
    phone: e.phone,
    email: e.email,
    director: { position: e.director_position, fullName: e.director_name, shortName: shortName(e.director_name) },
    accountant:
      e.accountant_name && e.accountant_position
        ? { position: e.accountant_position, fullName: e.accountant_name, shortName: shortName(e.accountant_name) }
        : null,
    stampSha256: e.stamp_sha256,
    directorSignatureSha256: e.director_signature_sha256,
    accountantSignatureSha256: e.accountant_signature_sha256,
  };
}

export function buyerOf(
  o: { name: string; legal_name: string | null; tax_id: string | null },
  address: string | null,
): PartyRequisites {
  return {
    name: o.legal_name?.trim() || o.name,
    inn: o.tax_id,
    kpp: null,
    ogrn: null,
    address,
    bankName: null,
    bik: null,
    corrAccount: null,
    settlementAccount: null,
    phone: null,
    email: null,
  };
}

const money = (kopecks: number, language: 'ru' | 'en') => {
  const abs = Math.abs(kopecks);
  const text = `${Math.floor(abs / 100)}${language === 'ru' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
  return kopecks < 0 ? `-${text}` : text;
};

/** «Оплата по счёту № 15 от 04.12.2026 за услуги по договору № 2026-020. В т.ч. НДС 22 % — 825,00 руб.» */
export function paymentPurpose(p: {
  number: string;
  date: string;
  language: 'ru' | 'en';
  agreementNumber: string | null;
  vatRate: number | null;
  vatKopecks: number;
}): string {
  if (p.language === 'ru') {
    const vat =
      p.vatRate === null ? 'НДС не облагается' : `В т.ч. НДС ${p.vatRate} % — ${money(p.vatKopecks, 'ru')} руб.`;
    const basis = p.agreementNumber ? ` по договору № ${p.agreementNumber}` : '';
    return `Оплата по счёту № ${p.number} от ${printedDate(p.date)} за услуги${basis}. ${vat}`;
  }
  const vat =
    p.vatRate === null ? 'VAT not applicable' : `Including VAT ${p.vatRate} %: ${money(p.vatKopecks, 'en')} RUB`;
  const basis = p.agreementNumber ? ` under agreement ${p.agreementNumber}` : '';
  return `Payment for invoice No. ${p.number} of ${printedDate(p.date)} for services${basis}. ${vat}`;
}

/** What an issue knows: the document's own fields as printed, our entity's row, the priced lines and totals. */
export interface SnapshotInput extends Pick<
  IssuedDocument,
  | 'id'
  | 'kind'
  | 'correction'
  | 'corrects'
  | 'number'
  | 'date'
  | 'language'
  | 'buyer'
  | 'agreement'
  | 'periodFrom'
  | 'periodTo'
  | 'contractTerms'
> {
  entity: EntityFields;
  /** Quantities in thousandths, as the lines are stored. */
  lines: Array<Omit<DocumentLine, 'quantity'> & { quantityMilli: number }>;
  totals: { netKopecks: number; vatKopecks: number; totalKopecks: number };
}

export function issuedDocument(s: SnapshotInput): IssuedDocument {
  const lines: DocumentLine[] = s.lines.map((l) => ({
    position: l.position,
    description: l.description,
    quantity: l.quantityMilli / 1000,
    unit: l.unit,
    unitPriceKopecks: l.unitPriceKopecks,
    discountKopecks: l.discountKopecks,
    netKopecks: l.netKopecks,
    vatRate: l.vatRate,
    vatKopecks: l.vatKopecks,
    totalKopecks: l.totalKopecks,
  }));
  return {
    id: s.id,
    kind: s.kind,
    correction: s.correction,
    corrects: s.corrects,
    number: s.number,
    date: s.date,
    language: s.language,
    seller: sellerOf(s.entity),
    buyer: s.buyer,
    agreement: s.agreement,
    periodFrom: s.periodFrom,
    periodTo: s.periodTo,
    lines,
    netKopecks: s.totals.netKopecks,
    vatKopecks: s.totals.vatKopecks,
    totalKopecks: s.totals.totalKopecks,
    vatMode: s.entity.vat_mode,
    pricesIncludeVat: s.entity.prices_include_vat === 1,
    totalInWords: sumInWords(s.totals.totalKopecks, s.language),
    paymentPurpose:
      s.kind === 'invoice'
        ? paymentPurpose({
            number: s.number,
            date: s.date,
            language: s.language,
            agreementNumber: s.agreement?.number ?? null,
            vatRate: lines[0]?.vatRate ?? null,
            vatKopecks: s.totals.vatKopecks,
          })
        : null,
    ...(s.contractTerms && { contractTerms: s.contractTerms }),
  };
}
