import { html } from '../../html.js';
import { t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { DateInput } from '../../components/date-input.js';

/**
 * A section of the rates page: its heading (with an add button for those who may edit), a lead line and the
 * error of loading or deleting; `name` makes its class and the heading's id.
 */
export const RatesSection = ({ name, title, lead, addLabel, onAdd, error, children }) =>
  html`<section class=${`card rates-section ${name}`} aria-labelledby=${`${name}-title`}>
    <div class="section-head">
      <h2 id=${`${name}-title`}>${title}</h2>
      ${onAdd && html`<button type="button" class="primary" onClick=${onAdd}>${addLabel}</button>`}
    </div>
    <p class="muted">${lead}</p>
    <${ErrorBox} error=${error} />
    ${children}
  </section>`;

/** A row's delete button, asking first. */
export const DeleteButton = ({ busy, question, onDelete }) =>
  html`<button type="button" class="link danger-link" disabled=${busy} onClick=${() => confirm(question) && onDelete()}>
    ${t('rates.delete')}
  </button>`;

/** A labelled date input: where a price, discount or cost starts or ends. */
export const DateField = ({ label, name, value, onInput }) =>
  html`<label>${label} <${DateInput} name=${name} value=${value} onChange=${onInput} /></label>`;

/** A dialog's free-text note. */
export const NoteField = ({ value, onInput }) =>
  html`<label class="wide"
    >${t('rates.note')} <input name="note" maxlength="1000" value=${value} onInput=${(e) => onInput(e.target.value)}
  /></label>`;

/** The end of a dialog's form: what went wrong saving, then cancel and save. */
export const DialogFooter = ({ save, onClose }) =>
  html`<${ErrorBox} error=${save.error} class="wide" />
    <div class="wide actions gap">
      <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
      <button type="submit" class="primary" disabled=${save.busy}>${t('common.save')}</button>
    </div>`;
