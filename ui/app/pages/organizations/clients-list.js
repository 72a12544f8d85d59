import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api, query } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { navigate } from '../../router.js';
import { ErrorBox } from '../../components/error.js';
import { loadStyles } from '../../components/lazy.js';
import { useData } from '../../components/use-data.js';
import { Tag } from '../../components/chips.js';
import { may } from '../../session.js';
import { ClientDialog } from './client-forms.js';

export const ready = Promise.all([loadMessages('clients'), loadStyles('/app/styles/clients.css')]);

/** The clients, found by name, legal name or INN; a fresh desk says how to start instead of a bare header. */
export function ClientsList({ me, onOrganizationsChanged }) {
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const { data, error } = useData(() => api.get(`/organizations?${query({ q, limit: 200 })}`), [q]);
  const canCreate = may(me, 'organization.write');
  const items = data?.items ?? [];
  const created = (org) => {
    setCreating(false);
    onOrganizationsChanged?.();
    navigate(`/organizations/${org.id}`);
  };
  const newButton = (label) =>
    canCreate && html`<button class="primary" onClick=${() => setCreating(true)}>${label}</button>`;
  return html`<section class="clients">
    <div class="page-head">
      <h1>${t('org.title')}</h1>
      <div class="head-actions">
        <input
          class="filter-text"
          type="search"
          placeholder=${t('org.search')}
          value=${q}
          onInput=${(e) => setQ(e.target.value)}
        />
        ${newButton(t('clients.new'))}
      </div>
    </div>
    <${ErrorBox} error=${error} />
    ${
      data && items.length === 0 && !q
        ? html`<div class="empty-state">
            <h2>${t('clients.emptyTitle')}</h2>
            <p>${t('clients.emptyText')}</p>
            ${newButton(t('clients.addFirst'))}
          </div>`
        : data && items.length === 0
          ? html`<p class="empty">${t('clients.noMatch', { q })}</p>`
          : html`<div class="table-wrap">
              <table class="grid clients-table">
                <thead>
                  <tr>
                    <th>${t('org.name')}</th>
                    <th>${t('org.legalName')}</th>
                    <th>${t('org.taxId')}</th>
                    <th>${t('field.tags')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${items.map(
                    (o) =>
                      html`<tr>
                        <td><a href=${`/organizations/${o.id}`}>${o.name}</a></td>
                        <td>${o.legalName ?? ''}</td>
                        <td>${o.taxId ?? ''}${o.kpp ? html` / ${o.kpp}` : ''}</td>
                        <td>${o.tags.map((tag) => html`<${Tag}>${tag}<//>`)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
    }
    ${creating && html`<${ClientDialog} onClose=${() => setCreating(false)} onSaved=${created} />`}
  </section>`;
}
