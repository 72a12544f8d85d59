import t from 'tap';
import fc from 'fast-check';
import {
  addDays,
  dayStart,
  deskDay,
  endOfDeskDay,
  lastDays,
  monthRanges,
} from '../../server/modules/dashboards/dashboard-calendar.js';
import { slaComplianceOf, trendOf } from '../../server/modules/dashboards/dashboard-figures.js';

const instant = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2035-12-31T00:00:00Z') });

t.test('Moscow days', async (t) => {
  t.equal(deskDay(Date.parse('2026-03-09T20:59:59Z')), '2026-03-09');
  t.equal(deskDay(Date.parse('2026-03-09T21:00:00Z')), '2026-03-10');
  t.equal(new Date(endOfDeskDay(Date.parse('2026-03-10T09:00:00Z'))).toISOString(), '2026-03-10T21:00:00.000Z');
  t.same(monthRanges(Date.parse('2026-03-01T00:00:00+03:00')), {
    thisMonth: { from: '2026-03-01', to: '2026-03-01' },
    lastMonth: { from: '2026-02-01', to: '2026-02-28' },
  });
  t.same(monthRanges(Date.parse('2026-01-15T12:00:00Z')).lastMonth, { from: '2025-12-01', to: '2025-12-31' });
  fc.assert(
    fc.property(instant, (ms) => {
      const day = deskDay(ms);
      const start = dayStart(day);
      const end = endOfDeskDay(ms);
      return start <= ms && ms < end && end - start === 86_400_000 && deskDay(end) === addDays(day, 1);
    }),
  );
  fc.assert(
    fc.property(instant, fc.integer({ min: 1, max: 60 }), (ms, n) => {
      const days = lastDays(ms, n);
      return (
        days.length === n &&
        days.at(-1) === deskDay(ms) &&
        days.every((d, i) => i === 0 || addDays(days[i - 1]!, 1) === d)
      );
    }),
  );
  fc.assert(
    fc.property(instant, (ms) => {
      const { thisMonth, lastMonth } = monthRanges(ms);
      return (
        addDays(lastMonth.to, 1) === thisMonth.from && thisMonth.from.endsWith('-01') && lastMonth.from.endsWith('-01')
      );
    }),
  );
});

t.test('figures from counts', async (t) => {
  t.same(
    trendOf(
      ['2026-03-01', '2026-03-02'],
      [
        { day: '2026-03-02', metric: 'created', n: 3 },
        { day: '2026-02-01', metric: 'created', n: 9 },
      ],
    ),
    [
      { day: '2026-03-01', created: 0, resolved: 0 },
      { day: '2026-03-02', created: 3, resolved: 0 },
    ],
  );
  t.same(slaComplianceOf([]).reaction, { met: 0, breached: 0, compliance: null });
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          metric: fc.constantFrom('reaction_met', 'reaction_breached', 'resolution_met', 'resolution_breached'),
          n: fc.nat(1000),
          day: fc.constant('2026-03-01'),
        }),
      ),
      (counts) => {
        const { reaction, resolution } = slaComplianceOf(counts);
        return [reaction, resolution].every((c) =>
          c.compliance === null
            ? c.met + c.breached === 0
            : c.compliance >= 0 && c.compliance <= 1 && Math.abs(c.compliance * (c.met + c.breached) - c.met) < 1e-6,
        );
      },
    ),
  );
});
