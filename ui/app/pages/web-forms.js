import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { useSubmit } from '../components/use-submit.js';
import { useData } from '../components/use-data.js';
import { ListHead } from '../components/list-head.js';
import { loadStyles } from '../components/lazy.js';

// The words of this page.
await loadMessages('web-forms');

// Inline checkboxes and row actions look as they do on the services and teams pages.
export const ready = Promise.all([loadStyles('/app/styles/agreements.css'), loadStyles('/app/styles/web-forms.css')]);

/**
 * Web forms for clients' sites (the server's `form.manage`: admins and managers). A form belongs to a client, or
 * to the desk (senders placed by their e-mail domain as mail is); it lists the sites allowed to embed it, its
 * fields and the service and priority of the tickets it files. The embed snippet is what the client pastes.
 */

const BUILT_IN = ['name', 'email', 'phone', 'subject', 'message'];
const TYPES = ['text', 'textarea', 'email', 'phone', 'select'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];

const blank = () => ({
  name: '',
  organizationId: '',
  origins: '',
  serviceId: '',
  priority: 'P3',
  language: 'ru',
  active: true,
  holdUnknownDomains: false,
  attachments: false,
  limits: { perIp: 20, perEmail: 5, total: 500 },
  fields: null,
});

const formOf = (f) => ({
  name: f.name,
  organizationId: f.organizationId === null ? '' : String(f.organizationId),
  origins: f.origins.join('\n'),
  serviceId: f.serviceId === null ? '' : String(f.serviceId),
  priority: f.priority,
  language: f.language,
  active: f.active,
  holdUnknownDomains: f.holdUnknownDomains,
  attachments: f.attachments,
  limits: { ...f.limits },
  fields: f.fields.map((x) => ({ ...x, options: (x.options ?? []).join(', ') })),
});

function bodyOf(f) {
  return {
    name: f.name.trim() || undefined,
    organizationId: f.organizationId === '' ? null : Number(f.organizationId),
    origins: f.origins
      .split(/[\s,]+/)
      .map((o) => o.trim())
      .filter(Boolean),
    serviceId: f.serviceId === '' ? null : Number(f.serviceId),
    priority: f.priority,
    language: f.language,
    active: f.active,
    holdUnknownDomains: f.organizationId === '' ? f.holdUnknownDomains : false,
    attachments: f.attachments,
    limits: { perIp: Number(f.limits.perIp), perEmail: Number(f.limits.perEmail), total: Number(f.limits.total) },
    ...(f.fields && {
      fields: f.fields.map(({ options, builtIn: _local, ...x }) => ({
        ...x,
        ...(x.type === 'select' && {
          options: options
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean),
        }),
      })),
    }),
  };
}

/** One field of the form: built-in ones keep their name and type; custom ones may be removed. */
function FieldRow({ field, index, set, remove, prefix }) {
  const builtIn = BUILT_IN.includes(field.name) && field.builtIn !== false;
  const id = `${prefix}-field-${index}`;
  return html`<tr class="web-form-field">
    <td>
      <label class="visually-hidden" for=${`${id}-name`}>${t('wf.fieldName')}</label>
      <input
        id=${`${id}-name`}
        value=${field.name}
        disabled=${builtIn}
        pattern="[a-z][a-z0-9_]*"
        maxlength="40"
        size="10"
        onInput=${(e) => set({ name: e.target.value })}
      />
    </td>
    <td>
      <label class="visually-hidden" for=${`${id}-type`}>${t('wf.fieldType')}</label>
      <select
        id=${`${id}-type`}
        value=${field.type}
        disabled=${builtIn}
        onChange=${(e) => set({ type: e.target.value })}
      >
        ${TYPES.map((ty) => html`<option value=${ty}>${t(`wf.type.${ty}`)}</option>`)}
      </select>
    </td>
    <td>
      <label class="visually-hidden" for=${`${id}-ru`}>${t('wf.labelRu')}</label>
      <input
        id=${`${id}-ru`}
        value=${field.label.ru}
        maxlength="200"
        onInput=${(e) => set({ label: { ...field.label, ru: e.target.value } })}
      />
    </td>
    <td>
      <label class="visually-hidden" for=${`${id}-en`}>${t('wf.labelEn')}</label>
      <input
        id=${`${id}-en`}
        value=${field.label.en}
        maxlength="200"
        onInput=${(e) => set({ label: { ...field.label, en: e.target.value } })}
      />
      ${
        field.type === 'select' &&
        html`<label class="visually-hidden" for=${`${id}-options`}>${t('wf.options')}</label>
          <input
            id=${`${id}-options`}
            placeholder=${t('wf.options')}
            value=${field.options}
            onInput=${(e) => set({ options: e.target.value })}
          />`
      }
    </td>
    <td class="num">
      <label class="checkbox"
        ><input
          type="checkbox"
          checked=${field.required}
          disabled=${field.name === 'email' || field.name === 'message'}
          onChange=${(e) => set({ required: e.target.checked })}
        /><span class="visually-hidden">${t('wf.required')}</span></label
      >
    </td>
    <td class="num">
      ${
        !builtIn &&
        html`<button
          type="button"
          class="link danger-link"
          aria-label=${t('wf.removeField', { name: field.name || '…' })}
          onClick=${remove}
        >
          ${t('wf.remove')}
        </button>`
      }
    </td>
  </tr>`;
}

