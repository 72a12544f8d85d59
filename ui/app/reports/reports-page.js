import { html } from '../html.js';
import { api, query } from '../api.js';
import { language, loadMessages, t } from '../i18n.js';
import { navigate } from '../router.js';
import { formatMinutes, formatShort } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { DateInput } from '../components/date-input.js';
import { loadStyles } from '../components/lazy.js';
import { OrganizationFilter } from '../components/organization-filter.js';
import { useData } from '../components/use-data.js';
import { localDate } from '../time/time-input.js';
import { ReportChart } from './report-chart.js';
import { DocumentView, percent } from './document-view.js';
import { monthPeriods, presetOf, slaChartSpec, ticketsChartSpec } from './report-view.js';

export const ready = Promise.all([loadMessages('reports'), loadStyles('/app/styles/reports.css')]);

const GROUPINGS = {
  sla: ['priority', 'agreement'],
  tickets: ['status', 'priority', 'type', 'service', 'team', 'organization', 'channel'],
};
const REPORTS = ['sla', 'tickets', 'agents', 'clients', 'client-pack'];
/** The filters each report takes besides the period: the server refuses any other. */
const TAKES = {
  sla: ['organizationId', 'agreementId', 'groupBy'],
  tickets: ['organizationId', 'groupBy'],
  agents: [],
  clients: ['organizationId'],
  'client-pack': ['agreementId'],
};
/** Reports drawn from their document (sections, tables, charts) rather than a page of their own. */
const DOCUMENTS = ['agents', 'clients', 'client-pack'];

/** The report's own query: the period, its filters, the reader's language. */
function apiQueryOf(filters) {
  const q = { from: filters.from, to: filters.to };
  for (const name of TAKES[filters.report]) q[name] = filters[name];
  return query({ ...q, language: language() });
}

/** The report and its filters from the address (the permalink); the period defaults to this month. */
function filtersOf(search) {
  const p = new URLSearchParams(search);
  const report = REPORTS.includes(p.get('report')) ? p.get('report') : 'sla';
  const month = monthPeriods(localDate(new Date())).this;
  const groupBy = p.get('groupBy');
  return {
    report,
    from: p.get('from') || month.from,
    to: p.get('to') || month.to,
    organizationId: p.get('organizationId') || '',
    agreementId: TAKES[report].includes('agreementId') ? p.get('agreementId') || '' : '',
    groupBy: !GROUPINGS[report] ? '' : GROUPINGS[report].includes(groupBy) ? groupBy : GROUPINGS[report][0],
    // "Dates…" chosen: the date fields stay shown even while the dates are a whole month.
    custom: p.get('custom') === '1' ? '1' : '',
  };
}

const minutes = (m) => (m === null || m === undefined ? '—' : formatMinutes(m));

/** The figures' meaning, beside the tables. */
const Definitions = ({ items }) =>
  items?.length > 0 &&
  html`<aside class="report-definitions card">
    <h2>${t('rep.definitions')}</h2>
    <ul>
      ${items.map((d) => html`<li>${d}</li>`)}
    </ul>
  </aside>`;

/**
 * A table of a report's rows: the first column names the group, the rest are figures; the totals row last.
 * @param {{ caption: string, groupLabel: string, columns: { key: string, label: string, format: (v: any) => string }[],
 *   rows: any[], total?: any, label: (row: any) => string, name: string }} props
 */
