import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorBox } from '../../components/error.js';
import { FieldError } from '../../components/intervals.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { problemFields } from '../../agreement-format.js';
import { DocumentTabs, mayManageEntities, stylesReady } from './documents-format.js';
import { FilePicker } from '../../components/file-picker.js';

export const ready = stylesReady;

/** @type {Array<[name: string, maxLength: number, wide: boolean]>} */
const TEXT_FIELDS = [
  ['name', 500, true],
  ['shortName', 200, false],
  ['inn', 12, false],
  ['kpp', 9, false],
  ['ogrn', 15, false],
  ['address', 500, true],
  ['bankName', 300, true],
  ['bik', 9, false],
  ['corrAccount', 20, false],
  ['settlementAccount', 20, false],
  ['directorName', 200, false],
  ['directorPosition', 200, false],
  ['accountantName', 200, false],
  ['accountantPosition', 200, false],
  ['phone', 50, false],
  ['email', 200, false],
];
const OPTIONAL = new Set(['kpp', 'ogrn', 'accountantName', 'accountantPosition', 'phone', 'email']);
const IMAGES = ['stamp', 'director-signature', 'accountant-signature'];
const imageUrlKey = {
  stamp: 'stampUrl',
  'director-signature': 'directorSignatureUrl',
  'accountant-signature': 'accountantSignatureUrl',
};

const formOf = (e) => ({
  ...Object.fromEntries(TEXT_FIELDS.map(([name]) => [name, e?.[name] ?? ''])),
  vatMode: e?.vatMode ?? 'standard',
  pricesIncludeVat: e?.pricesIncludeVat ?? false,
  active: e?.active ?? true,
});

/** One image of the entity: what is stored now, and a PNG to upload in its place. */
function ImageField({ entity, image, onSaved }) {
  const upload = useSubmit(async (/** @type {File} */ file) => {
    const form = new FormData();
    form.append('file', file);
    onSaved(await api.put(`/legal-entities/${entity.id}/${image}`, form));
  });
  const url = entity[imageUrlKey[image]];
  return html`<div class="entity-image" data-image=${image}>
    <span>${t(`ent.${image}`)}</span>
    ${url ? html`<img src=${url} alt=${t(`ent.${image}`)} />` : html`<span class="muted">${t('ent.noImage')}</span>`}
    <${FilePicker}
      name=${image}
      accept="image/png"
      label=${t('ent.upload')}
      ariaLabel=${`${t(`ent.${image}`)}: ${t('ent.upload')}`}
      disabled=${upload.busy}
      onFiles=${(files) => files[0] && upload.run(files[0])}
    />
    <${ErrorBox} error=${upload.error} />
  </div>`;
}

