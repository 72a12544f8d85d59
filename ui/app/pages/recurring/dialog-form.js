import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { Dialog } from '../../components/dialog.js';
import { FieldError } from '../../components/intervals.js';
import { problemFields } from '../../agreement-format.js';
import { VAT_RATES } from './recurring-format.js';

/**
 * The state of a dialog's form with an error beside each field: `set` merges a patch and drops the errors of
 * the fields it edits (`errorKeys` names the API's field where it differs from the form's), the others stay
 * until they are fixed. `field` wraps an input in its label and error; `invalid` ties an input to its error;
 * `input` is a text input of the form.
 * @template {Record<string, any>} F
 * @param {() => F} initial
 * @param {{ idPrefix: string, errorKeys?: Record<string, string> }} options
 */
export function useDialogForm(initial, { idPrefix, errorKeys = {} }) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  /** @param {Partial<F>} patch */
  const set = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((errs) => {
      const next = { ...errs };
      for (const key of Object.keys(patch)) delete next[errorKeys[key] ?? key];
      return next;
    });
  };
  const errorId = (name) => `${idPrefix}-${name}-error`;
  const field = (name, label, input, wide = false) =>
    html`<label class=${wide ? 'wide' : ''}
      >${label} ${input} <${FieldError} id=${errorId(name)} error=${errors[name]}
    /></label>`;
  const invalid = (name) => ({
    'aria-invalid': errors[name] ? 'true' : undefined,
    'aria-describedby': errors[name] ? errorId(name) : undefined,
  });
  /**
   * A text input bound to the form's `name`, tied to the error of its API field; `plain` leaves that tie out
   * for a field the API never faults.
   * @param {string} name
   * @param {Record<string, string | boolean>} [attrs]
   */
  const input = (name, { plain = false, ...attrs } = {}) =>
    html`<input
      name=${name}
      value=${form[name]}
      onInput=${(e) => set(/** @type {Partial<F>} */ ({ [name]: e.target.value }))}
      ...${attrs}
      ...${plain ? {} : invalid(errorKeys[name] ?? name)}
    />`;
  /** The API's complaints about fields, shown beside them (the `onError` of the form's save). */
  const showProblems = { onError: (err) => setErrors(problemFields(err.problem)) };
  /**
   * The form's submit: the slips `check` finds are shown beside their fields; with none, `save` runs.
   * @param {() => Record<string, string>} check
   * @param {{ run: () => unknown }} save
   */
  const submitter = (check, save) => (e) => {
    e.preventDefault();
    const found = check();
    setErrors(found);
    if (Object.keys(found).length === 0) save.run();
  };
  /**
   * The record's client: chosen for a new record, fixed once it exists; `clears` resets the fields that
   * depend on the client.
   * @param {{ id: number, name: string }[]} organizations
   * @param {boolean} fixed
   * @param {Partial<F>} [clears]
   */
  const organizationField = (organizations, fixed, clears) =>
    field(
      'organizationId',
      t('field.organization'),
      html`<select
        name="organizationId"
        value=${form.organizationId}
        disabled=${fixed}
        onChange=${(e) => set({ organizationId: e.target.value, ...clears })}
        ...${invalid('organizationId')}
      >
        <option value="">—</option>
        ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
      </select>`,
    );
  return { form, set, errors, field, invalid, input, showProblems, submitter, organizationField };
}

/** The wide dialog of a record with its form. */
export const RecordDialog = ({ title, onClose, onSubmit, children }) =>
  html`<${Dialog} title=${title} onClose=${onClose} wide>
    <form class="dialog-form rec-dialog" onSubmit=${onSubmit} novalidate>${children}</form>
  <//>`;

export const VatSelect = ({ value, onChange }) =>
  html`<select name="vatRate" value=${value} onChange=${(e) => onChange(e.target.value)}>
    ${VAT_RATES.map((r) => html`<option value=${r}>${r === '' ? t('rec.noVat') : `${r}%`}</option>`)}
  </select>`;

/** A form's checkbox with its label after it. */
export const Checkbox = ({ name, checked, label, wide = false, onChange }) =>
  html`<label class=${wide ? 'checkbox wide' : 'checkbox'}
    ><input type="checkbox" name=${name} checked=${checked} onChange=${(e) => onChange(e.target.checked)} />
    ${label}</label
  >`;

/**
 * The error of a save or delete (when no field shows one) and the dialog's buttons: delete (when
 * `deleteConfirm` is given, after asking), cancel, and save (unless the record is read-only).
 */
export const DialogActions = ({ errors, save, remove, deleteConfirm, canSave = true, onClose }) =>
  html`<${ErrorBox} error=${Object.keys(errors).length ? null : save.error || remove.error} />
    <div class="dialog-actions">
      ${
        deleteConfirm &&
        html`<button
          type="button"
          class="link danger-link"
          disabled=${remove.busy}
          onClick=${() => confirm(deleteConfirm) && remove.run()}
        >
          ${t('rec.delete')}
        </button>`
      }
      <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
      ${canSave && html`<button type="submit" class="primary" disabled=${save.busy}>${t('common.save')}</button>`}
    </div>`;
