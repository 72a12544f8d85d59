import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { useData } from '../components/use-data.js';
import { FieldError } from '../components/intervals.js';
import { KINDS, TIERS, tierLabel } from '../agreement-format.js';
import { DateInput } from '../components/date-input.js';
import { WarrantyFields, warrantyBody, warrantyTermsOf } from './agreements/warranty-fields.js';

// The form of an agreement's terms, shared by the new-agreement page and an agreement's page.

/** Ended agreements keep their terms as they were. */
export const ENDED = new Set(['expired', 'terminated']);

export const todayPlain = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
export const addYearMinusDay = (date) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

export function termsOf(a) {
  return {
    organizationId: a.organizationId ? String(a.organizationId) : '',
    number: a.number ?? '',
    title: a.title ?? '',
    kind: a.kind ?? 'commercial',
    tier: a.tier ?? '8x5',
    calendarId: a.calendarId ? String(a.calendarId) : '',
    start: a.start ?? '',
    end: a.end ?? '',
    managerId: a.managerId ? String(a.managerId) : '',
    recipientContactIds: a.recipientContactIds ?? [],
    noticeDays: (a.noticeDays ?? [30, 14, 7, 1]).join(', '),
    warningPercent: String(a.warningPercent ?? 80),
    hoursPackage: a.hoursPackage === null || a.hoursPackage === undefined ? '' : String(a.hoursPackage),
    hourRate: a.hourRate === null || a.hourRate === undefined ? '' : String(a.hourRate),
    notes: a.notes ?? '',
    ...warrantyTermsOf(a),
  };
}

/** The form as the API takes it, and what the browser already knows is wrong. */
export function termsBody(f) {
  const errors = {};
  const days = f.noticeDays.split(/[\s,;]+/).filter(Boolean);
  const noticeDays = days.map(Number);
  if (noticeDays.some((d) => !Number.isInteger(d) || d < 1 || d > 366)) errors.noticeDays = t('agr.err.noticeDays');
  const number = (text) => (String(text).trim() === '' ? null : Number(String(text).replace(',', '.')));
  const body = {
    number: f.number.trim(),
    title: f.title.trim(),
    kind: f.kind,
    tier: f.tier,
    calendarId: Number(f.calendarId) || null,
    start: f.start,
    end: f.end,
    managerId: f.managerId ? Number(f.managerId) : null,
    recipientContactIds: f.recipientContactIds,
    noticeDays: [...new Set(noticeDays)].sort((a, b) => b - a),
    warningPercent: Number(f.warningPercent),
    hoursPackage: number(f.hoursPackage),
    hourRate: number(f.hourRate),
    notes: f.notes.trim() || null,
  };
  const warranty = warrantyBody(f);
  Object.assign(body, warranty.body);
  Object.assign(errors, warranty.errors);
  if (!body.number) errors.number = t('agr.err.required');
  if (!body.title) errors.title = t('agr.err.required');
  if (!body.calendarId) errors.calendarId = t('agr.err.required');
  if (!body.start) errors.start = t('agr.err.date');
  if (!body.end) errors.end = t('agr.err.date');
  if (body.start && body.end && body.end < body.start) errors.end = t('agr.err.endBeforeStart');
  if (!Number.isInteger(body.warningPercent) || body.warningPercent < 1 || body.warningPercent > 99)
    errors.warningPercent = t('agr.err.percent');
  if (Number.isNaN(body.hoursPackage) || body.hoursPackage < 0) errors.hoursPackage = t('agr.err.number');
  if (Number.isNaN(body.hourRate) || body.hourRate < 0) errors.hourRate = t('agr.err.number');
  if (body.kind === 'prepaid_hours' && !(body.hoursPackage > 0)) errors.hoursPackage = t('agr.err.hoursRequired');
  return { body, errors };
}

export function useContacts(organizationId) {
  const [contacts, setContacts] = useState([]);
  useEffect(() => {
    let live = true;
    setContacts([]);
    if (organizationId)
      api.get(`/organizations/${organizationId}/contacts`).then(
        (r) => live && setContacts(r.items),
        // The contact picker stays empty; the reason goes where a developer or an admin will look.
        (err) => live && console.error('the contacts of the client could not be read', err),
      );
    return () => {
      live = false;
    };
  }, [organizationId]);
  return contacts;
}

