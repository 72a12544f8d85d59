import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { formatWork, formatWorkDate } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { loadStyles } from '../components/lazy.js';
import { useData } from '../components/use-data.js';
import { ReportChart } from '../reports/report-chart.js';
import { count, FigureCard, percent, queueLink, SectionHead } from './dashboard-parts.js';

export const ready = Promise.all([
  loadMessages('dashboards'),
  loadMessages('reports'),
  loadStyles('/app/styles/reports.css'),
  loadStyles('/app/dashboards/dashboards.css'),
]);

const period = (/** @type {any} */ m) => t('dash.period', { from: formatWorkDate(m.from), to: formatWorkDate(m.to) });

/** The decided counts under a compliance figure: "12 met, 1 breached", or that nothing was due. */
const decided = (/** @type {any} */ c) =>
  c.met + c.breached === 0
    ? t('dash.nothingDue')
    : t('dash.decided', { met: count(c.met), breached: count(c.breached) });

export function ManagerDashboardPage() {
  const { data, error } = useData(() => api.get('/dashboards/manager'), []);
  return html`<section class="dashboard">
    <div class="page-head">
      <h1>${t('dash.managerTitle')}</h1>
      <a href="/dashboard">${t('dash.toDesk')} →</a>
    </div>
    <p class="muted">${t('dash.managerLead')}</p>
    ${error && html`<${ErrorBox} error=${error} />`}
    ${!data && !error && html`<p class="muted">${t('common.loading')}</p>`}
    ${data && html`<${ManagerFigures} data=${data} />`}
  </section>`;
}

/** @param {{ data: any }} props */
function ManagerFigures({ data }) {
  const { thisMonth, lastMonth } = data;
  const anySla = [thisMonth, lastMonth].some(
    (m) => m.reaction.met + m.reaction.breached + m.resolution.met + m.resolution.breached > 0,
  );
  const tone = (/** @type {number | null} */ now, /** @type {number | null} */ before) =>
    now === null || before === null ? '' : now < before ? 'bad' : now > before ? 'ok' : '';
  return html`<h2 class="dash-h2">${t('dash.compliance')}</h2>
    <p class="dash-def">${t('dash.complianceDef')}</p>
    <p class="muted">${t('dash.thisMonth')}: ${period(thisMonth)} · ${t('dash.lastMonth')}: ${period(lastMonth)}</p>
    <div class="dash-cards">
      ${['reaction', 'resolution'].map(
        (kind) =>
          html`<${FigureCard}
            label=${`${t(`dash.${kind}`)} · ${t('dash.thisMonth').toLowerCase()}`}
            value=${percent(thisMonth[kind].compliance)}
            tone=${tone(thisMonth[kind].compliance, lastMonth[kind].compliance)}
            note=${decided(thisMonth[kind])}
            href=${`/reports?report=sla&from=${thisMonth.from}&to=${thisMonth.to}`}
            definition=${`${t('dash.vsLast', { value: percent(lastMonth[kind].compliance) })} (${decided(lastMonth[kind])})`}
          />`,
      )}
    </div>
    ${
      anySla
        ? html`<div class="card dash-trend">
            <${ReportChart}
              spec=${{
                kind: 'bar',
                title: t('dash.complianceChart'),
                categories: [t('dash.reaction'), t('dash.resolution')],
                series: [
                  {
                    name: t('dash.lastMonth'),
                    values: [lastMonth.reaction.compliance ?? 0, lastMonth.resolution.compliance ?? 0],
                  },
                  {
                    name: t('dash.thisMonth'),
                    values: [thisMonth.reaction.compliance ?? 0, thisMonth.resolution.compliance ?? 0],
                  },
                ],
                unit: 'percent',
              }}
            />
          </div>`
        : html`<p class="card empty">${t('dash.noSlaYet')}</p>`
    }
    <div class="dash-grid">
      <div class="card">
        <${SectionHead} title=${t('dash.topClients')} definition=${t('dash.topClientsDef')} />
        ${
          data.topBreachedClients.length === 0
            ? html`<p class="empty">${t('dash.noBreaches')}</p>`
            : html`<table class="dash-table">
                <thead>
                  <tr>
                    <th>${t('dash.client')}</th>
                    <th class="num">${t('dash.breaches')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${data.topBreachedClients.map(
                    (/** @type {any} */ c) =>
                      html`<tr>
                        <td><a href=${`/organizations/${c.organizationId}`}>${c.name}</a></td>
                        <td class="num">
                          <a href=${queueLink({ status: 'active', organizationId: c.organizationId, sort: 'due' })}
                            >${count(c.breaches)}</a
                          >
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </div>
      <div class="card">
        <${SectionHead} title=${t('dash.workload')} definition=${t('dash.workloadDef')} />
        ${
          data.workload.length === 0
            ? html`<p class="empty">${t('dash.noAgents')}</p>`
            : html`<table class="dash-table">
                <thead>
                  <tr>
                    <th>${t('dash.agent')}</th>
                    <th class="num">${t('dash.openAssigned')}</th>
                    ${data.workload[0].minutesThisMonth !== null && html`<th class="num">${t('dash.hours')}</th>`}
                  </tr>
                </thead>
                <tbody>
                  ${data.workload.map(
                    (/** @type {any} */ w) =>
                      html`<tr>
                        <td>${w.name}</td>
                        <td class="num">
                          <a href=${queueLink({ status: 'active', assigneeId: w.agentId })}>${count(w.openAssigned)}</a>
                        </td>
                        ${w.minutesThisMonth !== null && html`<td class="num">${formatWork(w.minutesThisMonth)}</td>`}
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </div>
    </div>`;
}
