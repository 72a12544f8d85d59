import { html } from '../html.js';

export const ErrorBox = ({ error }) =>
  error ? html`<div class="error" role="alert">${error.message || String(error)}</div>` : null;
