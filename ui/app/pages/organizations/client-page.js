import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { TimeAgo } from '../../components/time-ago.js';
import { ErrorBox } from '../../components/error.js';
import { loadStyles, lazyPage } from '../../components/lazy.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { PriorityChip, StatusChip, Tag } from '../../components/chips.js';
import { may } from '../../session.js';
import { AddressDialog, ClientDialog, ContactDialog } from './client-forms.js';

export const ready = Promise.all([loadMessages('clients'), loadStyles('/app/styles/clients.css')]);

const OrganizationMailSettings = lazyPage(
  () => import('../../components/org-mail-settings.js'),
  'OrganizationMailSettings',
);
const OrganizationRecurring = lazyPage(() => import('../recurring/org-recurring.js'), 'OrganizationRecurring');
const OrganizationDocuments = lazyPage(() => import('../documents/org-documents.js'), 'OrganizationDocuments');
const OrganizationSatisfaction = lazyPage(() => import('../../components/satisfaction.js'), 'OrganizationSatisfaction');
const OrganizationPortal = lazyPage(() => import('../../components/org-portal.js'), 'OrganizationPortal');

/** A client: its requisites, people and addresses (all editable by those who may), then what hangs off it. */
export function ClientPage({ id, me, onOrganizationsChanged }) {
  const { data, error, reload } = useData(
    () =>
      Promise.all([
        api.get(`/organizations/${id}`),
        api.get(`/organizations/${id}/contacts`),
        api.get(`/organizations/${id}/addresses`),
        api.get(`/tickets?organizationId=${id}&limit=20`),
      ]).then(([org, contacts, addresses, tickets]) => ({
        org,
        contacts: contacts.items,
        addresses: addresses.items,
        tickets: tickets.items,
      })),
    [id],
  );
  const [editing, setEditing] = useState(false);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p class="muted">${t('common.loading')}</p>`;
  const { org } = data;
  const canEdit = may(me, 'organization.write');
  return html` <section class="org client-page">
    <div class="page-head">
      <h1>${org.name}</h1>
      <div class="head-actions">
        ${canEdit && html`<button onClick=${() => setEditing(true)}>${t('clients.edit')}</button>`}
        ${may(me, 'agreement.read') && html`<a class="button" href=${`/agreements?organizationId=${org.id}`}>${t('nav.agreements')}</a>`}
        <a class="button" href=${`/tickets/new?organizationId=${org.id}`}>${t('nav.new')}</a>
      </div>
    </div>
    <dl class="facts client-facts">
      <dt>${t('org.legalName')}</dt>
      <dd>${org.legalName ?? '—'}</dd>
      <dt>${t('org.taxId')}</dt>
      <dd class="client-inn">${org.taxId ?? '—'}</dd>
      <dt>${t('clients.kpp')}</dt>
      <dd class="client-kpp">${org.kpp ?? '—'}</dd>
      <dt>${t('field.tags')}</dt>
      <dd>${org.tags.length ? org.tags.map((tag) => html`<${Tag}>${tag}<//>`) : '—'}</dd>
      <dt>${t('org.notes')}</dt>
      <dd class="client-notes">${org.notes ?? html`<span class="muted">${t('clients.noNotes')}</span>`}</dd>
    </dl>
    <div class="columns">
      <${Contacts} orgId=${org.id} contacts=${data.contacts} canEdit=${may(me, 'contact.write')} reload=${reload} />
      <${Addresses} orgId=${org.id} addresses=${data.addresses} canEdit=${canEdit} reload=${reload} />
    </div>
    <${OrganizationMailSettings} orgId=${org.id} canEdit=${canEdit} />
    <${OrganizationPortal} key=${data.contacts.length} orgId=${org.id} canEdit=${canEdit} />
    ${may(me, 'recurring.read') && html`<${OrganizationRecurring} orgId=${org.id} me=${me} />`}
    ${may(me, 'document.read') && html`<${OrganizationDocuments} orgId=${org.id} />`}
    ${may(me, 'survey.read') && html`<${OrganizationSatisfaction} orgId=${org.id} />`}
    <h2><a href=${`/tickets?organizationId=${org.id}`}>${t('org.tickets')}</a></h2>
    <div class="table-wrap">
      <table class="grid">
        <tbody>
          ${data.tickets.map(
            (tk) =>
              html`<tr>
                <td class="col-number">${tk.number}</td>
                <td><a href=${`/tickets/${tk.id}`}>${tk.subject}</a></td>
                <td><${StatusChip} status=${tk.status} /></td>
                <td><${PriorityChip} priority=${tk.priority} /></td>
                <td class="muted"><${TimeAgo} iso=${tk.updatedAt} /></td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${
      editing &&
      html`<${ClientDialog}
        org=${org}
        onClose=${() => setEditing(false)}
        onSaved=${() => {
          setEditing(false);
          onOrganizationsChanged?.();
          reload();
        }}
      />`
    }
  </section>`;
}

/** The client's people: edited in a dialog; one who left is deactivated (their tickets keep their name). */
function Contacts({ orgId, contacts, canEdit, reload }) {
  const [dialog, setDialog] = useState(/** @type {null | { contact: any }} */ (null));
  const toggle = useSubmit(async (/** @type {{ id: number, name: string, active: boolean }} */ contact) => {
    if (contact.active && !confirm(t('clients.contact.deactivateConfirm', { name: contact.name }))) return;
    await api.patch(`/organizations/${orgId}/contacts/${contact.id}`, { active: !contact.active });
    reload();
  });
  return html`<div class="client-block">
    <div class="block-head">
      <h2>${t('org.contacts')}</h2>
      ${canEdit && html`<button onClick=${() => setDialog({ contact: null })}>${t('org.addContact')}</button>`}
    </div>
    ${contacts.length === 0 && html`<p class="empty-hint">${t('clients.contact.none')}</p>`}
    <ul class="client-list contacts-list">
      ${contacts.map(
        (c) =>
          html`<li class=${c.active ? 'contact' : 'contact inactive'} data-contact=${c.id}>
            <div class="client-item-main">
              <b>${c.name}</b>
              ${c.position && html`<span class="muted">${c.position}</span>`}
              ${!c.active && html`<span class="chip inactive-chip">${t('clients.contact.inactive')}</span>`}
              <span class="client-item-links">
                ${c.email && html`<a href=${`mailto:${c.email}`}>${c.email}</a>`}
                ${c.phone && html`<a href=${`tel:${c.phone}`}>${c.phone}</a>`}
              </span>
            </div>
            ${
              canEdit &&
              html`<div class="client-item-actions">
                <button onClick=${() => setDialog({ contact: c })}>${t('clients.edit')}</button>
                <button disabled=${toggle.busy} onClick=${() => toggle.run(c)}>
                  ${c.active ? t('clients.contact.deactivate') : t('clients.contact.activate')}
                </button>
              </div>`
            }
          </li>`,
      )}
    </ul>
    <${ErrorBox} error=${toggle.error} />
    ${
      dialog &&
      html`<${ContactDialog}
        orgId=${orgId}
        contact=${dialog.contact}
        onClose=${() => setDialog(null)}
        onSaved=${() => {
          setDialog(null);
          reload();
        }}
      />`
    }
  </div>`;
}

/** The client's addresses, each with a link that opens the map in a new tab (no map is loaded in the desk). */
function Addresses({ orgId, addresses, canEdit, reload }) {
  const [dialog, setDialog] = useState(/** @type {null | { address: any }} */ (null));
  const remove = useSubmit(async (/** @type {{ id: number, address: string }} */ a) => {
    if (!confirm(t('clients.address.deleteConfirm', { address: a.address }))) return;
    await api.del(`/organizations/${orgId}/addresses/${a.id}`);
    reload();
  });
  return html`<div class="client-block">
    <div class="block-head">
      <h2>${t('org.addresses')}</h2>
      ${canEdit && html`<button onClick=${() => setDialog({ address: null })}>${t('org.addAddress')}</button>`}
    </div>
    ${addresses.length === 0 && html`<p class="empty-hint">${t('clients.address.none')}</p>`}
    <ul class="client-list addresses">
      ${addresses.map(
        (a) =>
          html`<li data-address=${a.id}>
            <div class="client-item-main">
              ${a.label && html`<b>${a.label}</b>`}
              <span class="address-text">${a.address}</span>
              <span class="client-item-links maps">
                <a
                  class="map-link"
                  href=${a.mapLinks.openStreetMap}
                  target="_blank"
                  rel="noopener noreferrer"
                  title=${t('clients.address.mapNote')}
                  >${t('clients.address.map')} ↗</a
                >
                <a href=${a.mapLinks.yandexMaps} target="_blank" rel="noopener noreferrer">Яндекс Карты ↗</a>
              </span>
            </div>
            ${
              canEdit &&
              html`<div class="client-item-actions">
                <button onClick=${() => setDialog({ address: a })}>${t('clients.edit')}</button>
                <button disabled=${remove.busy} onClick=${() => remove.run(a)}>${t('clients.address.delete')}</button>
              </div>`
            }
          </li>`,
      )}
    </ul>
    <${ErrorBox} error=${remove.error} />
    ${
      dialog &&
      html`<${AddressDialog}
        orgId=${orgId}
        address=${dialog.address}
        onClose=${() => setDialog(null)}
        onSaved=${() => {
          setDialog(null);
          reload();
        }}
      />`
    }
  </div>`;
}
