import type { ChartSpec } from '../report-document.js';

/**
 * A report chart as an ECharts option: the one description of a chart that the desk's UI (echarts in the
 * browser) and the mailed PDF (echarts server-side rendering to SVG) both draw, so a mailed chart looks like
 * the one on screen. Pure and self-contained: the browser imports the compiled file alone (it must import
 * nothing at run time), so the few value formats of a chart axis live here and not in cell-format.ts.
 */

export type ChartLanguage = 'ru' | 'en';
type Unit = NonNullable<ChartSpec['unit']>;

/** The desk's palette, in series order; the PDF prints it as is. */
export const chartPalette = ['#2f6fde', '#f0a020', '#2ea26b', '#d9484f', '#7d5fc7', '#3aa6b9', '#8c8c8c', '#c97b2a'];

/** Above this many bars or points the values are not printed on them (they would overlap); the axis stays. */
const labelledPointsLimit = 36;

const locale = (language: ChartLanguage) => (language === 'ru' ? 'ru-RU' : 'en-GB');

/** A value of the chart's unit as people read it: "95 %", "1 ч 30 мин", "12,5 h", "1 234". */
export function formatChartValue(value: number, unit: Unit, language: ChartLanguage): string {
  if (!Number.isFinite(value)) return '';
  const number = (n: number, digits: number) =>
    new Intl.NumberFormat(locale(language), { maximumFractionDigits: digits }).format(n);
  switch (unit) {
    case 'percent': {
      // Percent values are 0..1 fractions, like the tables'.
      const figure = number(value * 100, 1);
      return language === 'ru' ? `${figure}\u00a0%` : `${figure}%`;
    }
    case 'hours':
      return `${number(value, 1)}\u00a0${language === 'ru' ? 'ч' : 'h'}`;
    case 'minutes': {
      const total = Math.round(Math.abs(value));
      const h = Math.floor(total / 60);
      const m = total % 60;
      const [hu, mu] = language === 'ru' ? ['ч', 'мин'] : ['h', 'min'];
      const sign = value < 0 && total > 0 ? '−' : '';
      if (h && m) return `${sign}${number(h, 0)}\u00a0${hu} ${m}\u00a0${mu}`;
      if (h) return `${sign}${number(h, 0)}\u00a0${hu}`;
      return `${sign}${m}\u00a0${mu}`;
    }
    default:
      return number(value, 2);
  }
}

/** The ECharts option of a report chart in the reader's language. Every spec series becomes one series. */
export function chartOption(spec: ChartSpec, language: ChartLanguage): Record<string, unknown> {
  const unit: Unit = spec.unit ?? 'count';
  const format = (value: unknown) => (typeof value === 'number' ? formatChartValue(value, unit, language) : '');
  const labelled = spec.categories.length * Math.max(1, spec.series.length) <= labelledPointsLimit;
  const base: Record<string, unknown> = {
    color: chartPalette,
    backgroundColor: '#ffffff',
    textStyle: { fontSize: 12, color: '#333333' },
    legend: {
      show: spec.series.length > 1 || spec.kind === 'pie',
      bottom: 0,
      type: 'plain',
      itemWidth: 14,
      itemHeight: 10,
      data: spec.kind === 'pie' ? [...spec.categories] : spec.series.map((s) => s.name),
    },
    tooltip: { trigger: spec.kind === 'pie' ? 'item' : 'axis' },
  };
  if (spec.title) base.title = { text: spec.title, left: 'center', top: 4, textStyle: { fontSize: 14 } };
  const top = spec.title ? 40 : 16;

  if (spec.kind === 'pie') {
    const count = Math.max(1, spec.series.length);
    // Side by side, each pie is named under the chart's title, so the reader knows which is which.
    const names =
      count > 1
        ? spec.series.map((series, i) => ({
            text: series.name,
            left: `${((i + 0.5) / count) * 100}%`,
            top: top - 8,
            textAlign: 'center',
            textStyle: { fontSize: 12, fontWeight: 'normal' },
          }))
        : [];
    return {
      ...base,
      title: [...(base.title ? [base.title] : []), ...names],
      series: spec.series.map((series, i) => ({
        type: 'pie',
        name: series.name,
        // Several series of a pie chart stand side by side, one pie each.
        center: [`${((i + 0.5) / count) * 100}%`, count > 1 ? '56%' : '52%'],
        radius: count === 1 ? ['0%', '58%'] : ['0%', `${Math.max(20, 70 / count)}%`],
        label: { show: labelled, formatter: (p: { name: string; value: unknown }) => `${p.name}: ${format(p.value)}` },
        data: spec.categories.map((name, j) => ({ name, value: series.values[j] ?? 0 })),
      })),
    };
  }

  // Up to 12 categories every one is named (tilted past 6); beyond, ECharts skips names that would collide.
  const many = spec.categories.length > 6;
  const crowded = spec.categories.length > 12;
  return {
    ...base,
    grid: { left: 12, right: 16, top, bottom: spec.series.length > 1 ? 36 : 12, containLabel: true },
    xAxis: {
      type: 'category',
      data: [...spec.categories],
      axisTick: { alignWithLabel: true },
      axisLabel: { interval: crowded ? 'auto' : 0, rotate: many ? 30 : 0, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      max: unit === 'percent' ? 1 : undefined,
      axisLabel: { formatter: format },
      splitLine: { lineStyle: { color: '#e6e6e6' } },
    },
    series: spec.series.map((series) => ({
      type: spec.kind === 'line' ? 'line' : 'bar',
      name: series.name,
      stack: spec.kind === 'stacked-bar' ? 'total' : undefined,
      barMaxWidth: 48,
      label: {
        show: labelled,
        position: spec.kind === 'stacked-bar' ? 'inside' : 'top',
        fontSize: 10,
        formatter: (p: { value: unknown }) => format(p.value),
      },
      data: spec.categories.map((_, j) => series.values[j] ?? 0),
    })),
  };
}
