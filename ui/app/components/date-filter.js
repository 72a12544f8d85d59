import { html } from '../html.js';

/** A list's filter by a day (`name` as given); `onChange` gets YYYY-MM-DD, or '' when the day is cleared. */
export const DateFilter = ({ name, label, value, onChange }) =>
  html`<label class="filter"
    >${label}<input type="date" name=${name} value=${value} onChange=${(e) => onChange(e.target.value)}
  /></label>`;
