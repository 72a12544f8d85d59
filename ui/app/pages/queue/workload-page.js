import { useEffect, useRef } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { language, loadMessages, t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { loadStyles } from '../../components/lazy.js';

await Promise.all([loadMessages('queue'), loadStyles('/app/styles/queue.css')]);

const hours = (minutes) =>
  new Intl.NumberFormat(language() === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 1 }).format(minutes / 60);

/** Planned against available hours per engineer, drawn by the vendored ECharts (loaded with the first chart). */
function WorkloadChart({ items }) {
  const box = useRef(/** @type {HTMLDivElement | null} */ (null));
  const key = JSON.stringify(items.map((i) => [i.name, i.plannedMinutes, i.availableMinutes]));
  useEffect(() => {
    let live = true;
    /** @type {{ dispose(): void, resize(): void } | null} */
    let chart = null;
    /** @type {ResizeObserver | null} */
    let observer = null;
    import('echarts').then(
      (echarts) => {
        if (!live || !box.current) return;
        const drawn = echarts.init(box.current, null, { renderer: 'svg' });
        const rows = [...items].reverse();
        drawn.setOption({
          animation: false,
          legend: { top: 0 },
          grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
          xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v) => hours(v * 60) } },
          yAxis: { type: 'category', data: rows.map((i) => i.name), axisLabel: { width: 120, overflow: 'truncate' } },
          tooltip: { trigger: 'axis', valueFormatter: (v) => `${hours(v * 60)} ${t('workload.h')}` },
          series: [
            {
              type: 'bar',
              name: t('workload.planned'),
              barMaxWidth: 18,
              data: rows.map((i) => ({
                value: i.plannedMinutes / 60,
                itemStyle: { color: i.plannedMinutes > i.availableMinutes ? '#c0392b' : '#2f6fb0' },
              })),
            },
            {
              type: 'bar',
              name: t('workload.available'),
              barMaxWidth: 18,
              data: rows.map((i) => i.availableMinutes / 60),
              itemStyle: { color: '#b9c7d6' },
            },
          ],
        });
        chart = drawn;
        observer = new ResizeObserver(() => drawn.resize());
        observer.observe(box.current);
      },
      () => {},
    );
    return () => {
      live = false;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [key]);
  return html`<div class="workload-chart" ref=${box} role="img" aria-label=${t('workload.chart')}></div>`;
}

/** Who carries what this week: open, due within a working day, breached; planned against available hours. */
export function WorkloadPage() {
  const { data, error, loading } = useData(() => api.get('/workload'), []);
  const items = data?.items ?? [];
  return html`<section class="workload-page">
    <h1>${t('workload.title')}</h1>
    <p class="muted">${t('workload.lead')}</p>
    <${ErrorBox} error=${error} />
    ${loading && html`<p class="muted">${t('common.loading')}</p>`}
    ${!loading && items.length === 0 && html`<p class="empty">${t('workload.empty')} <a href="/agents">${t('workload.addAgent')}</a></p>`}
    ${
      items.length > 0 &&
      html`<${WorkloadChart} items=${items} />
        <div class="table-wrap">
          <table class="grid workload-table">
            <thead>
              <tr>
                <th>${t('workload.agent')}</th>
                <th class="num">${t('workload.open')}</th>
                <th class="num">${t('workload.dueSoon')}</th>
                <th class="num">${t('workload.breached')}</th>
                <th class="num">${t('workload.planned')}</th>
                <th class="num">${t('workload.available')}</th>
              </tr>
            </thead>
            <tbody>
              ${items.map(
                (i) =>
                  html`<tr>
                    <td class="workload-name"><a href=${`/board?assigneeId=${i.agentId}`}>${i.name}</a></td>
                    <td class="num" data-label=${t('workload.open')}>
                      <a href=${`/tickets?status=active&assigneeId=${i.agentId}`}>${i.open}</a>
                    </td>
                    <td class="num" data-label=${t('workload.dueSoon')}>${i.dueSoon}</td>
                    <td class=${`num ${i.breached ? 'bad' : ''}`} data-label=${t('workload.breached')}>
                      ${i.breached}
                    </td>
                    <td
                      class=${`num ${i.plannedMinutes > i.availableMinutes ? 'bad' : ''}`}
                      data-label=${t('workload.planned')}
                    >
                      ${hours(i.plannedMinutes)}
                    </td>
                    <td class="num" data-label=${t('workload.available')}>${hours(i.availableMinutes)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <p class="muted small">${t('workload.howPlanned')}</p>`
    }
  </section>`;
}
