import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { useSubmit } from '../../components/use-submit.js';
import { ENDED, ServicesPicker } from '../agreement-form.js';

/** The services an agreement covers: clients file tickets only on these. */
export function Services({ agreement, canEdit, catalogue, onSaved }) {
  const initial = agreement.services.map((s) => s.id);
  const [selected, setSelected] = useState(initial);
  const [notice, setNotice] = useState('');
  const editable = canEdit && !ENDED.has(agreement.status);
  const dirty = JSON.stringify([...selected].sort()) !== JSON.stringify([...initial].sort());
  // Covered services that are retired are missing from the active catalogue: the agreement's own list has them.
  const all = [...catalogue, ...agreement.services.filter((s) => !catalogue.some((c) => c.id === s.id))];
  const save = useSubmit(async () => {
    const saved = await api.put(`/agreements/${agreement.id}/services`, { serviceIds: selected });
    setSelected(saved.services.map((s) => s.id));
    setNotice(t('agr.servicesSaved'));
    onSaved(saved);
  });
  return html`<section class="card" aria-labelledby="services-title">
    <div class="card-head">
      <h2 id="services-title">${t('agr.services')}</h2>
      <div class="head-actions">
        ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
        ${editable && html`<button type="button" class="primary" disabled=${save.busy || !dirty} onClick=${() => save.run()}>${t('common.save')}</button>`}
      </div>
    </div>
    <${ErrorBox} error=${save.error} />
    ${
      editable
        ? html`<${ServicesPicker}
            catalogue=${all}
            selected=${selected}
            onChange=${(s) => {
              setSelected(s);
              setNotice('');
            }}
          />`
        : agreement.services.length
          ? html`<ul class="plain-list services-list">
              ${agreement.services.map((s) => html`<li>${s.name}${s.category && html` <span class="muted">· ${s.category}</span>`}</li>`)}
            </ul>`
          : html`<p class="muted">${t('agr.noServices')}</p>`
    }
  </section>`;
}