/** Add or change a legal entity; its stamp and signatures once it exists. */
function EntityDialog({ entity, onClose, onSaved }) {
  const creating = !entity;
  const [current, setCurrent] = useState(entity);
  const [form, setForm] = useState(() => formOf(entity));
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const set = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((errs) => {
      const next = { ...errs };
      for (const k of Object.keys(patch)) delete next[k];
      return next;
    });
  };
  const save = useSubmit(
    async () => {
      const body = {
        ...Object.fromEntries(
          TEXT_FIELDS.map(([name]) => [name, OPTIONAL.has(name) ? form[name].trim() || null : form[name].trim()]),
        ),
        vatMode: form.vatMode,
        pricesIncludeVat: form.pricesIncludeVat,
        active: form.active,
      };
      const saved =
        creating && !current
          ? await api.post('/legal-entities', body)
          : await api.patch(`/legal-entities/${current.id}`, body);
      setCurrent(saved);
      onSaved(saved, creating);
    },
    { onError: (err) => setErrors(problemFields(err.problem)) },
  );
  const check = (e) => {
    e.preventDefault();
    const found = {};
    for (const [name] of TEXT_FIELDS)
      if (!OPTIONAL.has(name) && !form[name].trim()) found[name] = t('doc.err.required');
    setErrors(found);
    if (Object.keys(found).length === 0) save.run();
  };
  const text = ([name, max, wide]) =>
    html`<label class=${wide ? 'wide' : ''}
      >${t(`ent.${name}`)}
      <input
        name=${name}
        value=${form[name]}
        maxlength=${String(max)}
        aria-invalid=${errors[name] ? 'true' : undefined}
        aria-describedby=${errors[name] ? `ent-${name}-error` : undefined}
        onInput=${(e) => set({ [name]: e.target.value })} />
      <${FieldError} id=${`ent-${name}-error`} error=${errors[name]}
    /></label>`;
  return html`<${Dialog}
    title=${current ? t('ent.editOf', { name: current.shortName }) : t('ent.new')}
    onClose=${onClose}
    wide
  >
    <form class="dialog-form doc-dialog" novalidate onSubmit=${check}>
      <fieldset class="form-grid">
        ${TEXT_FIELDS.map(text)}
        <label
          >${t('ent.vatMode')}
          <select name="vatMode" value=${form.vatMode} onChange=${(e) => set({ vatMode: e.target.value })}>
            ${['standard', '10', '0', 'none'].map((m) => html`<option value=${m}>${t(`ent.vat.${m}`)}</option>`)}
          </select></label
        >
        <label class="checkbox"
          ><input
            type="checkbox"
            name="pricesIncludeVat"
            checked=${form.pricesIncludeVat}
            onChange=${(e) => set({ pricesIncludeVat: e.target.checked })}
          />
          ${t('ent.pricesIncludeVat')}</label
        >
        <label class="checkbox"
          ><input
            type="checkbox"
            name="active"
            checked=${form.active}
            onChange=${(e) => set({ active: e.target.checked })}
          />
          ${t('ent.active')}</label
        >
      </fieldset>
      <fieldset>
        <legend>${t('ent.images')}</legend>
        ${
          current
            ? html`<p class="hint">${t('ent.imageHint')}</p>
                <div class="entity-images">
                  ${IMAGES.map(
                    (image) =>
                      html`<${ImageField}
                        entity=${current}
                        image=${image}
                        onSaved=${(saved) => {
                          setCurrent(saved);
                          onSaved(saved, false);
                        }}
                      />`,
                  )}
                </div>`
            : html`<p class="hint">${t('ent.saveFirst')}</p>`
        }
      </fieldset>
      <${ErrorBox} error=${Object.keys(errors).length ? null : save.error} />
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${save.busy}>${t('common.save')}</button>
      </div>
    </form>
  <//>`;
}

const Row = (label, value) =>
  value
    ? html`<dt>${label}</dt>
        <dd>${value}</dd>`
    : null;

/** Our legal entities: requisites at a glance, each opened to edit with its stamp and signatures. */
export function LegalEntitiesPage({ me }) {
  const canManage = mayManageEntities(me);
  const [dialog, setDialog] = useState(/** @type {null | { entity: any }} */ (null));
  const [version, setVersion] = useState(0);
  const { data, error, loading } = useData(() => api.get('/legal-entities'), [version]);
  const items = data?.items ?? [];
  return html`<section class="entities-page">
    <div class="page-head">
      <h1>${t('ent.title')}</h1>
      ${canManage && html`<button type="button" class="primary" onClick=${() => setDialog({ entity: null })}>+ ${t('ent.add')}</button>`}
    </div>
    <${DocumentTabs} active="entities" />
    <p class="muted lead">${t('ent.lead')}</p>
    <${ErrorBox} error=${error} />
    <ul class="entity-list">
      ${items.map(
        (e) =>
          html`<li class="entity-card" data-id=${e.id}>
            <h2>
              ${
                canManage
                  ? html`<button type="button" class="link" onClick=${() => setDialog({ entity: e })}>
                      ${e.shortName}
                    </button>`
                  : e.shortName
              }
              ${!e.active && html`<span class="doc-badge">${t('ent.inactive')}</span>`}
            </h2>
            <div class="doc-sub">${e.name}</div>
            <dl>
              ${Row(t('ent.inn'), e.inn)} ${Row(t('ent.kpp'), e.kpp)} ${Row(t('ent.ogrn'), e.ogrn)}
              ${Row(t('ent.bankName'), e.bankName)} ${Row(t('ent.bik'), e.bik)}
              ${Row(t('ent.settlementAccount'), e.settlementAccount)}
              ${Row(t('ent.directorPosition'), `${e.directorPosition}: ${e.directorName}`)}
              ${Row(t('ent.vatMode'), t(`ent.vat.${e.vatMode}`))}
            </dl>
          </li>`,
      )}
    </ul>
    ${!loading && data && items.length === 0 && html`<p class="empty">${t('ent.none')}</p>`}
    ${
      dialog &&
      html`<${EntityDialog}
        entity=${dialog.entity}
        onClose=${() => setDialog(null)}
        onSaved=${(saved, created) => {
          setVersion((v) => v + 1);
          if (created) setDialog({ entity: saved });
        }}
      />`
    }
  </section>`;
}