function FieldsEditor({ fields, setFields, prefix }) {
  const update = (i, patch) => setFields(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const add = () =>
    setFields([
      ...fields,
      {
        name: `custom_${fields.length + 1}`,
        type: 'text',
        label: { ru: '', en: '' },
        required: false,
        options: '',
        builtIn: false,
      },
    ]);
  return html`<fieldset class="wide web-form-fields">
    <legend>${t('wf.fields')}</legend>
    <div class="table-wrap">
      <table class="grid">
        <thead>
          <tr>
            <th>${t('wf.fieldName')}</th>
            <th>${t('wf.fieldType')}</th>
            <th>${t('wf.labelRu')}</th>
            <th>${t('wf.labelEn')}</th>
            <th class="num">${t('wf.required')}</th>
            <th><span class="visually-hidden">${t('wf.remove')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${fields.map(
            (f, i) =>
              html`<${FieldRow}
                key=${i}
                field=${f}
                index=${i}
                prefix=${prefix}
                set=${(p) => update(i, p)}
                remove=${() => setFields(fields.filter((_, j) => j !== i))}
              />`,
          )}
        </tbody>
      </table>
    </div>
    <button type="button" onClick=${add}>${t('wf.addField')}</button>
  </fieldset>`;
}

function FormEditor({ form: initial, organizations, services, prefix, onSaved, onCancel, defaultFields }) {
  const [form, setForm] = useState(() => {
    const f = initial ? formOf(initial) : blank();
    return { ...f, fields: f.fields ?? defaultFields.map((x) => ({ ...x, options: '' })) };
  });
  const set = (patch) => setForm((f) => ({ ...f, ...patch }));
  const save = useSubmit(async () => {
    const body = bodyOf(form);
    const saved = initial ? await api.patch(`/forms/${initial.key}`, body) : await api.post('/forms', body);
    if (!initial) setForm({ ...blank(), fields: defaultFields.map((x) => ({ ...x, options: '' })) });
    onSaved(saved);
  });
  const desk = form.organizationId === '';
  return html`<form
    class="form-grid web-form-editor"
    onSubmit=${save.onSubmit}
    aria-label=${initial ? t('wf.editOf', { name: initial.name }) : t('wf.new')}
  >
    <label
      >${t('wf.name')}
      <input
        name=${`${prefix}-name`}
        value=${form.name}
        maxlength="200"
        placeholder=${t('wf.namePlaceholder')}
        onInput=${(e) => set({ name: e.target.value })}
    /></label>
    <label
      >${t('wf.owner')}
      <select
        name=${`${prefix}-organization`}
        value=${form.organizationId}
        onChange=${(e) => set({ organizationId: e.target.value })}
      >
        <option value="">${t('wf.desk')}</option>
        ${organizations.map((o) => html`<option value=${String(o.id)}>${o.name}</option>`)}
      </select>
    </label>
    <label class="wide"
      >${t('wf.origins')}
      <textarea
        name=${`${prefix}-origins`}
        rows="2"
        required
        placeholder="https://client.example"
        value=${form.origins}
        onInput=${(e) => set({ origins: e.target.value })}
      ></textarea>
      <span class="muted">${t('wf.originsHint')}</span>
    </label>
    <label
      >${t('wf.service')}
      <select name=${`${prefix}-service`} value=${form.serviceId} onChange=${(e) => set({ serviceId: e.target.value })}>
        <option value="">${t('wf.noService')}</option>
        ${services.map((s) => html`<option value=${String(s.id)}>${s.name}</option>`)}
      </select>
    </label>
    <label
      >${t('wf.priority')}
      <select name=${`${prefix}-priority`} value=${form.priority} onChange=${(e) => set({ priority: e.target.value })}>
        ${PRIORITIES.map((p) => html`<option value=${p}>${p}</option>`)}
      </select>
    </label>
    <label
      >${t('wf.language')}
      <select name=${`${prefix}-language`} value=${form.language} onChange=${(e) => set({ language: e.target.value })}>
        <option value="ru">Русский</option>
        <option value="en">English</option>
      </select>
    </label>
    <div class="web-form-flags">
      <label class="checkbox"
        ><input
          type="checkbox"
          name=${`${prefix}-active`}
          checked=${form.active}
          onChange=${(e) => set({ active: e.target.checked })}
        />
        ${t('wf.active')}</label
      >
      <label class="checkbox"
        ><input
          type="checkbox"
          name=${`${prefix}-attachments`}
          checked=${form.attachments}
          onChange=${(e) => set({ attachments: e.target.checked })}
        />
        ${t('wf.attachments')}</label
      >
      ${
        desk &&
        html`<label class="checkbox"
          ><input
            type="checkbox"
            name=${`${prefix}-hold`}
            checked=${form.holdUnknownDomains}
            onChange=${(e) => set({ holdUnknownDomains: e.target.checked })}
          />
          ${t('wf.hold')}</label
        >`
      }
    </div>
    <fieldset class="wide web-form-limits">
      <legend>${t('wf.limits')}</legend>
      ${['perIp', 'perEmail', 'total'].map(
        (k) =>
          html`<label
            >${t(`wf.limit.${k}`)}
            <input
              type="number"
              min="1"
              name=${`${prefix}-limit-${k}`}
              value=${form.limits[k]}
              onInput=${(e) => set({ limits: { ...form.limits, [k]: e.target.value } })}
          /></label>`,
      )}
    </fieldset>
    <${FieldsEditor} fields=${form.fields} setFields=${(fields) => set({ fields })} prefix=${prefix} />
    <div class="wide"><${ErrorBox} error=${save.error} /></div>
    <div class="wide actions gap">
      ${onCancel && html`<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>`}
      <button type="submit" class="primary" disabled=${save.busy}>
        ${initial ? t('common.save') : t('wf.create')}
      </button>
    </div>
  </form>`;
}

function Snippet({ form }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(form.embedSnippet).catch(() => undefined);
    setCopied(true);
  };
  return html`<div class="web-form-snippet">
    <label
      >${t('wf.snippet')}
      <textarea readonly rows="2" class="code" onFocus=${(e) => e.target.select()}>${form.embedSnippet}</textarea>
    </label>
    <button type="button" onClick=${copy}>${t('wf.copy')}</button>
    ${copied && html`<span role="status" class="saved-note">${t('wf.copied')}</span>`}
  </div>`;
}

