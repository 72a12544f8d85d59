import { html } from '../html.js';
import { api, query } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { navigate } from '../router.js';
import { may } from '../session.js';
import { ErrorBox } from '../components/error.js';
import { loadStyles } from '../components/lazy.js';
import { useData } from '../components/use-data.js';
import { ReportChart } from '../reports/report-chart.js';
import { axisDay, count, FigureCard, queueLink, SectionHead } from './dashboard-parts.js';

export const ready = Promise.all([
  loadMessages('dashboards'),
  // The chart's accessible name is the reports' word; its box is sized by the reports' stylesheet.
  loadMessages('reports'),
  loadStyles('/app/styles/reports.css'),
  loadStyles('/app/dashboards/dashboards.css'),
]);

/** @param {{ me: any, search: string }} props */
export function DeskDashboardPage({ me, search }) {
  const teamId = new URLSearchParams(search).get('teamId') || '';
  const teams = useData(() => (may(me, 'agent.read') ? api.get('/teams') : Promise.resolve({ items: [] })), []);
  const { data, error } = useData(() => api.get(`/dashboards/desk?${query({ teamId })}`), [teamId]);
  const mayManager = may(me, 'report.read') || may(me, 'time.report');
  const team = teamId ? { teamId } : {};

  const empty =
    data && data.open.total === 0 && data.trend.every((/** @type {any} */ p) => p.created === 0 && p.resolved === 0);
  return html`<section class="dashboard">
    <div class="page-head">
      <h1>${t('dash.title')}</h1>
      ${mayManager && html`<a href="/dashboard/manager">${t('dash.toManager')} →</a>`}
    </div>
    <p class="muted">${t('dash.lead')}</p>
    ${
      (teams.data?.items.length ?? 0) > 0 &&
      html`<label class="filter dash-team"
        >${t('dash.team')}
        <select
          name="teamId"
          value=${teamId}
          onChange=${(/** @type {any} */ e) =>
            navigate(`/dashboard${e.target.value ? `?teamId=${e.target.value}` : ''}`)}
        >
          <option value="">${t('dash.allTeams')}</option>
          ${teams.data.items.map((/** @type {any} */ tm) => html`<option value=${String(tm.id)}>${tm.name}</option>`)}
        </select></label
      >`
    }
    ${error && html`<${ErrorBox} error=${error} />`}
    ${!data && !error && html`<p class="muted">${t('common.loading')}</p>`}
    ${
      empty &&
      html`<div class="card dash-empty">
        <p>${teamId ? t('dash.emptyTeam') : t('dash.empty')}</p>
        ${teamId && html`<p><a class="button" href="/dashboard">${t('dash.allTeams')}</a></p>`}
        ${
          !teamId &&
          html`<p>
            ${may(me, 'ticket.create') && html`<a class="button primary" href="/tickets/new">${t('dash.createTicket')}</a>`}
            ${may(me, 'inbound_mail.read') && html` <a class="button" href="/inbound">${t('dash.setupMail')}</a>`}
          </p>`
        }
      </div>`
    }
    ${data && !empty && html`<${DeskFigures} data=${data} team=${team} />`}
  </section>`;
}

/** @param {{ data: any, team: Record<string, string> }} props */
function DeskFigures({ data, team }) {
  const active = { status: 'active', ...team };
  return html`<div class="dash-cards">
      <${FigureCard}
        label=${t('dash.open')}
        value=${count(data.open.total)}
        href=${queueLink(active)}
        definition=${t('dash.openDef')}
      />
      <${FigureCard}
        label=${t('dash.dueToday')}
        value=${count(data.dueToday)}
        tone=${data.dueToday > 0 ? 'warn' : ''}
        href=${queueLink({ ...active, sort: 'due' })}
        definition=${t('dash.dueTodayDef')}
      />
      <${FigureCard}
        label=${t('dash.breached')}
        value=${count(data.breached)}
        tone=${data.breached > 0 ? 'bad' : ''}
        href=${queueLink({ ...active, sort: 'due' })}
        definition=${t('dash.breachedDef')}
      />
    </div>
    <div class="dash-grid">
      <div class="card">
        <${SectionHead} title=${t('dash.byStatus')} definition=${t('dash.byStatusDef')} />
        <ul class="dash-list">
          ${data.open.byStatus.map(
            (/** @type {any} */ s) =>
              html`<li>
                <span>${t(`status.${s.status}`)}</span
                ><a class="num" href=${queueLink({ status: s.status, ...team })}>${count(s.count)}</a>
              </li>`,
          )}
        </ul>
      </div>
      <div class="card">
        <${SectionHead} title=${t('dash.byTeam')} definition=${t('dash.byTeamDef')} />
        <ul class="dash-list">
          ${data.byTeam.map(
            (/** @type {any} */ row) =>
              html`<li>
                <span>${row.name ?? t('dash.noTeam')}</span>
                ${
                  row.teamId === null
                    ? html`<span class="num">${count(row.count)}</span>`
                    : html`<a class="num" href=${queueLink({ status: 'active', teamId: row.teamId })}
                        >${count(row.count)}</a
                      >`
                }
              </li>`,
          )}
          ${data.byTeam.length === 0 && html`<li class="muted">—</li>`}
        </ul>
      </div>
    </div>
    <div class="card dash-trend">
      <${SectionHead} title=${t('dash.trend')} definition=${t('dash.trendDef')} />
      <${ReportChart}
        spec=${{
          kind: 'line',
          title: t('dash.trend'),
          categories: data.trend.map((/** @type {any} */ p) => axisDay(p.day)),
          series: [
            { name: t('dash.created'), values: data.trend.map((/** @type {any} */ p) => p.created) },
            { name: t('dash.resolved'), values: data.trend.map((/** @type {any} */ p) => p.resolved) },
          ],
          unit: 'count',
        }}
      />
    </div>`;
}
