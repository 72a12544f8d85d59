import { html } from '../html.js';
import { language } from '../i18n.js';
import { formatMinutes, formatMoney } from '../format.js';
import { ReportChart } from './report-chart.js';

/** @typedef {import('../../../server/modules/reports/report-document.js').ReportDocument} ReportDocument */
/** @typedef {import('../../../server/modules/reports/report-document.js').ReportSection} ReportSection */
/** @typedef {import('../../../server/modules/reports/report-document.js').ReportTable} ReportTable */
/** @typedef {ReportTable['columns'][number]} Column */

const numberLocale = () => (language() === 'ru' ? 'ru-RU' : 'en-GB');

/** Compliance 0..1 as "87,5 %" / "87.5%"; "—" when nothing was due. @param {number | null | undefined} fraction */
export function percent(fraction) {
  if (fraction === null || fraction === undefined) return '—';
  const figure = new Intl.NumberFormat(numberLocale(), { maximumFractionDigits: 1 }).format(fraction * 100);
  return language() === 'ru' ? `${figure}\u00a0%` : `${figure}%`;
}

/**
 * A cell as people read it, by its column's format: numbers stay raw in the document (percent as a fraction,
 * minutes as integers, money in kopecks) so the screen, the files and the PDF each write them their own way.
 * @param {string | number | null | undefined} value
 * @param {Column['format']} format
 */
export function cellText(value, format) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  switch (format) {
    case 'percent':
      return percent(value);
    case 'minutes':
      return value < 0 ? `−${formatMinutes(-value)}` : formatMinutes(value);
    case 'money':
      return formatMoney(value);
    default:
      return new Intl.NumberFormat(numberLocale()).format(value);
  }
}

/** A chart is drawn only when it has something on its axis. @param {ReportSection['chart']} chart */
const drawable = (chart) => !!chart && chart.categories.length > 0 && chart.series.some((s) => s.values.length > 0);

/** A figure column reads right-aligned; text reads left. @param {Column} c */
const isFigure = (c) => c.align === 'right' || (c.format !== undefined && c.format !== 'text');

/**
 * A section's table: the first column names the row, the totals row last. On a phone it scrolls sideways in its
 * own box (the first column stays in view), never the page.
 * @param {{ table: ReportTable, caption: string }} props
 */
function DocumentTable({ table, caption }) {
  const row = (/** @type {Record<string, string | number | null>} */ r) =>
    table.columns.map((c, i) => {
      const text = cellText(r[c.key], c.format);
      const cls = isFigure(c) ? 'num' : undefined;
      return i === 0
        ? html`<th scope="row" class=${cls} data-figure=${c.key}>${text}</th>`
        : html`<td class=${cls} data-figure=${c.key}>${text}</td>`;
    });
  return html`<div class="report-table-wrap">
    <table class="grid report-table report-document-table" aria-label=${caption}>
      <thead>
        <tr>
          ${table.columns.map((c) => html`<th scope="col" class=${isFigure(c) ? 'num' : undefined}>${c.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${table.rows.map(
          (r) =>
            html`<tr>
              ${row(r)}
            </tr>`,
        )}
      </tbody>
      ${
        table.totals &&
        html`<tfoot>
          <tr class="report-totals">
            ${row(table.totals)}
          </tr>
        </tfoot>`
      }
    </table>
  </div>`;
}

/** @param {{ section: ReportSection }} props */
function DocumentSection({ section }) {
  const rows = section.table?.rows.length ?? 0;
  // A heading over nothing reads as a failure to load: such a section is left out.
  if (!section.definitions?.length && !drawable(section.chart) && rows === 0) return null;
  return html`<section class="report-section card">
    <h2 class="report-heading">${section.heading}</h2>
    ${
      section.definitions?.length
        ? html`<ul class="report-section-notes muted">
            ${section.definitions.map((d) => html`<li>${d}</li>`)}
          </ul>`
        : null
    }
    ${drawable(section.chart) && section.chart && html`<${ReportChart} spec=${section.chart} />`}
    ${section.table && rows > 0 && html`<${DocumentTable} table=${section.table} caption=${section.heading} />`}
  </section>`;
}

/**
 * Any report as the document the server makes of it — the same sections, tables and charts the PDF has — so a
 * report added to the catalogue shows on the screen without a page of its own. When no section has a row the
 * page says what to do next.
 * @param {{ document: ReportDocument, empty: string }} props
 */
export function DocumentView({ document, empty }) {
  const nothing = document.sections.every((s) => (s.table?.rows.length ?? 0) === 0);
  return html`<div class="report-document" data-language=${document.language}>
    <header class="report-document-head">
      <h2>${document.title}</h2>
      ${document.subtitle && html`<p class="report-subtitle">${document.subtitle}</p>`}
      <p class="muted report-period">${document.periodLabel}</p>
    </header>
    ${nothing && html`<p class="empty report-empty">${empty}</p>`}
    ${document.sections.map((s) => html`<${DocumentSection} section=${s} />`)}
  </div>`;
}