/** A labelled input of the terms form with its inline error. */
function Field({ name, label, errors, wide, children, hint }) {
  return html`<label class=${wide ? 'wide' : ''}
    >${label}${children}
    ${errors[name] ? html`<${FieldError} id=${`${name}-error`} error=${errors[name]} />` : hint && html`<span class="hint block">${hint}</span>`}</label
  >`;
}

export function TermsFields({ form, set, errors, isNew, canEdit, ended, organizations, calendars, agents, contacts }) {
  const input = (name, extra = {}) => ({
    name,
    value: form[name],
    disabled:
      !canEdit ||
      (ended &&
        ['kind', 'tier', 'calendarId', 'start', 'end', 'warningPercent', 'hoursPackage', 'hourRate'].includes(name)),
    'aria-invalid': errors[name] ? 'true' : undefined,
    'aria-describedby': errors[name] ? `${name}-error` : undefined,
    onInput: (e) => set({ [name]: e.target.value }),
    ...extra,
  });
  const toggleRecipient = (id) =>
    set({
      recipientContactIds: form.recipientContactIds.includes(id)
        ? form.recipientContactIds.filter((x) => x !== id)
        : [...form.recipientContactIds, id],
    });
  const managers = agents.filter((a) => a.active || String(a.id) === form.managerId);
  return html`<div class="form-grid terms-grid">
    ${
      isNew &&
      html`<${Field} name="organizationId" label=${t('field.organization')} errors=${errors}>
        <select
          ...${input('organizationId', { onInput: undefined, onChange: (e) => set({ organizationId: e.target.value, recipientContactIds: [] }) })}
          required
        >
          <option value="">${t('new.choose')}</option>
          ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
        </select><//
      >`
    }
    <${Field} name="number" label=${t('agr.number')} errors=${errors}
      ><input ...${input('number')} required maxlength="50" autocomplete="off"
    /><//>
    <${Field} name="title" label=${t('agr.titleField')} errors=${errors} wide=${!isNew}
      ><input ...${input('title')} required maxlength="500"
    /><//>
    <${Field} name="kind" label=${t('agr.kind')} errors=${errors}>
      <select ...${input('kind', { onInput: undefined, onChange: (e) => set({ kind: e.target.value }) })}>
        ${KINDS.map((k) => html`<option value=${k}>${t(`agr.kind.${k}`)}</option>`)}
      </select><//
    >
    ${form.kind === 'warranty' && html`<${WarrantyFields} form=${form} set=${set} errors=${errors} disabled=${!canEdit || ended} />`}
    <${Field} name="tier" label=${t('agr.tier')} errors=${errors}>
      <select ...${input('tier', { onInput: undefined, onChange: (e) => set({ tier: e.target.value }) })}>
        ${TIERS.map((k) => html`<option value=${k}>${tierLabel(k)}</option>`)}
      </select><//
    >
    <${Field} name="calendarId" label=${t('agr.calendar')} errors=${errors} hint=${t('agr.calendarHint')}>
      <select
        ...${input('calendarId', { onInput: undefined, onChange: (e) => set({ calendarId: e.target.value }) })}
        required
      >
        <option value="">${t('new.choose')}</option>
        ${calendars.map((c) => html`<option value=${c.id}>${c.name} (${c.timezone})</option>`)}
      </select><//
    >
    <${Field} name="managerId" label=${t('agr.manager')} errors=${errors}>
      <select ...${input('managerId', { onInput: undefined, onChange: (e) => set({ managerId: e.target.value }) })}>
        <option value="">${t('agr.noManager')}</option>
        ${managers.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
      </select><//
    >
    <${Field} name="start" label=${t('agr.start')} errors=${errors}
      ><${DateInput} ...${input('start')} onChange=${(start) => set({ start })} required
    /><//>
    <${Field} name="end" label=${t('agr.end')} errors=${errors}
      ><${DateInput} ...${input('end')} onChange=${(end) => set({ end })} required
    /><//>
    <fieldset class="wide recipients">
      <legend>${t('agr.recipients')}</legend>
      ${
        contacts.length === 0
          ? html`<p class="muted hint">${t(form.organizationId ? 'agr.noContacts' : 'agr.chooseClientFirst')}</p>`
          : contacts.map(
              (c) =>
                html`<label class="checkbox"
                  ><input
                    type="checkbox"
                    name="recipientContactIds"
                    value=${c.id}
                    disabled=${!canEdit}
                    checked=${form.recipientContactIds.includes(c.id)}
                    onChange=${() => toggleRecipient(c.id)}
                  />
                  <span
                    >${c.name}${c.email ? html` <span class="muted">· ${c.email}</span>` : html` <span class="warn-text">${t('agr.noEmail')}</span>`}</span
                  ></label
                >`,
            )
      }
      <${FieldError} id="recipientContactIds-error" error=${errors.recipientContactIds} />
    </fieldset>
    <${Field} name="noticeDays" label=${t('agr.noticeDays')} errors=${errors} hint=${t('agr.noticeDaysHint')}
      ><input ...${input('noticeDays')} inputmode="numeric"
    /><//>
    <${Field}
      name="warningPercent"
      label=${t('agr.warningPercent')}
      errors=${errors}
      hint=${t('agr.warningPercentHint')}
    >
      <input type="number" min="1" max="99" step="1" ...${input('warningPercent')}
    /><//>
    <${Field}
      name="hoursPackage"
      label=${t('agr.hoursPackage')}
      errors=${errors}
      hint=${form.kind === 'prepaid_hours' ? t('agr.hoursPackageRequired') : t('agr.optional')}
    >
      <input type="number" min="0" step="0.5" ...${input('hoursPackage')}
    /><//>
    <${Field} name="hourRate" label=${t('agr.hourRate')} errors=${errors} hint=${t('agr.optional')}
      ><input type="number" min="0" step="0.01" ...${input('hourRate')}
    /><//>
    <${Field} name="notes" label=${t('agr.notes')} errors=${errors} wide>
      <textarea rows="3" ...${input('notes')}></textarea>
    <//>
  </div>`;
}

