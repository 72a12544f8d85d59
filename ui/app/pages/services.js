import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { t } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { useSubmit } from '../components/use-submit.js';
import { useData } from '../components/use-data.js';
import { ListHead } from '../components/list-head.js';
import { FieldError } from '../components/intervals.js';
import { may } from '../session.js';
import { problemFields } from '../agreement-format.js';
import { loadStyles } from '../components/lazy.js';

export const ready = loadStyles('/app/styles/agreements.css');

const blank = { name: '', category: '', description: '' };
const bodyOf = (f) => ({
  name: f.name.trim(),
  category: f.category.trim() || null,
  description: f.description.trim() || null,
});

/** Name, category and description inputs, shared by the new-service form and a row being edited. */
function ServiceFields({ form, set, errors, prefix, categories }) {
  const field = (name, label, extra = {}) =>
    html`<label class=${name === 'description' ? 'wide' : ''}
      >${label}
      ${
        name === 'description'
          ? html`<textarea
              name=${`${prefix}-${name}`}
              rows="2"
              maxlength="10000"
              value=${form[name]}
              onInput=${(e) => set({ [name]: e.target.value })}
            ></textarea>`
          : html`<input
              name=${`${prefix}-${name}`}
              value=${form[name]}
              onInput=${(e) => set({ [name]: e.target.value })}
              aria-invalid=${errors[name] ? 'true' : undefined}
              aria-describedby=${errors[name] ? `${prefix}-${name}-error` : undefined}
              ...${extra}
            />`
      } <${FieldError} id=${`${prefix}-${name}-error`} error=${errors[name]}
    /></label>`;
  return html`${field('name', t('svc.name'), { required: true, maxlength: 300 })}${field('category', t('svc.category'), { list: `${prefix}-categories`, maxlength: 200, autocomplete: 'off' })}
    ${field('description', t('svc.description'))}
    <datalist id=${`${prefix}-categories`}>${categories.map((c) => html`<option value=${c}></option>`)}</datalist>`;
}

function ServiceRow({ s, canEdit, categories, onChanged }) {
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState(null);
  const [errors, setErrors] = useState({});
  useEffect(() => {
    if (editing) /** @type {HTMLElement | null} */ (document.querySelector(`[name="svc-${s.id}-name"]`))?.focus();
  }, [editing]);
  // Refusals about a field show beside it; any other shows in the form, or under the row's buttons.
  const act = useSubmit(
    async (/** @type {() => Promise<unknown>} */ work) => {
      setErrors({});
      await work();
      setEditing(false);
      onChanged();
    },
    { onError: (err) => setErrors(problemFields(err.problem)) },
  );
  const save = (e) => {
    e.preventDefault();
    if (!form.name.trim()) {
      setErrors({ name: t('agr.err.required') });
      return;
    }
    act.run(() => api.patch(`/services/${s.id}`, bodyOf(form)));
  };
  const remove = () => confirm(t('svc.deleteConfirm', { name: s.name })) && act.run(() => api.del(`/services/${s.id}`));
  if (editing) {
    return html`<tr class="editing">
      <td colspan="5">
        <form
          class="form-grid service-edit"
          onSubmit=${save}
          novalidate
          aria-label=${t('svc.editOf', { name: s.name })}
        >
          <${ServiceFields}
            form=${form}
            set=${(p) => setForm((f) => ({ ...f, ...p }))}
            errors=${errors}
            prefix=${`svc-${s.id}`}
            categories=${categories}
          />
          <${ErrorBox} error=${Object.keys(errors).length ? null : act.error} />
          <div class="wide actions gap">
            <button type="button" onClick=${() => setEditing(false)}>${t('common.cancel')}</button>
            <button type="submit" class="primary" disabled=${act.busy}>${t('common.save')}</button>
          </div>
        </form>
      </td>
    </tr>`;
  }
  return html`<tr class=${s.active ? '' : 'retired-row'} data-id=${s.id}>
    <td><b>${s.name}</b>${!s.active && html` <span class="chip retired">${t('svc.retired')}</span>`}</td>
    <td>${s.category ?? html`<span class="muted">—</span>`}</td>
    <td class="muted svc-description">${s.description ?? ''}</td>
    <td>
      ${s.active ? html`<span class="chip agr-active">${t('svc.active')}</span>` : html`<span class="chip agr-expired">${t('svc.inactive')}</span>`}
    </td>
    <td class="num nowrap">
      ${
        canEdit &&
        html` <button
            type="button"
            class="link"
            aria-label=${t('svc.editOf', { name: s.name })}
            onClick=${() => {
              setForm({ name: s.name, category: s.category ?? '', description: s.description ?? '' });
              setErrors({});
              setEditing(true);
            }}
          >
            ${t('svc.edit')}
          </button>
          <button
            type="button"
            class="link"
            disabled=${act.busy}
            aria-label=${t(s.active ? 'svc.retireOf' : 'svc.restoreOf', { name: s.name })}
            onClick=${() => act.run(() => api.patch(`/services/${s.id}`, { active: !s.active }))}
          >
            ${t(s.active ? 'svc.retire' : 'svc.restore')}
          </button>
          <button
            type="button"
            class="link danger-link"
            disabled=${act.busy}
            aria-label=${t('svc.deleteOf', { name: s.name })}
            onClick=${remove}
          >
            ${t('svc.delete')}
          </button>`
      }
      ${!Object.keys(errors).length && html`<${ErrorBox} error=${act.error} class="row-error" />`}
    </td>
  </tr>`;
}

