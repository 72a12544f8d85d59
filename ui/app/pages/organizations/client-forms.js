import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorBox } from '../../components/error.js';
import { useSubmit } from '../../components/use-submit.js';

/**
 * The dialogs that edit a client, its contacts and addresses. Each sends only through the API the integrations
 * use, so what an agent may change here is exactly what the server's policy allows.
 */

/** Empty text is "not set" (null) for the server, so clearing a field really clears it. */
const orNull = (/** @type {string} */ v) => (v.trim() === '' ? null : v.trim());

/**
 * A labelled text field of a form whose values are kept in one object under the field's name. Updates are
 * functional: fields filled faster than a render (autofill) must not undo each other.
 */
function Field({ label, name, form, set, type = 'text', wide = false, required = false, hint, ...rest }) {
  return html`<label class=${wide ? 'wide' : undefined}
    >${label}<input
      type=${type}
      name=${name}
      lang=${document.documentElement.lang}
      value=${form[name]}
      required=${required}
      onInput=${({ target: { value } }) => set((f) => ({ ...f, [name]: value }))}
      ...${rest}
    />${hint && html`<small class="muted">${hint}</small>`}</label
  >`;
}

function DialogButtons({ onClose, busy }) {
  return html`<div class="dialog-actions wide">
    <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
    <button type="submit" class="primary" disabled=${busy}>${t('common.save')}</button>
  </div>`;
}

/** "New client" (no `org`) with every field, or the requisites of an existing one. */
export function ClientDialog({ org = null, onClose, onSaved }) {
  const [form, setForm] = useState({
    name: org?.name ?? '',
    legalName: org?.legalName ?? '',
    taxId: org?.taxId ?? '',
    kpp: org?.kpp ?? '',
    tags: (org?.tags ?? []).join(', '),
    notes: org?.notes ?? '',
  });
  const save = useSubmit(async () => {
    const body = {
      name: form.name.trim(),
      legalName: orNull(form.legalName),
      taxId: orNull(form.taxId.replace(/\s/g, '')),
      kpp: orNull(form.kpp.replace(/\s/g, '').toUpperCase()),
      tags: form.tags
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      notes: orNull(form.notes),
    };
    const saved = org ? await api.patch(`/organizations/${org.id}`, body) : await api.post('/organizations', body);
    onSaved(saved);
  });
  return html`<${Dialog} title=${org ? t('clients.editTitle') : t('clients.new')} onClose=${onClose} wide>
    <form class="form-grid client-form" onSubmit=${save.onSubmit}>
      <${Field} label=${t('org.name')} name="name" form=${form} set=${setForm} required wide maxlength="300" />
      <${Field} label=${t('org.legalName')} name="legalName" form=${form} set=${setForm} wide maxlength="500" />
      <${Field}
        label=${t('org.taxId')}
        name="taxId"
        form=${form}
        set=${setForm}
        inputmode="numeric"
        hint=${t('clients.taxIdHint')}
      />
      <${Field}
        label=${t('clients.kpp')}
        name="kpp"
        form=${form}
        set=${setForm}
        maxlength="9"
        hint=${t('clients.kppHint')}
      />
      <${Field} label=${t('field.tags')} name="tags" form=${form} set=${setForm} wide hint=${t('clients.tagsHint')} />
      <label class="wide"
        >${t('org.notes')}<textarea
          name="notes"
          rows="4"
          value=${form.notes}
          onInput=${({ target: { value } }) => setForm((f) => ({ ...f, notes: value }))}
        ></textarea>
      </label>
      <${ErrorBox} error=${save.error} />
      <${DialogButtons} onClose=${onClose} busy=${save.busy} />
    </form>
  <//>`;
}

/** A new contact of `orgId`, or an existing `contact` changed (its name, position, mail, phone, language). */
export function ContactDialog({ orgId, contact = null, onClose, onSaved }) {
  const [form, setForm] = useState({
    name: contact?.name ?? '',
    position: contact?.position ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    language: contact?.language ?? (document.documentElement.lang === 'en' ? 'en' : 'ru'),
  });
  const save = useSubmit(async () => {
    const body = {
      name: form.name.trim(),
      position: orNull(form.position),
      email: orNull(form.email),
      phone: orNull(form.phone),
      language: form.language,
    };
    if (contact) await api.patch(`/organizations/${orgId}/contacts/${contact.id}`, body);
    else await api.post(`/organizations/${orgId}/contacts`, body);
    onSaved();
  });
  return html`<${Dialog} title=${contact ? t('clients.contact.edit') : t('clients.contact.new')} onClose=${onClose}>
    <form class="form-grid client-form" onSubmit=${save.onSubmit}>
      <${Field} label=${t('org.name')} name="name" form=${form} set=${setForm} required wide maxlength="300" />
      <${Field} label=${t('org.position')} name="position" form=${form} set=${setForm} wide maxlength="200" />
      <${Field} label=${t('org.email')} name="email" type="email" form=${form} set=${setForm} />
      <${Field} label=${t('org.phone')} name="phone" type="tel" form=${form} set=${setForm} />
      <label class="wide"
        >${t('clients.contact.language')}<select
          name="language"
          value=${form.language}
          onChange=${({ target: { value } }) => setForm((f) => ({ ...f, language: value }))}
        >
          <option value="ru">${t('clients.lang.ru')}</option>
          <option value="en">${t('clients.lang.en')}</option>
        </select></label
      >
      <${ErrorBox} error=${save.error} />
      <${DialogButtons} onClose=${onClose} busy=${save.busy} />
    </form>
  <//>`;
}

/** A coordinate typed with a comma (Russian habit) or a point; empty is "none". */
const coordinate = (/** @type {string} */ v) => (v.trim() === '' ? null : Number(v.trim().replace(',', '.')));

/** A new address of `orgId`, or an existing `address` changed; coordinates are optional. */
export function AddressDialog({ orgId, address = null, onClose, onSaved }) {
  const [form, setForm] = useState({
    label: address?.label ?? '',
    address: address?.address ?? '',
    latitude: address?.latitude?.toString() ?? '',
    longitude: address?.longitude?.toString() ?? '',
  });
  const save = useSubmit(async () => {
    const body = {
      label: orNull(form.label),
      address: form.address.trim(),
      latitude: coordinate(form.latitude),
      longitude: coordinate(form.longitude),
    };
    if (address) await api.patch(`/organizations/${orgId}/addresses/${address.id}`, body);
    else await api.post(`/organizations/${orgId}/addresses`, body);
    onSaved();
  });
  return html`<${Dialog} title=${address ? t('clients.address.edit') : t('clients.address.new')} onClose=${onClose}>
    <form class="form-grid client-form" onSubmit=${save.onSubmit}>
      <${Field} label=${t('org.label')} name="label" form=${form} set=${setForm} wide maxlength="100" />
      <label class="wide"
        >${t('org.address')}<textarea
          name="address"
          rows="2"
          required
          value=${form.address}
          onInput=${({ target: { value } }) => setForm((f) => ({ ...f, address: value }))}
        ></textarea>
      </label>
      <${Field} label=${t('org.lat')} name="latitude" form=${form} set=${setForm} inputmode="decimal" />
      <${Field} label=${t('org.lon')} name="longitude" form=${form} set=${setForm} inputmode="decimal" />
      <p class="muted wide">${t('clients.address.coordsHint')}</p>
      <${ErrorBox} error=${save.error} />
      <${DialogButtons} onClose=${onClose} busy=${save.busy} />
    </form>
  <//>`;
}