/** Covered services: the catalogue as checkboxes by category; retired ones stay listed while covered. */
export function ServicesPicker({ catalogue, selected, onChange, disabled }) {
  const [filter, setFilter] = useState('');
  const visible = catalogue.filter(
    (s) =>
      (s.active || selected.includes(s.id)) &&
      (!filter || `${s.name} ${s.category ?? ''}`.toLowerCase().includes(filter.toLowerCase())),
  );
  const groups = new Map();
  for (const s of visible) groups.set(s.category || '', [...(groups.get(s.category || '') ?? []), s]);
  const toggle = (id) => onChange(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  if (catalogue.length === 0)
    return html`<p class="muted">${t('agr.noServicesInCatalogue')} <a href="/services">${t('svc.title')}</a></p>`;
  return html`<div class="services-picker">
    ${catalogue.length > 8 && html`<input type="search" class="filter-text" aria-label=${t('agr.findService')} placeholder=${t('agr.findService')} value=${filter} onInput=${(e) => setFilter(e.target.value)} />`}
    ${[...groups]
      .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
      .map(
        ([category, services]) =>
          html`<fieldset class="service-group">
            <legend>${category || t('svc.noCategory')}</legend>
            ${services.map(
              (s) =>
                html`<label class="checkbox"
                  ><input
                    type="checkbox"
                    name="serviceIds"
                    value=${s.id}
                    checked=${selected.includes(s.id)}
                    disabled=${disabled}
                    onChange=${() => toggle(s.id)}
                  />
                  <span
                    >${s.name}${!s.active && html` <span class="chip retired">${t('svc.retired')}</span>`}${s.description && html`<span class="hint block">${s.description}</span>`}</span
                  ></label
                >`,
            )}
          </fieldset>`,
      )}
    <p class="hint">${t('agr.servicesHint', { n: selected.length })}</p>
  </div>`;
}

export function useReferenceData() {
  return useData(
    () =>
      Promise.all([api.get('/calendars'), api.get('/services?limit=200'), api.get('/agreements/tier-presets')]).then(
        ([calendars, services, presets]) => ({
          calendars: calendars.items,
          services: services.items,
          presets: presets.items,
        }),
      ),
    [],
  );
}

export const notSaved = (fields) => (Object.keys(fields).length ? t('agr.err.fixFields') : null);

// A notice that outlives the navigation to a created or renewed agreement.
export const flash = { message: '' };
