import type { IssuedDocument } from '../document-model.js';

/**
 * The payment QR of an invoice, ГОСТ Р 56042-2014 «Стандарты финансовых операций. Двумерные символы
 * штрихового кода для осуществления платежей физических лиц»: a bank app scans it and fills in the transfer.
 *
 * The header `ST00012` is the format id "ST", version "0001" and encoding "2" = UTF-8 (1 is windows-1251,
 * 3 KOI8-R); fields follow as `|Key=Value`. The five mandatory ones come first in the standard's order (Name,
 * PersonalAcc, BankName, BIC, CorrespAcc), then the optional ones we know (PayeeINN, KPP, Purpose, Sum).
 * Sum is in kopecks. A field we have no value for is left out rather than sent empty.
 */

/** Maximum lengths of the standard's fields (table 1 and 2 of the ГОСТ). */
const maxLength: Record<string, number> = {
  Name: 160,
  PersonalAcc: 20,
  BankName: 45,
  BIC: 9,
  CorrespAcc: 20,
  PayeeINN: 12,
  KPP: 9,
  Purpose: 210,
  Sum: 18,
};

/**
 * A value as the format can carry it: `|` is the field separator and may not occur inside a value, line
 * breaks mean nothing to a bank form, and an over-long value is cut at the standard's limit.
 */
function fieldValue(key: string, value: string): string {
  const clean = value
    .replace(/[|\r\n\t]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return [...clean].slice(0, maxLength[key] ?? 300).join('');
}

export function paymentQrPayload(doc: IssuedDocument): string {
  const { seller } = doc;
  const fields: Array<[string, string | null]> = [
    ['Name', seller.name],
    ['PersonalAcc', seller.settlementAccount],
    ['BankName', seller.bankName],
    ['BIC', seller.bik],
    ['CorrespAcc', seller.corrAccount],
    ['PayeeINN', seller.inn],
    ['KPP', seller.kpp],
    ['Purpose', doc.paymentPurpose],
    ['Sum', doc.totalKopecks > 0 ? String(doc.totalKopecks) : null],
  ];
  let payload = 'ST00012';
  for (const [key, value] of fields) {
    if (value === null) continue;
    const v = fieldValue(key, value);
    if (v) payload += `|${key}=${v}`;
  }
  return payload;
}

/** Whether the seller's requisites make a payable QR at all (the mandatory fields are present). */
export function canPayByQr(doc: IssuedDocument): boolean {
  const s = doc.seller;
  return Boolean(s.name && s.settlementAccount && s.bankName && s.bik && s.corrAccount && doc.totalKopecks > 0);
}
