import { html } from '../html.js';

/**
 * The head of a list page (agents, services, teams): its title, a line on what it lists, and, when the page
 * filters, a search box (`name="q"`) followed by the page's other filters (`children`).
 * @param {{ title: string, lead: string, search?: { label: string, value: string, onInput: (value: string) => void },
 *   children?: unknown }} props
 */
export const ListHead = ({ title, lead, search, children }) =>
  html`<div class="page-head"><h1>${title}</h1></div>
    <p class="muted lead">${lead}</p>
    ${
      search &&
      html`<div class="filters">
        <label class="filter"
          >${search.label}<input
            type="search"
            class="filter-text"
            name="q"
            value=${search.value}
            onInput=${(e) => search.onInput(e.target.value)}
        /></label>
        ${children}
      </div>`
    }`;
