import t from 'tap';
import fc from 'fast-check';
import {
  carryOver,
  nextDay,
  periodContaining,
  periodsThrough,
  reachedThresholds,
} from '../../server/modules/packages/package-period.js';
import { billedMinutes } from '../../server/modules/worklogs/rounding.js';
import { billableByDefault, defaultTypeBillable } from '../../server/modules/worklogs/billable-default.js';

const day = fc
  .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));
const agreementDates = fc.tuple(day, day).map(([a, b]) => (a <= b ? { start: a, end: b } : { start: b, end: a }));
const kind = fc.constantFrom('month' as const, 'quarter' as const, 'once' as const);

t.test('package periods tile the agreement: no gap, no overlap, first starts and last ends with it', async (t) => {
  fc.assert(
    fc.property(kind, agreementDates, (k, a) => {
      const periods = periodsThrough(k, a, a.start, a.end);
      if (periods[0]!.start !== a.start || periods.at(-1)!.end !== a.end) return false;
      for (let i = 1; i < periods.length; i++) if (periods[i]!.start !== nextDay(periods[i - 1]!.end)) return false;
      return periods.every((p) => p.start <= p.end) && new Set(periods.map((p) => p.key)).size === periods.length;
    }),
  );
  fc.assert(
    fc.property(kind, agreementDates, day, (k, a, d) => {
      const p = periodContaining(k, a, d);
      const clamped = d < a.start ? a.start : d > a.end ? a.end : d;
      return p.start <= clamped && clamped <= p.end;
    }),
  );
  t.same(periodContaining('month', { start: '2026-04-10', end: '2027-03-31' }, '2026-04-20'), {
    key: '2026-04',
    start: '2026-04-10',
    end: '2026-04-30',
  });
  t.same(periodContaining('quarter', { start: '2026-01-01', end: '2026-12-31' }, '2026-11-15'), {
    key: '2026-Q4',
    start: '2026-10-01',
    end: '2026-12-31',
  });
  t.equal(periodContaining('month', { start: '2024-01-01', end: '2024-12-31' }, '2024-02-10').end, '2024-02-29');
});

t.test('carry-over: nothing of an overdrawn package; none, all, or up to the limit of what is left', async (t) => {
  t.equal(carryOver('none', 600, 120), 0);
  t.equal(carryOver('all', 0, 120), 120);
  t.equal(carryOver('limited', 60, 120), 60);
  t.equal(carryOver('limited', 600, 120), 120);
  t.equal(carryOver('all', 0, -30), 0);
  fc.assert(
    fc.property(
      fc.constantFrom('none' as const, 'limited' as const, 'all' as const),
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: -10_000, max: 10_000 }),
      (rule, limit, balance) => {
        const c = carryOver(rule, limit, balance);
        return c >= 0 && c <= Math.max(0, balance) && (rule !== 'limited' || c <= limit);
      },
    ),
  );
});

t.test('thresholds are reached by use against the grant, none without a grant', async (t) => {
  t.same(reachedThresholds([50, 80, 100], 600, 299), []);
  t.same(reachedThresholds([100, 50, 80], 600, 480), [50, 80]);
  t.same(reachedThresholds([50, 80, 100], 600, 700), [50, 80, 100]);
  t.same(reachedThresholds([50], 0, 100), []);
});

t.test('rounding: multiples of the quantum in the direction asked, never below the minimum', async (t) => {
  t.equal(billedMinutes(20, { quantumMinutes: 15, rule: 'up', minimumMinutes: 0 }), 30);
  t.equal(billedMinutes(22, { quantumMinutes: 15, rule: 'nearest', minimumMinutes: 0 }), 15);
  t.equal(billedMinutes(23, { quantumMinutes: 15, rule: 'nearest', minimumMinutes: 0 }), 30);
  t.equal(billedMinutes(5, { quantumMinutes: 15, rule: 'down', minimumMinutes: 30 }), 30);
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10_080 }),
      fc.integer({ min: 1, max: 480 }),
      fc.constantFrom('up' as const, 'nearest' as const, 'down' as const),
      fc.integer({ min: 0, max: 480 }),
      (minutes, q, rule, minimum) => {
        const b = billedMinutes(minutes, { quantumMinutes: q, rule, minimumMinutes: minimum });
        const r = billedMinutes(minutes, { quantumMinutes: q, rule, minimumMinutes: 0 });
        if (b !== Math.max(r, minimum)) return false;
        if (r % q !== 0) return false;
        if (rule === 'up') return r >= minutes && r - minutes < q;
        if (rule === 'down') return r <= minutes && minutes - r < q;
        return Math.abs(r - minutes) * 2 <= q;
      },
    ),
  );
});

t.test('billable by default: the agreement first, then the service, then the ticket type', async (t) => {
  const base = {
    agreementSays: null,
    agreementKind: null,
    serviceSays: null,
    ticketType: 'incident' as const,
    typeBillable: defaultTypeBillable,
  };
  t.equal(billableByDefault(base), true);
  t.equal(billableByDefault({ ...base, ticketType: 'question' }), false);
  t.equal(billableByDefault({ ...base, serviceSays: false }), false);
  t.equal(
    billableByDefault({ ...base, agreementKind: 'warranty', serviceSays: true }),
    false,
    'warranty work is never billed',
  );
  t.equal(
    billableByDefault({ ...base, agreementSays: true, agreementKind: 'warranty' }),
    true,
    "the agreement's own word wins",
  );
});
