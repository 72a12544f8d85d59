import { html } from '../html.js';
import { formatAgo, formatDate } from '../format.js';

/**
 * A relative time ("5 min ago") that shows the exact one on hover and to screen readers' `datetime`: the list
 * stays short to read, and the precise instant is one pointer away.
 * @param {{ iso: string | null | undefined, class?: string }} props
 */
export const TimeAgo = ({ iso, class: extra }) =>
  iso ? html`<time class=${extra} datetime=${iso} title=${formatDate(iso)}>${formatAgo(iso)}</time>` : null;
