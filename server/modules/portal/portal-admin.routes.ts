import { Type } from '@sinclair/typebox';
import { IdParams, problemResponses, type App } from '../../http/types.js';
import type { Installation } from '../../installation.js';
import { getPortalSettings, inviteContact, savePortalSettings } from './portal-admin.service.js';
import { OrgContactParams, PortalSettingsSchema } from './portal.schemas.js';
import { publicBase } from './portal.routes.js';

/** The desk's side of the portal: an organization's portal settings and invitations (agents only). */
export async function portalAdminRoutes(app: App, opts: { installation: Installation }) {
  const tags = ['portal'];
  app.get(
    '/organizations/:id/portal',
    {
      schema: {
        tags,
        summary: "An organization's portal settings: who sees which tickets, the reopen window, on or off",
        params: IdParams,
        response: { 200: PortalSettingsSchema, ...problemResponses },
      },
    },
    async (request) => getPortalSettings(request.ctx(), request.params.id),
  );
  app.put(
    '/organizations/:id/portal',
    {
      schema: {
        tags,
        params: IdParams,
        body: PortalSettingsSchema,
        response: { 200: PortalSettingsSchema, ...problemResponses },
      },
    },
    async (request) => savePortalSettings(request.ctx(), request.params.id, request.body),
  );
  app.post(
    '/organizations/:id/contacts/:contactId/portal-invite',
    {
      schema: {
        tags,
        summary: 'Mail the contact a sign-in link to the portal',
        params: OrgContactParams,
        response: { 202: Type.Object({ accepted: Type.Boolean() }), 422: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) => {
      await inviteContact(request.ctx(), request.params.id, request.params.contactId, publicBase(opts.installation));
      return reply.status(202).send({ accepted: true });
    },
  );
}
