import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { ErrorBox } from './error.js';
import { useData } from './use-data.js';
import { useSubmit } from './use-submit.js';

// Loaded with the panel only: the client page is part of the first load, these words and this code are not.
await loadMessages('portal-admin');

const roles = ['requester', 'supervisor', 'billing'];
const visibilities = ['own', 'organization', 'chosen'];

/** One contact's portal role, access and invitation. */
function ContactPortalRow({ orgId, contact, canEdit, onChanged }) {
  const [note, setNote] = useState(null);
  const patch = useSubmit(async (body) => {
    await api.patch(`/organizations/${orgId}/contacts/${contact.id}`, body);
    onChanged();
  });
  const invite = useSubmit(async () => {
    await api.post(`/organizations/${orgId}/contacts/${contact.id}/portal-invite`, {});
    setNote(t('orgportal.invited', { email: contact.email }));
  });
  const roleId = `portal-role-${contact.id}`;
  const accessId = `portal-access-${contact.id}`;
  return html`<tr data-portal-contact=${contact.id}>
    <td>${contact.name}<br /><span class="muted">${contact.email ?? t('orgportal.noEmail')}</span></td>
    <td>
      <label class="visually-hidden" for=${roleId}>${t('orgportal.role')}</label>
      <select
        id=${roleId}
        name="portal-role"
        value=${contact.portalRole}
        disabled=${!canEdit || patch.busy}
        onChange=${(e) => patch.run({ portalRole: e.target.value })}
      >
        ${roles.map((r) => html`<option value=${r}>${t(`orgportal.role.${r}`)}</option>`)}
      </select>
    </td>
    <td>
      <input
        id=${accessId}
        type="checkbox"
        name="portal-enabled"
        checked=${contact.portalEnabled}
        disabled=${!canEdit || patch.busy}
        onChange=${(e) => patch.run({ portalEnabled: e.target.checked })}
      />
      <label for=${accessId}>${t('orgportal.access')}</label>
    </td>
    <td>
      ${
        canEdit &&
        contact.email &&
        contact.portalEnabled &&
        html`<button type="button" data-portal-invite disabled=${invite.busy} onClick=${() => invite.run()}>
          ${t('orgportal.invite')}
        </button>`
      }
      ${note && html`<span class="success" role="status">${note}</span>`}
      <${ErrorBox} error=${patch.error ?? invite.error} />
    </td>
  </tr>`;
}

/** A client's portal: whether its contacts may sign in, who sees which tickets, the reopen window, and each contact's role. */
export function OrganizationPortal({ orgId, canEdit }) {
  const { data, error, reload } = useData(
    () =>
      Promise.all([api.get(`/organizations/${orgId}/portal`), api.get(`/organizations/${orgId}/contacts`)]).then(
        ([settings, contacts]) => ({ settings, contacts: contacts.items }),
      ),
    [orgId],
  );
  const [form, setForm] = useState(null);
  const [saved, setSaved] = useState(false);
  const save = useSubmit(async () => {
    setForm(await api.put(`/organizations/${orgId}/portal`, { ...current, reopenDays: Number(current.reopenDays) }));
    setSaved(true);
  });
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return null;
  const current = form ?? data.settings;
  const change = (patch) => {
    setForm({ ...current, ...patch });
    setSaved(false);
  };
  return html`<section
    class="org-portal card"
    data-org-portal
    style="display:grid;grid-template-columns:minmax(0,1fr);gap:8px;max-width:960px;margin:16px 0"
  >
    <h2>${t('orgportal.title')}</h2>
    <form onSubmit=${save.onSubmit} style="display:grid;grid-template-columns:minmax(0,1fr);gap:8px">
      <label style="display:flex;gap:8px;align-items:flex-start"
        ><input
          type="checkbox"
          name="portal-enabled"
          checked=${current.enabled}
          disabled=${!canEdit}
          onChange=${(e) => change({ enabled: e.target.checked })}
        />
        ${t('orgportal.enabled')}</label
      >
      <label style="display:grid;gap:4px"
        >${t('orgportal.visibility')}
        <select
          name="portal-visibility"
          style="width:100%;min-width:0;box-sizing:border-box"
          value=${current.visibility}
          disabled=${!canEdit}
          onChange=${(e) => change({ visibility: e.target.value })}
        >
          ${visibilities.map((v) => html`<option value=${v}>${t(`orgportal.visibility.${v}`)}</option>`)}
        </select>
      </label>
      <label style="display:grid;gap:4px;max-width:320px"
        >${t('orgportal.reopenDays')}
        <input
          type="number"
          name="portal-reopen-days"
          min="0"
          max="365"
          required
          value=${current.reopenDays}
          disabled=${!canEdit}
          onInput=${(e) => change({ reopenDays: e.target.value })}
        />
      </label>
      <${ErrorBox} error=${save.error} />
      <div>
        ${canEdit && html`<button type="submit" class="primary" disabled=${save.busy}>${t('orgportal.save')}</button>`}
        ${saved && html` <span class="success" role="status">${t('orgportal.saved')}</span>`}
      </div>
    </form>
    <h3>${t('orgportal.contacts')}</h3>
    ${
      data.contacts.length === 0
        ? html`<p class="muted">${t('orgportal.noContacts')}</p>`
        : html`<div style="overflow-x:auto">
            <table class="grid">
              <thead>
                <tr>
                  <th>${t('orgportal.contact')}</th>
                  <th>${t('orgportal.role')}</th>
                  <th>${t('orgportal.access')}</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${data.contacts.map(
                  (c) =>
                    html`<${ContactPortalRow}
                      key=${c.id}
                      orgId=${orgId}
                      contact=${c}
                      canEdit=${canEdit}
                      onChanged=${reload}
                    />`,
                )}
              </tbody>
            </table>
          </div>`
    }
  </section>`;
}
