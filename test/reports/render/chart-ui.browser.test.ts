import t from 'tap';
import { launchChromium, openPage, startUiDesk } from '../../helpers/browser.js';
import { chartSvg } from '../../../server/modules/reports/render/chart-svg.js';
import { chartPalette } from '../../../server/modules/reports/render/chart-option.js';
import type { ChartSpec } from '../../../server/modules/reports/report-document.js';

/**
 * The desk's page loads the vendored ECharts and the compiled chart option through its import map (under its
 * Content-Security-Policy) and draws a report chart: the same shapes the server's SVG for a mailed PDF has.
 */
const spec: ChartSpec = {
  kind: 'bar',
  title: 'Соблюдение SLA',
  categories: ['P1', 'P2', 'P3', 'P4'],
  series: [
    { name: 'Реакция', values: [0.95, 0.875, 1, 0.9] },
    { name: 'Решение', values: [0.8, 0.9, 0.97, 1] },
  ],
  unit: 'percent',
};

/** Shapes painted in each series colour (bars and legend marks), as the count per colour. */
const byColour = (fills: string[]) => chartPalette.slice(0, 2).map((c) => fills.filter((f) => f === c).length);

t.test('the UI draws a report chart with the same library and option as the PDF', async (t) => {
  const desk = await startUiDesk(t);
  const browser = await launchChromium(t);
  for (const width of [390, 1440]) {
    const { page, errors } = await openPage(browser, { locale: 'ru-RU', viewport: { width, height: 900 } });
    await page.goto(`${desk.url}/`);
    // A script as text: the page runs it as written (the test's compiler would add helpers the page lacks).
    const drawn: { fills: string[]; width: number } = await page.evaluate(`(async () => {
      const echarts = await import('echarts');
      const { chartOption } = await import('ondesk-server/reports/chart-option.js');
      // Sized through the CSSOM, as the UI does: the desk's CSP refuses style attributes written as HTML.
      const el = document.createElement('div');
      el.style.cssText = 'width:100%;max-width:720px;height:320px;background:#fff';
      document.body.replaceChildren(el);
      const chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption({ ...chartOption(${JSON.stringify(spec)}, 'ru'), animation: false });
      return {
        fills: [...el.querySelectorAll('path')].map((p) => p.getAttribute('fill') ?? ''),
        width: Number(el.querySelector('svg')?.getAttribute('width')),
      };
    })()`);
    await page.screenshot({ path: `/tmp/ondesk-report-chart-${width}.png` });
    const server = [...chartSvg(spec, 'ru').matchAll(/<path [^>]*fill="([^"]+)"/g)].map((m) => m[1]!);
    t.equal(drawn.width, Math.min(720, width), 'drawn at the width of its box');
    const fills = drawn.fills;
    t.same(byColour(fills), byColour(server), `${width} px: the same bars and legend marks as the PDF's chart`);
    t.same(byColour(fills), [5, 5], '4 bars and a legend mark per series');
    t.same(errors, [], 'no page errors');
    await page.close();
  }
});
