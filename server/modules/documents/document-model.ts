/**
 * The frozen document model: what an issued document says, exactly as printed. It is stored as the
 * document's snapshot at issue (the requisites of both parties as they were that day) and rendered by
 * `render/`. Extend only by adding optional fields: snapshots already stored must stay readable.
 */
export type DocumentKind = 'invoice' | 'act' | 'contract' | 'reconciliation';
export type VatMode = 'standard' | '10' | '0' | 'none';

export interface PartyRequisites {
  name: string;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  address: string | null;
  bankName: string | null;
  bik: string | null;
  corrAccount: string | null;
  settlementAccount: string | null;
  phone: string | null;
  email: string | null;
}

export interface Signer {
  position: string;
  fullName: string;
  /** «Иванов И. И.» */
  shortName: string;
}

export interface SellerRequisites extends PartyRequisites {
  director: Signer;
  accountant: Signer | null;
  stampSha256: string | null;
  directorSignatureSha256: string | null;
  accountantSignatureSha256: string | null;
}

export interface DocumentLine {
  position: number;
  description: string;
  /** e.g. 1.5 */
  quantity: number;
  unit: string;
  unitPriceKopecks: number;
  discountKopecks: number;
  netKopecks: number;
  vatRate: number | null;
  vatKopecks: number;
  totalKopecks: number;
}

export interface IssuedDocument {
  id: number;
  kind: DocumentKind;
  correction: 'storno' | 'corrected' | null;
  corrects: { number: string; date: string } | null;
  number: string;
  /** YYYY-MM-DD */
  date: string;
  language: 'ru' | 'en';
  seller: SellerRequisites;
  buyer: PartyRequisites;
  agreement: { number: string; title: string | null; startsOn: string; endsOn: string | null } | null;
  periodFrom: string | null;
  periodTo: string | null;
  lines: DocumentLine[];
  netKopecks: number;
  vatKopecks: number;
  totalKopecks: number;
  vatMode: VatMode;
  pricesIncludeVat: boolean;
  /** «Сорок две тысячи рублей 50 копеек» (ru) or "Forty-two thousand roubles 50 kopecks" (en) */
  totalInWords: string;
  /** Invoices: «Оплата по счёту № 15 от 04.12.2026 за услуги … В т.ч. НДС 22 % …» */
  paymentPurpose: string | null;
  /** Contracts: the agreement's terms for the template */
  contractTerms?: {
    tier: string;
    services: string[];
    slaTargets: { priority: string; reactionMinutes: number | null; resolutionMinutes: number | null }[];
    packageHours: number | null;
    calendarName: string | null;
  };
}

export interface ReconciliationRow {
  date: string;
  document: string;
  debitKopecks: number;
  creditKopecks: number;
}

export interface ReconciliationStatement {
  language: 'ru' | 'en';
  seller: SellerRequisites;
  buyer: PartyRequisites;
  from: string;
  to: string;
  /** positive: the client owes us */
  openingBalanceKopecks: number;
  rows: ReconciliationRow[];
  debitTurnoverKopecks: number;
  creditTurnoverKopecks: number;
  closingBalanceKopecks: number;
}
