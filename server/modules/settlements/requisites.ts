import type { PartyRequisites, SellerRequisites } from '../documents/index.js';
import type { LegalEntityRow } from './settlements.repository.js';

/** «Иванов Иван Иванович» → «Иванов И. И.»: the surname and initials a signature line prints. */
function initials(fullName: string): string {
  const [surname, ...rest] = fullName.trim().split(/\s+/);
  if (!surname) return '';
  const tail = rest.map((p) => `${p.charAt(0).toUpperCase()}.`).join(' ');
  return tail ? `${surname} ${tail}` : surname;
}

/** Our entity's requisites as a statement prints them (the signers of its side). */
export function sellerRequisites(e: LegalEntityRow): SellerRequisites {
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
    director: { position: e.director_position, fullName: e.director_name, shortName: initials(e.director_name) },
    accountant:
      e.accountant_name && e.accountant_position
        ? { position: e.accountant_position, fullName: e.accountant_name, shortName: initials(e.accountant_name) }
        : null,
    stampSha256: e.stamp_sha256,
    directorSignatureSha256: e.director_signature_sha256,
    accountantSignatureSha256: e.accountant_signature_sha256,
  };
}

/** The client as the desk knows it: its legal name when recorded, its INN, its first address. */
export function buyerRequisites(
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