function FormCard({ form, organizations, services, onChanged, defaultFields }) {
  const [editing, setEditing] = useState(false);
  const remove = useSubmit(async () => {
    if (!confirm(t('wf.deleteConfirm', { name: form.name }))) return;
    await api.del(`/forms/${form.key}`);
    onChanged();
  });
  return html`<article class="card web-form-card" data-key=${form.key} aria-labelledby=${`wf-${form.key}`}>
    <header class="web-form-head">
      <h2 id=${`wf-${form.key}`}>${form.name}</h2>
      ${!form.active && html`<span class="chip retired">${t('wf.inactive')}</span>`}
      <span class="muted"
        >${form.organizationName ?? t('wf.desk')} · ${form.serviceName ?? t('wf.noService')} · ${form.priority}</span
      >
    </header>
    <p class="web-form-origins">${t('wf.originsShort')}: ${form.origins.map((o) => html`<code>${o}</code> `)}</p>
    ${
      form.organizationId === null &&
      html`<p class="muted">${form.holdUnknownDomains ? t('wf.holdOn') : t('wf.holdOff')}</p>`
    }
    <${Snippet} form=${form} />
    ${
      editing
        ? html`<${FormEditor}
            form=${form}
            organizations=${organizations}
            services=${services}
            defaultFields=${defaultFields}
            prefix=${`wf-${form.key}`}
            onSaved=${() => {
              setEditing(false);
              onChanged();
            }}
            onCancel=${() => setEditing(false)}
          />`
        : html`<div class="actions gap">
            <button type="button" aria-label=${t('wf.editOf', { name: form.name })} onClick=${() => setEditing(true)}>
              ${t('wf.edit')}
            </button>
            <button
              type="button"
              class="link danger-link"
              aria-label=${t('wf.deleteOf', { name: form.name })}
              disabled=${remove.busy}
              onClick=${() => remove.run()}
            >
              ${t('wf.delete')}
            </button>
          </div>`
    }
    <${ErrorBox} error=${remove.error} />
  </article>`;
}

