import { html } from '../../html.js';
import { api } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { useData } from '../../components/use-data.js';
import { FieldError } from '../../components/intervals.js';
import { DateInput } from '../../components/date-input.js';
import { loadStyles } from '../../components/lazy.js';

await Promise.all([loadMessages('support-lines'), loadStyles('/app/styles/support-lines.css')]);

/** The form's warranty fields, as the terms form holds them (strings). */
export const warrantyTermsOf = (a) => ({
  productServiceId: a.productServiceId ? String(a.productServiceId) : '',
  productVersion: a.productVersion ?? '',
  warrantyStart: a.warrantyStart ?? '',
  warrantyMonths: a.warrantyMonths ? String(a.warrantyMonths) : '',
});

/** The warranty fields as the API takes them (all null unless the agreement is a warranty) and their errors. */
export function warrantyBody(f) {
  const errors = {};
  if (f.kind !== 'warranty')
    return {
      body: { productServiceId: null, productVersion: null, warrantyStart: null, warrantyMonths: null },
      errors,
    };
  const months = f.warrantyMonths === '' ? null : Number(f.warrantyMonths);
  const body = {
    productServiceId: f.productServiceId ? Number(f.productServiceId) : null,
    productVersion: f.productVersion.trim() || null,
    warrantyStart: f.warrantyStart || null,
    warrantyMonths: months,
  };
  if (months !== null && !(Number.isInteger(months) && months >= 1 && months <= 120))
    errors.warrantyMonths = t('warranty.err.months');
  if (body.productServiceId !== null) {
    if (!body.warrantyStart) errors.warrantyStart = t('warranty.err.start');
    if (months === null) errors.warrantyMonths = t('warranty.err.months');
  }
  return { body, errors };
}

/** Product, version, delivery date and months of a warranty agreement (shown only for the warranty kind). */
export function WarrantyFields({ form, set, errors, disabled }) {
  const { data } = useData(() => api.get('/services?limit=200'), []);
  const services = (data?.items ?? []).filter((s) => s.active || String(s.id) === form.productServiceId);
  const label = (name, text, control, hint) =>
    html`<label
      >${text}${control}
      ${errors[name] ? html`<${FieldError} id=${`${name}-error`} error=${errors[name]} />` : hint && html`<span class="hint block">${hint}</span>`}</label
    >`;
  const attrs = (name) => ({
    name,
    disabled,
    'aria-invalid': errors[name] ? 'true' : undefined,
    'aria-describedby': errors[name] ? `${name}-error` : undefined,
  });
  return html`<fieldset class="wide warranty-fields form-grid">
    <legend>${t('agr.kind.warranty')}</legend>
    ${label(
      'productServiceId',
      t('warranty.product'),
      html`<select
        ...${attrs('productServiceId')}
        value=${form.productServiceId}
        onChange=${(e) => set({ productServiceId: e.target.value })}
      >
        <option value="">${t('warranty.noProduct')}</option>
        ${services.map((s) => html`<option value=${s.id}>${s.name}</option>`)}
      </select>`,
      t('warranty.hint'),
    )}
    ${label(
      'productVersion',
      t('warranty.version'),
      html`<input
        ...${attrs('productVersion')}
        maxlength="100"
        value=${form.productVersion}
        onInput=${(e) => set({ productVersion: e.target.value })}
      />`,
    )}
    ${label(
      'warrantyStart',
      t('warranty.start'),
      html`<${DateInput}
        ...${attrs('warrantyStart')}
        value=${form.warrantyStart}
        onChange=${(warrantyStart) => set({ warrantyStart })}
      />`,
    )}
    ${label(
      'warrantyMonths',
      t('warranty.months'),
      html`<input
        ...${attrs('warrantyMonths')}
        type="number"
        min="1"
        max="120"
        step="1"
        value=${form.warrantyMonths}
        onInput=${(e) => set({ warrantyMonths: e.target.value })}
      />`,
    )}
  </fieldset>`;
}