const FiguresTable = ({ caption, groupLabel, columns, rows, total, label, name }) =>
  html`<div class="report-table-wrap">
    <table class=${`grid report-table report-${name}`}>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${groupLabel}</th>
          ${columns.map((c) => html`<th scope="col" class="num">${c.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <th scope="row">${label(r)}</th>
              ${columns.map((c) => html`<td class="num" data-figure=${c.key}>${c.format(r[c.key])}</td>`)}
            </tr>`,
        )}
      </tbody>
      ${
        total &&
        html`<tfoot>
          <tr class="report-totals">
            <th scope="row">${t('rep.total')}</th>
            ${columns.map((c) => html`<td class="num" data-figure=${c.key}>${c.format(total[c.key])}</td>`)}
          </tr>
        </tfoot>`
      }
    </table>
  </div>`;

const count = (n) => new Intl.NumberFormat(language() === 'ru' ? 'ru-RU' : 'en-GB').format(n ?? 0);
const col = (key, label, format) => ({ key, label: t(label), format });

function SlaReport({ data, groupBy }) {
  const label = (r) => (groupBy === 'priority' ? r.priority : r.agreementNumber ? `№ ${r.agreementNumber}` : '—');
  const due =
    data.total.reactionMet + data.total.reactionBreached + data.total.resolutionMet + data.total.resolutionBreached;
  if (data.rows.length === 0 || (due === 0 && data.breaches.length === 0))
    return html`<p class="empty report-empty">${t('rep.slaEmpty')}</p>
      <${Definitions} items=${data.definitions} />`;
  const spec = slaChartSpec(data, label, {
    title: t('rep.compliance'),
    reaction: t('rep.reactionCompliance'),
    resolution: t('rep.resolutionCompliance'),
  });
  const groupLabel = t(`rep.by.${groupBy}`);
  return html`<div class="report-summary-figures" role="status">
      <div class="figure">
        <span>${t('rep.reactionCompliance')}</span
        ><b data-total="reactionCompliance">${percent(data.total.reactionCompliance)}</b>
      </div>
      <div class="figure">
        <span>${t('rep.resolutionCompliance')}</span
        ><b data-total="resolutionCompliance">${percent(data.total.resolutionCompliance)}</b>
      </div>
      <div class="figure"><span>${t('rep.tickets')}</span><b data-total="tickets">${count(data.total.tickets)}</b></div>
      <div class="figure">
        <span>${t('rep.breaches')}</span><b data-total="breaches">${count(data.breaches.length)}</b>
      </div>
    </div>
    <div class="report-body">
      <div class="report-main">
        ${spec && html`<${ReportChart} spec=${spec} />`}
        <${FiguresTable}
          name="compliance"
          caption=${t('rep.compliance')}
          groupLabel=${groupLabel}
          rows=${data.rows}
          total=${data.total}
          label=${label}
          columns=${[
            col('tickets', 'rep.tickets', count),
            col('reactionMet', 'rep.reactionMet', count),
            col('reactionBreached', 'rep.reactionBreached', count),
            col('reactionCompliance', 'rep.reactionCompliance', percent),
            col('resolutionMet', 'rep.resolutionMet', count),
            col('resolutionBreached', 'rep.resolutionBreached', count),
            col('resolutionCompliance', 'rep.resolutionCompliance', percent),
          ]}
        />
        <${FiguresTable}
          name="times"
          caption=${t('rep.times')}
          groupLabel=${groupLabel}
          rows=${data.rows}
          total=${data.total}
          label=${label}
          columns=${[
            col('reactionMedianMinutes', 'rep.reactionMedian', minutes),
            col('reactionP90Minutes', 'rep.reactionP90', minutes),
            col('resolutionMedianMinutes', 'rep.resolutionMedian', minutes),
            col('resolutionP90Minutes', 'rep.resolutionP90', minutes),
            col('pausedMinutes', 'rep.paused', minutes),
          ]}
        />
        <h2 class="report-heading">${t('rep.breaches')}</h2>
        ${
          data.breaches.length === 0
            ? html`<p class="muted">${t('rep.noBreaches')}</p>`
            : html`<div class="report-table-wrap">
                <table class="grid report-table report-breaches">
                  <thead>
                    <tr>
                      <th>${t('rep.ticket')}</th>
                      <th>${t('field.organization')}</th>
                      <th>${t('rep.agreement')}</th>
                      <th>${t('rep.by.priority')}</th>
                      <th>${t('rep.deadline')}</th>
                      <th>${t('rep.dueAt')}</th>
                      <th>${t('rep.doneAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${data.breaches.map(
                      (b) =>
                        html`<tr>
                          <td class="breach-ticket">
                            <a href=${`/tickets/${b.ticketId}`}>#${b.number}</a> ${b.subject}
                          </td>
                          <td>${b.organizationName}</td>
                          <td class="nowrap">№ ${b.agreementNumber}</td>
                          <td>${b.priority}</td>
                          <td>${t(`rep.kind.${b.kind}`)}</td>
                          <td class="nowrap">${formatShort(b.dueAt)}</td>
                          <td class="nowrap">${b.doneAt ? formatShort(b.doneAt) : t('rep.notDone')}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
        }
      </div>
      <${Definitions} items=${data.definitions} />
    </div>`;
}

function TicketsReport({ data, groupBy }) {
  const t0 = data.totals;
  if (t0.created === 0 && t0.resolved === 0 && t0.backlog === 0)
    return html`<p class="empty report-empty">${t('rep.ticketsEmpty')}</p>
      <${Definitions} items=${data.definitions} />`;
  const spec = ticketsChartSpec(data, {
    title: t(`rep.by.${groupBy}`),
    created: t('rep.created'),
    resolved: t('rep.resolved'),
    backlog: t('rep.backlog'),
  });
  return html`<div class="report-summary-figures" role="status">
      <div class="figure"><span>${t('rep.created')}</span><b data-total="created">${count(t0.created)}</b></div>
      <div class="figure"><span>${t('rep.resolved')}</span><b data-total="resolved">${count(t0.resolved)}</b></div>
      <div class="figure"><span>${t('rep.backlog')}</span><b data-total="backlog">${count(t0.backlog)}</b></div>
    </div>
    <div class="report-body">
      <div class="report-main">
        ${spec && html`<${ReportChart} spec=${spec} />`}
        <${FiguresTable}
          name="tickets"
          caption=${t(`rep.by.${groupBy}`)}
          groupLabel=${t(`rep.by.${groupBy}`)}
          rows=${data.rows}
          total=${t0}
          label=${(r) => r.label}
          columns=${[
            col('created', 'rep.created', count),
            col('resolved', 'rep.resolved', count),
            col('backlog', 'rep.backlog', count),
          ]}
        />
        <${FiguresTable}
          name="backlog-age"
          caption=${t('rep.backlogAge')}
          groupLabel=${t('rep.backlogAge')}
          rows=${data.backlogAge}
          total=${{ tickets: t0.backlog }}
          label=${(r) => r.label}
          columns=${[col('tickets', 'rep.tickets', count)]}
        />
      </div>
      <${Definitions} items=${data.definitions} />
    </div>`;
}

/**
 * SLA compliance and ticket figures of a period, filtered by client, agreement and grouping — all kept in the
 * address, so the address is the report's permalink; a chart, the meaning of each figure, and the same report
 * as CSV, Excel and PDF.
 * @param {{ search: string, organizations: any[] }} props
 */
export function ReportsPage({ search, organizations }) {
  const filters = filtersOf(search);
  const today = localDate(new Date());
  const preset = presetOf(filters, today);
  const badPeriod = filters.from > filters.to;
  const apiQuery = apiQueryOf(filters);
  const isDocument = DOCUMENTS.includes(filters.report);
  // The client pack is an agreement's: until one is chosen there is nothing to ask for.
  const waiting = filters.report === 'client-pack' && !filters.agreementId;
  const report = useData(
    // The figures come tagged with their report: the other tab's figures never render while these load.
    () =>
      badPeriod || waiting
        ? Promise.resolve(null)
        : api
            .get(`/reports/${filters.report}${isDocument ? '/document' : ''}?${apiQuery}`)
            .then((body) => ({ kind: filters.report, body })),
    [apiQuery, filters.report],
  );
  const agreements = useData(
    () =>
      TAKES[filters.report].includes('agreementId')
        ? api.get(`/agreements?${query({ organizationId: filters.organizationId, limit: 100 })}`).then((r) => r.items)
        : Promise.resolve([]),
    [filters.organizationId, filters.report],
  );
  const figures = report.data?.kind === filters.report ? report.data.body : null;
  const go = (next) => navigate(`/reports?${query(next)}`, { replace: true });
  const set = (name, value) => {
    const next = { ...filters, [name]: value };
    if (name === 'organizationId') next.agreementId = '';
    go(next);
  };
  const setPreset = (value) => {
    const months = monthPeriods(today);
    go(value === 'custom' ? { ...filters, custom: '1' } : { ...filters, ...months[value], custom: '' });
  };
  const custom = preset === 'custom' || filters.custom === '1';
  const download = (format) => `/api/v1/reports/${filters.report}.${format}?${apiQuery}`;
  const tab = (name) =>
    html`<a
      class=${`tab${filters.report === name ? ' active' : ''}`}
      href=${`/reports?${query({ report: name, from: filters.from, to: filters.to, organizationId: filters.organizationId })}`}
      aria-current=${filters.report === name ? 'page' : undefined}
      >${t(`rep.tab.${name}`)}</a
    >`;
  return html`<section class="reports-page">
    <div class="page-head">
      <h1>${t('rep.title')}</h1>
      ${
        !waiting &&
        html`<div class="head-actions report-downloads" role="group" aria-label=${t('rep.downloads')}>
          <a class="button" href=${download('csv')} download>CSV</a>
          <a class="button" href=${download('xlsx')} download>${t('rep.excel')}</a>
          <a class="button" href=${download('pdf')} download>PDF</a>
        </div>`
      }
    </div>
    <nav class="report-tabs" aria-label=${t('rep.tabs')}>${REPORTS.map(tab)}</nav>
    <p class="muted lead">${t('rep.lead')}</p>
    <form class="filters report-filters" onSubmit=${(e) => e.preventDefault()}>
      <label class="filter"
        >${t('rep.period')}
        <select name="period" value=${custom ? 'custom' : preset} onChange=${(e) => setPreset(e.target.value)}>
          <option value="this">${t('rep.period.this')}</option>
          <option value="last">${t('rep.period.last')}</option>
          <option value="custom">${t('rep.period.custom')}</option>
        </select></label
      >
      ${
        custom &&
        html`<label class="filter"
            >${t('rep.from')}
            <${DateInput} name="from" value=${filters.from} onChange=${(day) => day && set('from', day)}
          /></label>
          <label class="filter"
            >${t('rep.to')} <${DateInput} name="to" value=${filters.to} onChange=${(day) => day && set('to', day)}
          /></label>`
      }
      ${
        filters.report !== 'agents' &&
        html`<${OrganizationFilter}
          value=${filters.organizationId}
          organizations=${organizations}
          onChange=${(value) => set('organizationId', value)}
        />`
      }
      ${
        TAKES[filters.report].includes('agreementId') &&
        html`<label class="filter"
          >${t('rep.agreement')}
          <select name="agreementId" value=${filters.agreementId} onChange=${(e) => set('agreementId', e.target.value)}>
            <option value="">${filters.report === 'sla' ? t('filter.any') : t('rep.chooseAgreement')}</option>
            ${(agreements.data ?? []).map(
              (a) =>
                html`<option value=${a.id}>
                  № ${a.number}${filters.organizationId ? '' : ` ${a.organizationName ?? ''}`}
                </option>`,
            )}
          </select></label
        >`
      }
      ${
        GROUPINGS[filters.report] &&
        html`<label class="filter"
          >${t('rep.groupBy')}
          <select name="groupBy" value=${filters.groupBy} onChange=${(e) => set('groupBy', e.target.value)}>
            ${GROUPINGS[filters.report].map((g) => html`<option value=${g}>${t(`rep.by.${g}`)}</option>`)}
          </select></label
        >`
      }
    </form>
    ${badPeriod && html`<p class="error" role="alert">${t('rep.badPeriod')}</p>`}
    <${ErrorBox} error=${report.error || agreements.error} />
    ${waiting && html`<p class="empty report-empty report-choose">${t('rep.packChoose')}</p>`}
    ${!badPeriod && !waiting && !figures && !report.error && html`<p class="muted">${t('common.loading')}</p>`}
    ${
      figures &&
      (isDocument
        ? html`<${DocumentView} document=${figures} empty=${t(`rep.empty.${filters.report}`)} />`
        : filters.report === 'sla'
          ? html`<${SlaReport} data=${figures} groupBy=${filters.groupBy} />`
          : html`<${TicketsReport} data=${figures} groupBy=${filters.groupBy} />`)
    }
  </section>`;
}