/** The default fields a new form starts with (the server's own defaults, said again for the editor). */
const defaultFieldsOf = () => [
  { name: 'name', type: 'text', label: { ru: 'Ваше имя', en: 'Your name' }, required: true },
  { name: 'email', type: 'email', label: { ru: 'Электронная почта', en: 'E-mail' }, required: true },
  { name: 'phone', type: 'phone', label: { ru: 'Телефон', en: 'Phone' }, required: false },
  { name: 'subject', type: 'text', label: { ru: 'Тема', en: 'Subject' }, required: false },
  { name: 'message', type: 'textarea', label: { ru: 'Сообщение', en: 'Message' }, required: true },
];

export function WebFormsPage() {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState('');
  const { data, error } = useData(
    () =>
      Promise.all([
        api.get('/forms'),
        api.get('/organizations?limit=200'),
        api.get('/services?active=true&limit=200'),
      ]).then(([forms, orgs, services]) => ({
        forms: forms.items,
        organizations: orgs.items,
        services: services.items,
      })),
    [version],
  );
  const reload = () => setVersion((v) => v + 1);
  const defaults = defaultFieldsOf();
  return html`<section class="web-forms-page">
    <${ListHead} title=${t('wf.title')} lead=${t('wf.lead')} />
    <${ErrorBox} error=${error} />
    ${data && data.forms.length === 0 && html`<p class="empty">${t('wf.empty')}</p>`}
    <div class="web-form-list">
      ${data?.forms.map(
        (f) =>
          html`<${FormCard}
            key=${`${f.key}:${f.updatedAt}`}
            form=${f}
            organizations=${data.organizations}
            services=${data.services}
            defaultFields=${defaults}
            onChanged=${reload}
          />`,
      )}
    </div>
    ${
      data &&
      html`<section class="card new-web-form" aria-labelledby="new-web-form-title" style="margin-top: 14px;">
        <h2 id="new-web-form-title" style="margin-top: 0;">${t('wf.new')}</h2>
        <${FormEditor}
          organizations=${data.organizations}
          services=${data.services}
          defaultFields=${defaults}
          prefix="new-web-form"
          onSaved=${(f) => {
            setNotice(t('wf.created', { name: f.name }));
            reload();
          }}
        />
        ${notice && html`<p class="saved-note" role="status">${notice}</p>`}
      </section>`
    }
  </section>`;
}
