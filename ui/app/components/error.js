import { html } from '../html.js';

/**
 * What went wrong, said to the user: a thrown Error's message (the server's problem detail), or the value as text.
 * `class` adds a class beside `error`, e.g. `row-error` for a failure shown under a table row's buttons.
 * @param {{ error: any, class?: string }} props
 */
export const ErrorBox = ({ error, class: extra }) =>
  error
    ? html`<div class=${extra ? `error ${extra}` : 'error'} role="alert">${error.message || String(error)}</div>`
    : null;
