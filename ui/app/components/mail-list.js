import { html } from '../html.js';

// The parts the mail admin pages (received mail, outbox, notification settings) share: their tabs and the rows
// of a message list, which open the message.

/**
 * The tabs of a mail page. `badge` adds what a tab shows after its label (the outbox's counts).
 * @param {{ tabs: string[], current: string, label: (tab: string) => string, onPick: (tab: string) => void,
 *   badge?: (tab: string) => unknown }} props
 */
export const MailTabs = ({ tabs, current, label, onPick, badge }) =>
  html`<div class="tabs mail-tabs" role="tablist">
    ${tabs.map(
      (x) =>
        html`<button
          type="button"
          role="tab"
          data-tab=${x}
          aria-selected=${x === current ? 'true' : 'false'}
          class=${x === current ? 'active' : ''}
          onClick=${() => onPick(x)}
        >
          ${label(x)}${badge?.(x)}
        </button>`,
    )}
  </div>`;

/**
 * A message's row: a click anywhere but on its own buttons and links opens the message. `data` holds the row's
 * data-* attributes (which tests and styles use).
 * @param {{ data: Record<string, unknown>, onOpen: () => void, children?: unknown }} props
 */
export const MessageRow = ({ data, onOpen, children }) =>
  html`<tr ...${data} class="clickable" onClick=${(e) => !e.target.closest('button, a') && onOpen()}>
    ${children}
  </tr>`;

/**
 * The subject cell: a button that opens the message (so the keyboard reaches it too), then what the page adds.
 * @param {{ title: unknown, label: string, onOpen: () => void, children?: unknown }} props
 */
export const SubjectCell = ({ title, label, onOpen, children }) =>
  html`<td class="mail-subject-cell">
    <button type="button" class="link mail-open" aria-label=${label} onClick=${onOpen}>${title}</button>
    ${children}
  </td>`;
