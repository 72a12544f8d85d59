import { useEffect, useRef } from 'preact/hooks';
import { html } from '../../html.js';
import { api, query } from '../../api.js';
import { language, t } from '../../i18n.js';
import { formatMoney } from '../../format.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { addressState, monthBounds, today } from './money-format.js';
import { MoneyTable, PeriodFilters } from './money-fields.js';

const PATH = '/money/profit';

/**
 * Profit per client as horizontal bars, drawn by the vendored ECharts (loaded with the first chart). The box is
 * sized by the stylesheet (the desk's CSP refuses style attributes); the chart follows its width.
 */
function ProfitChart({ items }) {
  const box = useRef(/** @type {HTMLDivElement | null} */ (null));
  const shown = items.slice(0, 15);
  const key = JSON.stringify(shown.map((i) => [i.name, i.profitKopecks]));
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
        const locale = language() === 'ru' ? 'ru-RU' : 'en-GB';
        const rubles = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
        const rows = [...shown].reverse();
        drawn.setOption({
          animation: false,
          grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
          xAxis: { type: 'value', axisLabel: { formatter: (v) => rubles.format(v) } },
          yAxis: { type: 'category', data: rows.map((i) => i.name), axisLabel: { width: 140, overflow: 'truncate' } },
          tooltip: { trigger: 'axis', valueFormatter: (v) => `${rubles.format(v)} ₽` },
          series: [
            {
              type: 'bar',
              name: t('profit.profit'),
              barMaxWidth: 28,
              data: rows.map((i) => ({
                value: i.profitKopecks / 100,
                itemStyle: { color: i.profitKopecks < 0 ? '#c0392b' : '#2e7d32' },
              })),
            },
          ],
        });
        chart = drawn;
        observer = new ResizeObserver(() => drawn.resize());
        observer.observe(box.current);
      },
      // Without its chart the ranking still has its table: the failure is logged, not shown as the page's.
      (err) => console.warn('The profit chart could not load', err),
    );
    return () => {
      live = false;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [key]);
  return html`<div class="profit-chart" ref=${box} role="img" aria-label=${t('profit.chart')}></div>`;
}

const breakdownText = (b) =>
  [
    `${t('profit.work')} ${formatMoney(b.work)}`,
    `${t('profit.clientCosts')} ${formatMoney(b.clientCosts)}`,
    `${t('profit.recurring')} ${formatMoney(b.recurring)}`,
  ].join(' · ');

const margin = (m) =>
  m === null ? '—' : `${new Intl.NumberFormat(language() === 'ru' ? 'ru-RU' : 'en-GB').format(m)} %`;

/** The ranking of clients by profit for a period, this month by default. */
export function ProfitTab({ search }) {
  const month = monthBounds(today());
  const { values, setValues } = addressState(PATH, search, { from: month.from, to: month.to });
  const { data, error, loading } = useData(() => api.get(`/reports/profit?${query(values)}`), [search]);
  const items = data?.items ?? [];
  return html`<div class="profit-tab">
    <p class="muted lead">${t('profit.lead')}</p>
    <div class="filters">
      <${PeriodFilters} values=${values} setValues=${setValues} />
    </div>
    <${ErrorBox} error=${error} />
    ${items.length > 0 && html`<${ProfitChart} items=${items} />`}
    <${MoneyTable}
      className="profit-table"
      head=${html`<th>${t('money.client')}</th>
        <th class="num">${t('profit.revenue')}</th>
        <th class="num col-cost">${t('profit.cost')}</th>
        <th class="num">${t('profit.profit')}</th>
        <th class="num col-margin">${t('profit.margin')}</th>`}
      rows=${items.map(
        (i) =>
          html`<tr data-id=${i.organizationId}>
            <td>
              <div class="money-name">${i.name}</div>
              <div class="money-sub">${breakdownText(i.breakdown)}</div>
            </td>
            <td class="num">${formatMoney(i.revenueKopecks)}</td>
            <td class="num col-cost">${formatMoney(i.costKopecks)}</td>
            <td class=${`num ${i.profitKopecks < 0 ? 'loss' : ''}`}>${formatMoney(i.profitKopecks)}</td>
            <td class="num col-margin">${margin(i.marginPercent)}</td>
          </tr>`,
      )}
      foot=${
        data &&
        html`<td>${t('money.total')}</td>
          <td class="num">${formatMoney(data.totals.revenueKopecks)}</td>
          <td class="num col-cost">${formatMoney(data.totals.costKopecks)}</td>
          <td class="num">${formatMoney(data.totals.profitKopecks)}</td>
          <td class="num col-margin">${margin(data.totals.marginPercent)}</td>`
      }
      empty=${!loading && data && t('profit.none')}
    />
  </div>`;
}
