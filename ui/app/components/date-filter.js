import { html } from '../html.js';
import { DateInput } from './date-input.js';

/** A list's filter by a day (`name` as given); `onChange` gets YYYY-MM-DD, or '' when the day is cleared. */
export const DateFilter = ({ name, label, value, onChange }) =>
  html`<label class="filter">${label}<${DateInput} name=${name} value=${value} onChange=${onChange} /></label>`;
