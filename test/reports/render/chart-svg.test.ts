import t from 'tap';
import { chartSvg } from '../../../server/modules/reports/render/chart-svg.js';

const dataShapes = (svg: string) => (svg.match(/<path [^>]*ecmeta_ssr_type="chart"/g) ?? []).length;
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

t.test('a bar chart: one bar per category and series, axis names and values as text', async (t) => {
  const svg = chartSvg(
    {
      kind: 'bar',
      title: 'Заявки по приоритетам',
      categories: ['P1', 'P2', 'P3', 'P4'],
      series: [
        { name: 'Создано', values: [3, 14, 52, 9] },
        { name: 'Решено', values: [2, 12, 40, 9] },
      ],
    },
    'ru',
  );
  t.match(svg, /^<svg [^>]*width="515" height="240"/);
  t.equal(dataShapes(svg), 8, '4 categories × 2 series');
  const words = texts(svg);
  for (const word of ['Заявки по приоритетам', 'P1', 'P4', 'Создано', 'Решено', '52', '40']) {
    t.ok(words.includes(word), `"${word}" is text in the SVG`);
  }
  t.notMatch(svg, /font-family:(?!DejaVu Sans;)/, 'every text in the family the PDF embeds');
  t.notMatch(svg, /<animate/, 'a still picture');
  t.notMatch(svg, /<text[^>]*paint-order/, 'no outline that the PDF would paint over the figures');
});

t.test('a stacked bar, a line and a pie', async (t) => {
  const stacked = chartSvg(
    {
      kind: 'stacked-bar',
      categories: ['W1', 'W2', 'W3'],
      series: [
        { name: 'Billable', values: [6, 8, 4] },
        { name: 'Not billable', values: [1, 2, 1] },
      ],
      unit: 'hours',
    },
    'en',
  );
  t.equal(dataShapes(stacked), 6);
  t.ok(texts(stacked).includes('8\u00a0h'), 'values in hours');

  const line = chartSvg(
    {
      kind: 'line',
      categories: ['1', '2', '3', '4', '5'],
      series: [
        { name: 'Created', values: [1, 3, 2, 5, 4] },
        { name: 'Resolved', values: [0, 2, 2, 4, 5] },
      ],
    },
    'en',
  );
  t.ok(dataShapes(line) >= 2, 'a line per series (and its points)');
  t.ok(texts(line).includes('Resolved'), 'the legend names the series');

  const pie = chartSvg(
    {
      kind: 'pie',
      categories: ['Email', 'Portal', 'Phone'],
      series: [{ name: 'Channel', values: [50, 30, 20] }],
    },
    'en',
  );
  t.equal(dataShapes(pie), 3, 'one sector per category');
  t.ok(
    texts(pie).some((w) => w.startsWith('Email')),
    'sector labels',
  );
});
