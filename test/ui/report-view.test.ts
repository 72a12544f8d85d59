import t from 'tap';
import fc from 'fast-check';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChartSpec } from '../../server/modules/reports/report-document.js';
import { productRoot } from '../../server/shared/paths.js';

/** The report pages' pure parts (ui/app/reports/report-view.js): the period filter's months, charts of rows, ordinals and period names. */

interface Period {
  from: string;
  to: string;
}
interface SlaRow {
  priority: string;
  reactionCompliance: number | null;
  resolutionCompliance: number | null;
}
interface ReportView {
  monthPeriods(today: string): { this: Period; last: Period };
  presetOf(period: Period, today: string): 'this' | 'last' | 'custom';
  slaChartSpec(
    report: { rows: SlaRow[] },
    label: (row: SlaRow) => string,
    words: { title: string; reaction: string; resolution: string },
  ): ChartSpec | null;
  ordinal(n: number, language: string): string;
  periodKeyText(key: string, language: string): string;
}

const { monthPeriods, ordinal, periodKeyText, presetOf, slaChartSpec } = (await import(
  pathToFileURL(join(productRoot, 'ui', 'app', 'reports', 'report-view.js')).href
)) as ReportView;

const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const next = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

t.test('this month holds today; last month ends the day before it starts', async (t) => {
  fc.assert(
    fc.property(day, (today) => {
      const m = monthPeriods(today);
      t.ok(m.this.from <= today && today <= m.this.to);
      t.equal(next(m.last.to), m.this.from);
      t.equal(m.this.from.slice(8), '01');
      t.equal(next(m.this.to).slice(8), '01', 'this month ends on its last day');
      t.equal(presetOf(m.this, today), 'this');
      t.equal(presetOf(m.last, today), 'last');
      t.equal(presetOf({ from: m.this.from, to: today }, today), today === m.this.to ? 'this' : 'custom');
    }),
  );
  t.same(monthPeriods('2026-01-15'), {
    this: { from: '2026-01-01', to: '2026-01-31' },
    last: { from: '2025-12-01', to: '2025-12-31' },
  });
  t.same(monthPeriods('2028-03-01').last, { from: '2028-02-01', to: '2028-02-29' }, 'a leap February');
});

t.test('the SLA chart leaves out groups where nothing was due', async (t) => {
  const row = (priority: string, reaction: number | null, resolution: number | null) => ({
    priority,
    reactionCompliance: reaction,
    resolutionCompliance: resolution,
  });
  const words = { title: 'Compliance', reaction: 'Reaction', resolution: 'Resolution' };
  const spec = slaChartSpec(
    { rows: [row('P1', 0.5, 1), row('P2', null, 0.5), row('P3', null, null)] },
    (r) => r.priority,
    words,
  );
  t.same(spec?.categories, ['P1', 'P2']);
  t.same(
    spec?.series.map((s) => s.values),
    [
      [0.5, 0],
      [1, 0.5],
    ],
  );
  t.equal(spec?.unit, 'percent');
  t.equal(
    slaChartSpec({ rows: [row('P3', null, null)] }, (r) => r.priority, words),
    null,
    'nothing to draw',
  );
});

t.test('ordinals and period names', async (t) => {
  t.same(
    [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map((n) => ordinal(n, 'en')),
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th'],
  );
  t.equal(ordinal(2, 'ru'), '2-й');
  t.equal(periodKeyText('2026-11', 'en'), 'November 2026');
  t.equal(periodKeyText('2026-11', 'ru'), 'Ноябрь 2026 г.');
  t.equal(periodKeyText('2026-Q4', 'en'), 'Q4 2026');
  t.equal(periodKeyText('2026-Q4', 'ru'), '4 кв. 2026');
  t.equal(periodKeyText('2026-W47', 'en'), '2026-W47');
});
