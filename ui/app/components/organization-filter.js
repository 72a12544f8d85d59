import { html } from '../html.js';
import { t } from '../i18n.js';

/** A list's filter by client (`name="organizationId"`); the empty choice lists every client. */
export const OrganizationFilter = ({ value, organizations, onChange }) =>
  html`<label class="filter"
    >${t('field.organization')}
    <select name="organizationId" value=${value} onChange=${(e) => onChange(e.target.value)}>
      <option value="">${t('filter.any')}</option>
      ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
    </select></label
  >`;
