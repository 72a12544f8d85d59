import { html } from '../../html.js';
import { t } from '../../i18n.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorBox } from '../../components/error.js';
import { DateFilter } from '../../components/date-filter.js';
import { DateInput } from '../../components/date-input.js';

/**
 * The pieces every money tab repeats: the period of the filter row, a dialog with its fields of a dialog and the table with its
 * total and its empty state, so the tabs look and behave alike.
 */

/** «From» and «to» of a period. */
export function PeriodFilters({ values, setValues }) {
  return html`<${DateFilter}
      name="from"
      label=${t('money.from')}
      value=${values.from}
      onChange=${(from) => setValues({ from })}
    />
    <${DateFilter} name="to" label=${t('money.to')} value=${values.to} onChange=${(to) => setValues({ to })} />`;
}

/** A text field of a money dialog; the form keeps its value under the field's name. */
export function FormField({ label, name, form, set, wide = false, type, inputmode, maxlength }) {
  // A day is typed as the desk's language writes it (dd.mm.yyyy in Russian), not in the browser's locale.
  if (type === 'date')
    return html`<label class=${wide ? 'wide' : undefined}
      >${label}<${DateInput} name=${name} value=${form[name]} onChange=${(day) => set({ [name]: day })}
    /></label>`;
  return html`<label class=${wide ? 'wide' : undefined}
    >${label}<input
      type=${type}
      name=${name}
      inputmode=${inputmode}
      maxlength=${maxlength}
      value=${form[name]}
      onInput=${(e) => set({ [name]: e.target.value })}
  /></label>`;
}

/**
 * A money dialog's form: `lead` above it, the fields, what is wrong with them (`problem`, found before sending,
 * or `error`, the server's answer) and «Cancel» / «Save». `save` is the form's useSubmit.
 */
export function MoneyDialog({ title, onClose, save, lead = null, problem = '', error = save.error, children }) {
  return html`<${Dialog} title=${title} onClose=${onClose}>
    ${lead}
    <form class="form-grid money-form" onSubmit=${save.onSubmit}>
      ${children} ${problem && html`<p class="error wide" role="alert">${problem}</p>`}
      <${ErrorBox} error=${error} />
      <div class="dialog-actions wide">
        <button type="button" onClick=${onClose}>${t('pay.cancel')}</button>
        <button type="submit" class="primary" disabled=${save.busy}>${t('pay.save')}</button>
      </div>
    </form>
  <//>`;
}

/**
 * A money table: `head` and `foot` are the cells of its header and total rows (the total only when there are
 * rows); `empty` is what to say when there are none (null while loading, so it does not flash).
 */
export function MoneyTable({ className, head, rows, foot = null, empty = null }) {
  return html`<div class="table-wrap">
    <table class=${`grid money-table ${className}`}>
      <thead>
        <tr>
          ${head}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
      ${
        rows.length > 0 &&
        foot &&
        html`<tfoot>
          <tr>
            ${foot}
          </tr>
        </tfoot>`
      }
    </table>
    ${rows.length === 0 && empty && html`<p class="empty">${empty}</p>`}
  </div>`;
}
