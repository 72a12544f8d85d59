import { html } from '../html.js';
import { language, t } from '../i18n.js';

/** A count as people read it in the chosen language ("1 234" / "1,234"). */
export const count = (n) => new Intl.NumberFormat(language() === 'ru' ? 'ru-RU' : 'en-GB').format(n);

/**
 * A day of the last 30 on the chart's axis: "4 Dec" / "4 дек." — the work-date format without the year, which
 * the chart's title already makes plain and which 30 labels on a phone have no room for.
 */
export const axisDay = (/** @type {string} */ date) =>
  new Intl.DateTimeFormat(language() === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
  }).format(new Date(`${date}T00:00:00Z`));

/** Compliance 0..1 as "87,5 %" / "87.5%"; "—" when nothing was decided. */
export function percent(fraction) {
  if (fraction === null || fraction === undefined) return '—';
  const figure = new Intl.NumberFormat(language() === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 1 }).format(
    fraction * 100,
  );
  return language() === 'ru' ? `${figure}\u00a0%` : `${figure}%`;
}

/**
 * A figure as a card: the big number opens the queue filtered the same way; the definition says what is counted.
 * @param {{ label: string, value: string, href?: string | null, definition: string, tone?: string, note?: string }} props
 */
export function FigureCard({ label, value, href, definition, tone = '', note }) {
  const number = href
    ? html`<a class=${`dash-number ${tone}`} href=${href} aria-label=${`${label}: ${value}`}>${value}</a>`
    : html`<span class=${`dash-number ${tone}`}>${value}</span>`;
  return html`<div class="card dash-card">
    <div class="dash-label">${label}</div>
    ${number} ${note && html`<div class="dash-note">${note}</div>`}
    <p class="dash-def">${definition}</p>
  </div>`;
}

/** A section's heading with its one-line definition. */
export const SectionHead = ({ title, definition }) =>
  html`<h2 class="dash-h2">${title}</h2>
    <p class="dash-def">${definition}</p>`;

/** The queue's address for filters (see pages/queue.js). */
export function queueLink(filters) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  return `/tickets?${p}`;
}

export { t };
