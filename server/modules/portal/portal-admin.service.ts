import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { PortalVisibility } from '../../db/schema.js';
import { AppError, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { getOrganization } from '../organizations/index.js';
import { mailInvitation } from './contact-auth.service.js';
import * as repo from './portal.repository.js';

export interface PortalSettings {
  visibility: PortalVisibility;
  reopenDays: number;
  enabled: boolean;
}

export async function getPortalSettings(ctx: Ctx, organizationId: number): Promise<PortalSettings> {
  authorize(ctx.actor, 'organization.read');
  const row = await repo.findSettings(ctx.db, organizationId);
  if (!row) throw notFound(`Organization ${organizationId}`);
  return { visibility: row.visibility, reopenDays: row.reopenDays, enabled: row.enabled === 1 };
}

export async function savePortalSettings(ctx: Ctx, organizationId: number, input: PortalSettings) {
  authorize(ctx.actor, 'organization.write');
  await getOrganization(ctx, organizationId);
  await inTransaction(ctx, (tx) =>
    repo.saveSettings(tx.db, organizationId, {
      visibility: input.visibility,
      reopen_days: input.reopenDays,
      enabled: input.enabled ? 1 : 0,
      updated_at: tx.clock.now().toISOString(),
    }),
  );
  return getPortalSettings(ctx, organizationId);
}

/** Mails a contact a login link to the portal (an invitation): the contact needs an address and portal access. */
export async function inviteContact(ctx: Ctx, organizationId: number, contactId: number, baseUrl: string) {
  authorize(ctx.actor, 'contact.write');
  const organization = await getOrganization(ctx, organizationId);
  const contact = await repo.findOrganizationContact(ctx.db, organizationId, contactId);
  if (!contact) throw notFound(`Contact ${contactId} of organization ${organizationId}`);
  if (!contact.email)
    throw new AppError(422, 'no_email', `${contact.name} has no e-mail address: add one before inviting them`);
  const settings = await getPortalSettings(ctx, organizationId);
  if (!settings.enabled)
    throw new AppError(
      422,
      'portal_disabled',
      `The portal is switched off for ${organization.name}: switch it on first`,
    );
  if (!contact.active)
    throw new AppError(422, 'contact_inactive', `${contact.name} is deactivated: activate them before inviting`);
  if (!contact.portal_enabled)
    throw new AppError(422, 'contact_portal_disabled', `${contact.name} may not use the portal: allow it first`);
  await mailInvitation(
    ctx,
    {
      id: contact.id,
      name: contact.name,
      email: contact.email,
      language: contact.language,
      organizationName: organization.name,
    },
    baseUrl,
  );
}
