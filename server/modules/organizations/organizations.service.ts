import type { Ctx } from '../../context.js';
import type { PortalRole } from '../../db/schema.js';
import { inTransaction } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { decodeCursor, normalizeTags, pageOf } from '../../shared/pagination.js';
import { authorize } from '../auth/index.js';
import * as repo from './organizations.repository.js';

export interface OrganizationInput {
  name: string;
  legalName?: string | null;
  taxId?: string | null;
  kpp?: string | null;
  notes?: string | null;
  tags?: string[];
}

export async function createOrganization(ctx: Ctx, input: OrganizationInput) {
  authorize(ctx.actor, 'organization.write');
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, (tx) =>
    repo.insertOrganization(tx.db, {
      name: input.name.trim(),
      legal_name: input.legalName ?? null,
      tax_id: input.taxId ?? null,
      kpp: input.kpp ?? null,
      notes: input.notes ?? null,
      tags: normalizeTags(input.tags ?? []),
      created_at: now,
      updated_at: now,
    }),
  );
}

export async function updateOrganization(ctx: Ctx, id: number, input: Partial<OrganizationInput>) {
  authorize(ctx.actor, 'organization.write');
  const updated = await inTransaction(ctx, (tx) =>
    repo.updateOrganization(tx.db, id, {
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.legalName !== undefined && { legal_name: input.legalName }),
      ...(input.taxId !== undefined && { tax_id: input.taxId }),
      ...(input.kpp !== undefined && { kpp: input.kpp }),
      ...(input.notes !== undefined && { notes: input.notes }),
      ...(input.tags !== undefined && { tags: normalizeTags(input.tags) }),
      updated_at: ctx.clock.now().toISOString(),
    }),
  );
  if (!updated) throw notFound(`Organization ${id}`);
  return updated;
}

export async function getOrganization(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'organization.read');
  const org = await repo.findOrganization(ctx.db, id);
  if (!org) throw notFound(`Organization ${id}`);
  return org;
}

export async function listOrganizations(ctx: Ctx, opts: { q?: string; cursor?: string; limit: number }) {
  authorize(ctx.actor, 'organization.read');
  const after = decodeCursor(opts.cursor);
  const rows = await repo.listOrganizations(ctx.db, {
    q: opts.q,
    limit: opts.limit,
    ...(after && { afterName: String(after[0]), afterId: after[1] }),
  });
  return pageOf(rows, opts.limit, (o) => [o.name, o.id]);
}

export interface ContactInput {
  name: string;
  position?: string | null;
  email?: string | null;
  phone?: string | null;
  language?: 'ru' | 'en';
}

export async function createContact(ctx: Ctx, organizationId: number, input: ContactInput) {
  authorize(ctx.actor, 'contact.write');
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, async (tx) => {
    if (!(await repo.findOrganization(tx.db, organizationId))) throw notFound(`Organization ${organizationId}`);
    return repo.insertContact(tx.db, {
      organization_id: organizationId,
      name: input.name.trim(),
      position: input.position ?? null,
      email: input.email?.trim().toLowerCase() ?? null,
      phone: input.phone ?? null,
      language: input.language ?? 'ru',
      created_at: now,
      updated_at: now,
    });
  });
}

export interface ContactPortalInput {
  portalRole?: PortalRole;
  portalEnabled?: boolean;
  active?: boolean;
}

/** Changes a contact; with `organizationId` only a contact of that organization (the nested route). */
export async function updateContact(
  ctx: Ctx,
  id: number,
  input: Partial<ContactInput> & ContactPortalInput,
  organizationId?: number,
) {
  authorize(ctx.actor, 'contact.write');
  const updated = await inTransaction(ctx, (tx) =>
    repo.updateContact(tx.db, id, organizationId, {
      ...(input.portalRole !== undefined && { portal_role: input.portalRole }),
      ...(input.portalEnabled !== undefined && { portal_enabled: input.portalEnabled ? 1 : 0 }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.position !== undefined && { position: input.position }),
      ...(input.email !== undefined && { email: input.email?.trim().toLowerCase() ?? null }),
      ...(input.phone !== undefined && { phone: input.phone }),
      ...(input.language !== undefined && { language: input.language }),
      updated_at: ctx.clock.now().toISOString(),
    }),
  );
  if (!updated)
    throw notFound(organizationId === undefined ? `Contact ${id}` : `Contact ${id} of organization ${organizationId}`);
  return updated;
}

export async function getContact(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'organization.read');
  const contact = await repo.findContact(ctx.db, id);
  if (!contact) throw notFound(`Contact ${id}`);
  return contact;
}

export async function listContacts(ctx: Ctx, organizationId: number) {
  await getOrganization(ctx, organizationId);
  return repo.listContacts(ctx.db, organizationId);
}

export interface AddressInput {
  label?: string | null;
  address: string;
  latitude?: number | null;
  longitude?: number | null;
}

export async function addAddress(ctx: Ctx, organizationId: number, input: AddressInput) {
  authorize(ctx.actor, 'organization.write');
  return inTransaction(ctx, async (tx) => {
    if (!(await repo.findOrganization(tx.db, organizationId))) throw notFound(`Organization ${organizationId}`);
    return repo.insertAddress(tx.db, {
      organization_id: organizationId,
      label: input.label ?? null,
      address: input.address.trim(),
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      created_at: ctx.clock.now().toISOString(),
    });
  });
}

export async function updateAddress(ctx: Ctx, organizationId: number, id: number, input: Partial<AddressInput>) {
  authorize(ctx.actor, 'organization.write');
  const updated = await inTransaction(ctx, (tx) =>
    repo.updateAddress(tx.db, organizationId, id, {
      ...(input.label !== undefined && { label: input.label }),
      ...(input.address !== undefined && { address: input.address.trim() }),
      ...(input.latitude !== undefined && { latitude: input.latitude }),
      ...(input.longitude !== undefined && { longitude: input.longitude }),
    }),
  );
  if (!updated) throw notFound(`Address ${id} of organization ${organizationId}`);
  return updated;
}

export async function removeAddress(ctx: Ctx, organizationId: number, id: number) {
  authorize(ctx.actor, 'organization.write');
  const result = await inTransaction(ctx, (tx) => repo.deleteAddress(tx.db, organizationId, id));
  if (Number(result.numDeletedRows) === 0) throw notFound(`Address ${id} of organization ${organizationId}`);
}

export async function listAddresses(ctx: Ctx, organizationId: number) {
  await getOrganization(ctx, organizationId);
  return repo.listAddresses(ctx.db, organizationId);
}

/** Whether an organization exists: for other modules checking a reference (no permission implied). */
export async function organizationExists(ctx: Ctx, id: number): Promise<boolean> {
  return Boolean(await repo.findOrganization(ctx.db, id));
}

/** Which organization a contact belongs to, if the contact exists (no permission implied). */
export async function contactOrganizationId(ctx: Ctx, contactId: number): Promise<number | undefined> {
  return (await repo.findContact(ctx.db, contactId))?.organization_id;
}
