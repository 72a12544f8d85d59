import { OrNull } from '../../http/types.js';
import { Type, type Static } from '@sinclair/typebox';
import type { Address, Contact, Organization } from '../../db/schema.js';
import { parseTags } from '../../shared/pagination.js';

export const OrganizationSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  legalName: OrNull.String(),
  taxId: OrNull.String(),
  kpp: OrNull.String(),
  notes: OrNull.String(),
  tags: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ContactSchema = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  name: Type.String(),
  position: OrNull.String(),
  email: OrNull.String(),
  phone: OrNull.String(),
  language: Type.String(),
  createdAt: Type.String(),
  portalRole: Type.String(),
  portalEnabled: Type.Boolean(),
  active: Type.Boolean(),
});

export const AddressSchema = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  label: OrNull.String(),
  address: Type.String(),
  latitude: OrNull.Number(),
  longitude: OrNull.Number(),
  mapLinks: Type.Object({ openStreetMap: Type.String(), yandexMaps: Type.String() }),
});

export function presentOrganization(o: Organization): Static<typeof OrganizationSchema> {
  return {
    id: o.id,
    name: o.name,
    legalName: o.legal_name,
    taxId: o.tax_id,
    kpp: o.kpp,
    notes: o.notes,
    tags: parseTags(o.tags),
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  };
}

export function presentContact(c: Contact): Static<typeof ContactSchema> {
  return {
    id: c.id,
    organizationId: c.organization_id,
    name: c.name,
    position: c.position,
    email: c.email,
    phone: c.phone,
    language: c.language,
    createdAt: c.created_at,
    portalRole: c.portal_role,
    portalEnabled: c.portal_enabled === 1,
    active: c.active === 1,
  };
}

/**
 * Links that open the address on a map in the viewer's browser. Built from the stored text and
 * coordinates only: the server never calls a map service (appliances run offline).
 */
export function mapLinks(a: Pick<Address, 'address' | 'latitude' | 'longitude'>) {
  const text = encodeURIComponent(a.address);
  if (a.latitude !== null && a.longitude !== null) {
    const lat = a.latitude.toFixed(6);
    const lon = a.longitude.toFixed(6);
    return {
      openStreetMap: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`,
      yandexMaps: `https://yandex.ru/maps/?pt=${lon},${lat}&z=17&l=map`,
    };
  }
  return {
    openStreetMap: `https://www.openstreetmap.org/search?query=${text}`,
    yandexMaps: `https://yandex.ru/maps/?text=${text}`,
  };
}

export function presentAddress(a: Address): Static<typeof AddressSchema> {
  return {
    id: a.id,
    organizationId: a.organization_id,
    label: a.label,
    address: a.address,
    latitude: a.latitude,
    longitude: a.longitude,
    mapLinks: mapLinks(a),
  };
}
