import t from 'tap';
import fc from 'fast-check';
import { chartOption, formatChartValue } from '../../../server/modules/reports/render/chart-option.js';
import type { ChartSpec } from '../../../server/modules/reports/report-document.js';

type Series = { type: string; name: string; stack?: string; data: unknown[] };
type Option = {
  series: Series[];
  xAxis?: { data: string[] };
  legend: { data: string[] };
};

const chartSpec: fc.Arbitrary<ChartSpec> = fc
  .record({
    kind: fc.constantFrom<ChartSpec['kind']>('bar', 'line', 'pie', 'stacked-bar'),
    title: fc.option(fc.string(), { nil: undefined }),
    categories: fc.array(fc.string({ maxLength: 12 }), { maxLength: 40 }),
    seriesNames: fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }),
    values: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 40 }),
    unit: fc.option(fc.constantFrom<NonNullable<ChartSpec['unit']>>('count', 'percent', 'minutes', 'hours'), {
      nil: undefined,
    }),
  })
  .map(({ kind, title, categories, seriesNames, values, unit }) => ({
    kind,
    title,
    categories,
    series: seriesNames.map((name, i) => ({ name, values: values.slice(i) })),
    unit,
  }));

/** Deeply frozen, so a write to the spec throws. */
function freeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) freeze(inner);
    Object.freeze(value);
  }
  return value;
}

t.test('any chart spec: one series per spec series, the categories on the axis, the spec untouched', async (t) => {
  fc.assert(
    fc.property(chartSpec, fc.constantFrom<'ru' | 'en'>('ru', 'en'), (spec, language) => {
      const before = JSON.stringify(spec);
      const option = chartOption(freeze(spec), language) as unknown as Option;
      t.equal(option.series.length, spec.series.length);
      if (spec.kind === 'pie') {
        t.same(option.legend.data, spec.categories);
        option.series.forEach((s) => {
          t.equal(s.type, 'pie');
          t.same(
            (s.data as Array<{ name: string }>).map((d) => d.name),
            spec.categories,
          );
        });
      } else {
        t.same(option.xAxis?.data, spec.categories);
        option.series.forEach((s, i) => {
          t.equal(s.name, spec.series[i]!.name);
          t.equal(s.type, spec.kind === 'line' ? 'line' : 'bar');
          t.equal(s.stack, spec.kind === 'stacked-bar' ? 'total' : undefined);
          t.equal(s.data.length, spec.categories.length, 'a value per category, missing ones as 0');
        });
      }
      t.equal(JSON.stringify(spec), before);
      // Pure: the same spec gives the same option (functions aside, which JSON leaves out).
      t.equal(JSON.stringify(chartOption(spec, language)), JSON.stringify(option));
    }),
    { numRuns: 150 },
  );
});

t.test('axis and label values read in the chart unit and language', async (t) => {
  const nb = (s: string) => s.replace(/\u00a0/g, ' ');
  t.equal(nb(formatChartValue(0.95, 'percent', 'ru')), '95 %');
  t.equal(formatChartValue(0.875, 'percent', 'en'), '87.5%');
  t.equal(nb(formatChartValue(90, 'minutes', 'ru')), '1 ч 30 мин');
  t.equal(nb(formatChartValue(90, 'minutes', 'en')), '1 h 30 min');
  t.equal(nb(formatChartValue(12.5, 'hours', 'ru')), '12,5 ч');
  t.equal(nb(formatChartValue(1234, 'count', 'en')), '1,234');
  const option = chartOption(
    { kind: 'bar', categories: ['P1'], series: [{ name: 'SLA', values: [0.9] }], unit: 'percent' },
    'en',
  ) as { yAxis: { max: number; axisLabel: { formatter: (v: number) => string } } };
  t.equal(option.yAxis.max, 1, 'a percent axis ends at 100%');
  t.equal(option.yAxis.axisLabel.formatter(0.5), '50%');
});
