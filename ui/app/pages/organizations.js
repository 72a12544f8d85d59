import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { formatAgo } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';
import { useSubmit } from '../components/use-submit.js';
import { PriorityChip, StatusChip, Tag } from '../components/chips.js';
import { may } from '../session.js';
import { lazyPage } from '../components/lazy.js';

const OrganizationMailSettings = lazyPage(
  () => import('../components/org-mail-settings.js'),
  'OrganizationMailSettings',
);
const OrganizationRecurring = lazyPage(() => import('./recurring/org-recurring.js'), 'OrganizationRecurring');
const OrganizationDocuments = lazyPage(() => import('./documents/org-documents.js'), 'OrganizationDocuments');
const OrganizationSatisfaction = lazyPage(() => import('../components/satisfaction.js'), 'OrganizationSatisfaction');
const OrganizationPortal = lazyPage(() => import('../components/org-portal.js'), 'OrganizationPortal');

export function OrganizationsPage({ me, onOrganizationsChanged }) {
  const [q, setQ] = useState('');
  const { data, error } = useData(() => api.get(`/organizations?${query({ q, limit: 200 })}`), [q]);
  const [name, setName] = useState('');
  const canCreate = may(me, 'organization.write');
  const create = useSubmit(async () => {
    const org = await api.post('/organizations', { name });
    onOrganizationsChanged();
    navigate(`/organizations/${org.id}`);
  });
  return html` <section>
    <div class="page-head">
      <h1>${t('org.title')}</h1>
      <input class="filter-text" placeholder=${t('org.search')} value=${q} onInput=${(e) => setQ(e.target.value)} />
    </div>
    <${ErrorBox} error=${error} />
    <table class="grid">
      <thead>
        <tr>
          <th>${t('org.name')}</th>
          <th>${t('org.legalName')}</th>
          <th>${t('org.taxId')}</th>
          <th>${t('field.tags')}</th>
        </tr>
      </thead>
      <tbody>
        ${(data?.items ?? []).map(
          (o) =>
            html` <tr>
              <td><a href=${`/organizations/${o.id}`}>${o.name}</a></td>
              <td>${o.legalName ?? ''}</td>
              <td>${o.taxId ?? ''}</td>
              <td>${o.tags.map((tag) => html`<${Tag}>${tag}<//>`)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      canCreate &&
      html`<form class="inline-form" onSubmit=${create.onSubmit}>
        <input
          name="name"
          required
          placeholder=${t('org.new')}
          value=${name}
          onInput=${(e) => setName(e.target.value)}
        />
        <button type="submit" disabled=${create.busy}>${t('common.save')}</button><${ErrorBox} error=${create.error} />
      </form>`
    }
  </section>`;
}

function AddContact({ orgId, onAdded }) {
  const [f, setF] = useState({ name: '', email: '', phone: '', position: '' });
  const submit = useSubmit(async () => {
    await api.post(`/organizations/${orgId}/contacts`, {
      name: f.name,
      email: f.email || null,
      phone: f.phone || null,
      position: f.position || null,
    });
    setF({ name: '', email: '', phone: '', position: '' });
    onAdded();
  });
  const input = (k, label, type = 'text') =>
    html`<input
      name=${k}
      type=${type}
      placeholder=${label}
      value=${f[k]}
      onInput=${(e) => setF({ ...f, [k]: e.target.value })}
      required=${k === 'name'}
    />`;
  return html`<form class="inline-form" onSubmit=${submit.onSubmit}>
    ${input('name', t('org.name'))}${input('position', t('org.position'))}${input('email', t('org.email'), 'email')}${input('phone', t('org.phone'))}
    <button type="submit" disabled=${submit.busy}>${t('org.addContact')}</button><${ErrorBox} error=${submit.error} />
  </form>`;
}

export function OrganizationPage({ id, me }) {
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
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p class="muted">${t('common.loading')}</p>`;
  const { org } = data;
  return html` <section class="org">
    <div class="page-head">
      <h1>${org.name}</h1>
      <div class="head-actions">
        ${may(me, 'agreement.read') && html`<a class="button" href=${`/agreements?organizationId=${org.id}`}>${t('nav.agreements')}</a>`}
        <a class="button" href=${`/tickets/new?organizationId=${org.id}`}>${t('nav.new')}</a>
      </div>
    </div>
    <dl class="facts">
      <dt>${t('org.legalName')}</dt>
      <dd>${org.legalName ?? '—'}</dd>
      <dt>${t('org.taxId')}</dt>
      <dd>${org.taxId ?? '—'}</dd>
      <dt>${t('field.tags')}</dt>
      <dd>${org.tags.map((tag) => html`<${Tag}>${tag}<//>`)}</dd>
      ${
        org.notes &&
        html`<dt>${t('org.notes')}</dt>
          <dd>${org.notes}</dd>`
      }
    </dl>
    <div class="columns">
      <div>
        <h2>${t('org.contacts')}</h2>
        <table class="grid">
          <tbody>
            ${data.contacts.map(
              (c) =>
                html`<tr>
                  <td>${c.name}</td>
                  <td class="muted">${c.position ?? ''}</td>
                  <td>${c.email && html`<a href=${`mailto:${c.email}`}>${c.email}</a>`}</td>
                  <td>${c.phone && html`<a href=${`tel:${c.phone}`}>${c.phone}</a>`}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <${AddContact} orgId=${org.id} onAdded=${reload} />
      </div>
      <div>
        <h2>${t('org.addresses')}</h2>
        <ul class="addresses">
          ${data.addresses.map(
            (a) =>
              html`<li>
                <b>${a.label ?? ''}</b> ${a.address}
                <span class="maps"
                  ><a href=${a.mapLinks.openStreetMap} target="_blank" rel="noopener noreferrer">OpenStreetMap</a> ·
                  <a href=${a.mapLinks.yandexMaps} target="_blank" rel="noopener noreferrer">Яндекс Карты</a></span
                >
              </li>`,
          )}
        </ul>
      </div>
    </div>
    <${OrganizationMailSettings} orgId=${org.id} canEdit=${may(me, 'organization.write')} />
    <${OrganizationPortal} key=${data.contacts.length} orgId=${org.id} canEdit=${may(me, 'organization.write')} />
    ${may(me, 'recurring.read') && html`<${OrganizationRecurring} orgId=${org.id} me=${me} />`}
    ${may(me, 'document.read') && html`<${OrganizationDocuments} orgId=${org.id} />`}
    ${may(me, 'survey.read') && html`<${OrganizationSatisfaction} orgId=${org.id} />`}
    <h2><a href=${`/tickets?organizationId=${org.id}`}>${t('org.tickets')}</a></h2>
    <table class="grid">
      <tbody>
        ${data.tickets.map(
          (tk) =>
            html`<tr>
              <td class="col-number">${tk.number}</td>
              <td><a href=${`/tickets/${tk.id}`}>${tk.subject}</a></td>
              <td><${StatusChip} status=${tk.status} /></td>
              <td><${PriorityChip} priority=${tk.priority} /></td>
              <td class="muted">${formatAgo(tk.updatedAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
