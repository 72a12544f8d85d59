import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { ErrorBox } from './error.js';
import { useData } from './use-data.js';
import { useSubmit } from './use-submit.js';

// Loaded with the panel only: the client page is part of the first load, these words and this code are not.
await loadMessages('org-mail');

const parseDomains = (text) => [
  ...new Set(
    text
      .split(/[\s,;]+/)
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean),
  ),
];

/** A client's e-mail settings: the acknowledgement switch and the mail domains that route unknown senders to it. */
export function OrganizationMailSettings({ orgId, canEdit }) {
  const { data, error } = useData(
    () =>
      Promise.all([
        api.get(`/organizations/${orgId}/notification-settings`),
        api.get(`/organizations/${orgId}/mail-domains`),
      ]).then(([settings, domains]) => ({ ack: settings.acknowledgeNewTickets, domains: domains.domains })),
    [orgId],
  );
  const [form, setForm] = useState(null);
  const [saved, setSaved] = useState(false);
  const save = useSubmit(async () => {
    const [settings, domains] = await Promise.all([
      api.put(`/organizations/${orgId}/notification-settings`, { acknowledgeNewTickets: current.ack }),
      api.put(`/organizations/${orgId}/mail-domains`, { domains: parseDomains(current.domains) }),
    ]);
    setForm({ ack: settings.acknowledgeNewTickets, domains: domains.domains.join('\n') });
    setSaved(true);
  });
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return null;
  const current = form ?? { ack: data.ack, domains: data.domains.join('\n') };
  const change = (patch) => {
    setForm({ ...current, ...patch });
    setSaved(false);
  };
  return html`<form
    class="org-mail card"
    data-org-mail
    onSubmit=${save.onSubmit}
    style="display:grid;gap:8px;max-width:720px;margin:16px 0"
  >
    <h2>${t('orgmail.title')}</h2>
    <label style="display:flex;gap:8px;align-items:flex-start"
      ><input
        type="checkbox"
        name="acknowledge"
        checked=${current.ack}
        disabled=${!canEdit}
        onChange=${(e) => change({ ack: e.target.checked })}
      />
      ${t('orgmail.ack')}</label
    >
    <label style="display:grid;gap:4px"
      >${t('orgmail.domains')}
      <textarea
        name="mail-domains"
        rows="3"
        disabled=${!canEdit}
        value=${current.domains}
        onInput=${(e) => change({ domains: e.target.value })}
      ></textarea>
    </label>
    <p class="muted">${t('orgmail.domainsHint')}</p>
    <${ErrorBox} error=${save.error} />
    ${canEdit && html`<button type="submit" class="primary" disabled=${save.busy}>${t('orgmail.save')}</button>`}
    ${saved && html` <span class="success" role="status">${t('orgmail.saved')}</span>`}
  </form>`;
}
