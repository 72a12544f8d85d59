import { html } from '../html.js';
import { t } from '../i18n.js';

export const StatusChip = ({ status }) => html`<span class="chip status-${status}">${t(`status.${status}`)}</span>`;
export const PriorityChip = ({ priority }) =>
  html`<span class="prio prio-${priority}" title=${t(`priority.${priority}`)}>${priority}</span>`;
export const Tag = ({ children }) => html`<span class="tag">${children}</span>`;
