import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { language, t } from '../i18n.js';

/**
 * A report chart drawn by the vendored ECharts from the compiled chart option the mailed PDF is drawn from, so
 * the screen and the PDF show the same chart. Both load with the first chart: the desk's first load stays small.
 * The box is sized by the stylesheet (the desk's CSP refuses style attributes); the chart follows its width.
 * @param {{ spec: import('./report-view.js').ChartSpec }} props
 */
export function ReportChart({ spec }) {
  const box = useRef(/** @type {HTMLDivElement | null} */ (null));
  const key = JSON.stringify(spec);
  useEffect(() => {
    let live = true;
    /** @type {{ dispose(): void, resize(): void } | null} */
    let chart = null;
    /** @type {ResizeObserver | null} */
    let observer = null;
    Promise.all([import('echarts'), import('ondesk-server/reports/chart-option.js')]).then(
      ([echarts, { chartOption }]) => {
        if (!live || !box.current) return;
        const drawn = echarts.init(box.current, null, { renderer: 'svg' });
        drawn.setOption({ ...chartOption(spec, language() === 'ru' ? 'ru' : 'en'), animation: false });
        chart = drawn;
        observer = new ResizeObserver(() => drawn.resize());
        observer.observe(box.current);
      },
      // Without its chart the report still has its table: the failure is logged, not shown as the page's.
      (err) => console.warn('The report chart could not load', err),
    );
    return () => {
      live = false;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [key]);
  return html`<div
    class="report-chart"
    ref=${box}
    role="img"
    aria-label=${t('rep.chartOf', { title: spec.title ?? '' })}
  ></div>`;
}
