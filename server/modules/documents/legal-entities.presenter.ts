import type { Static } from '@sinclair/typebox';
import type { LegalEntityTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import type { EntitySchema } from './legal-entities.schemas.js';

export function presentEntity(e: Selectable<LegalEntityTable>): Static<typeof EntitySchema> {
  const image = (sha: string | null, name: string) =>
    sha ? `/api/v1/legal-entities/${e.id}/${name}?v=${sha.slice(0, 12)}` : null;
  return {
    id: e.id,
    name: e.name,
    shortName: e.short_name,
    inn: e.inn,
    kpp: e.kpp,
    ogrn: e.ogrn,
    address: e.address,
    bankName: e.bank_name,
    bik: e.bik,
    corrAccount: e.corr_account,
    settlementAccount: e.settlement_account,
    directorName: e.director_name,
    directorPosition: e.director_position,
    accountantName: e.accountant_name,
    accountantPosition: e.accountant_position,
    phone: e.phone,
    email: e.email,
    vatMode: e.vat_mode,
    pricesIncludeVat: e.prices_include_vat === 1,
    active: e.active === 1,
    stampUrl: image(e.stamp_sha256, 'stamp'),
    directorSignatureUrl: image(e.director_signature_sha256, 'director-signature'),
    accountantSignatureUrl: image(e.accountant_signature_sha256, 'accountant-signature'),
    createdAt: e.created_at,
    updatedAt: e.updated_at,
  };
}
