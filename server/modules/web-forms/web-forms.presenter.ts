import type { Static } from '@sinclair/typebox';
import type { FormRow } from './web-forms.repository.js';
import type { FormSchema } from './web-forms.schemas.js';
import { limitsOf, parseFields, parseOrigins } from './web-forms.service.js';

/** The line a client pastes into its page: the script finds its own host from its src. */
export const embedSnippet = (baseUrl: string, key: string) =>
  `<script src="${baseUrl}/embed/form.js" data-form-key="${key}" async></script>`;

export function presentForm(f: FormRow, baseUrl: string): Static<typeof FormSchema> {
  return {
    key: f.key,
    name: f.name,
    organizationId: f.organization_id,
    organizationName: f.organization_name,
    origins: parseOrigins(f),
    fields: parseFields(f),
    serviceId: f.service_id,
    serviceName: f.service_name,
    priority: f.priority,
    language: f.language,
    active: f.active === 1,
    holdUnknownDomains: f.hold_unknown_domains === 1,
    attachments: f.attachments === 1,
    limits: limitsOf(f),
    embedSnippet: embedSnippet(baseUrl, f.key),
    createdAt: f.created_at,
    updatedAt: f.updated_at,
  };
}