/** The service catalogue: what agreements cover and clients may file on. */
export function ServicesPage({ me }) {
  const [q, setQ] = useState('');
  const [showRetired, setShowRetired] = useState(false);
  const [version, setVersion] = useState(0);
  const { data, error } = useData(
    () => api.get(`/services?${query({ q: q.trim(), active: showRetired ? undefined : true, limit: 200 })}`),
    [q, showRetired, version],
  );
  const [form, setForm] = useState(blank);
  const [errors, setErrors] = useState({});
  const [notice, setNotice] = useState('');
  const canEdit = may(me, 'service.write');
  const reload = () => setVersion((v) => v + 1);
  const items = data?.items ?? [];
  const categories = [...new Set(items.map((s) => s.category).filter(Boolean))].sort();
  const create = useSubmit(
    async () => {
      setErrors({});
      const created = await api.post('/services', bodyOf(form));
      setForm(blank);
      setNotice(t('svc.created', { name: created.name }));
      reload();
    },
    { onError: (err) => setErrors(problemFields(err.problem)) },
  );
  const submitNew = (e) => {
    e.preventDefault();
    if (!form.name.trim()) {
      setErrors({ name: t('agr.err.required') });
      return;
    }
    create.run();
  };
  return html`<section class="services-page">
    <${ListHead}
      title=${t('svc.title')}
      lead=${t('svc.lead')}
      search=${{ label: t('svc.search'), value: q, onInput: setQ }}
    >
      <label class="checkbox-inline"
        ><input
          type="checkbox"
          name="showRetired"
          checked=${showRetired}
          onChange=${(e) => setShowRetired(e.target.checked)}
        />
        ${t('svc.showRetired')}</label
      >
    <//>
    <${ErrorBox} error=${error} />
    <div class="table-wrap">
      <table class="grid services-table">
        <thead>
          <tr>
            <th>${t('svc.name')}</th>
            <th>${t('svc.category')}</th>
            <th>${t('svc.description')}</th>
            <th>${t('field.status')}</th>
            <th><span class="visually-hidden">${t('matrix.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${items.map((s) => html`<${ServiceRow} key=${`${s.id}:${s.updatedAt}`} s=${s} canEdit=${canEdit} categories=${categories} onChanged=${reload} />`)}
        </tbody>
      </table>
      ${data && items.length === 0 && html`<p class="empty">${t(q ? 'svc.noneFound' : 'svc.none')}</p>`}
    </div>
    ${
      canEdit &&
      html`<section class="card new-service" aria-labelledby="new-service-title">
        <h2 id="new-service-title">${t('svc.new')}</h2>
        <form class="form-grid" onSubmit=${submitNew} novalidate>
          <${ServiceFields}
            form=${form}
            set=${(p) => {
              setForm((f) => ({ ...f, ...p }));
              setNotice('');
            }}
            errors=${errors}
            prefix="new-service"
            categories=${categories}
          />
          <${ErrorBox} error=${Object.keys(errors).length ? null : create.error} />
          <div class="wide actions gap">
            ${notice && html`<span class="saved-note" role="status">${notice}</span>`}<button
              type="submit"
              class="primary"
              disabled=${create.busy}
            >
              ${t('svc.add')}
            </button>
          </div>
        </form>
      </section>`
    }
  </section>`;
}
