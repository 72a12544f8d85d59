/**
 * The pure cores of pricing: which card wins, which discount applies, the surcharges of each stretch of
 * work, and exact money in kopecks.
 */
import t from 'tap';
import fc from 'fast-check';
import {
  cardApplies,
  rateSource,
  resolveRate,
  specificity,
  type RateCardScope,
} from '../../server/modules/rates/rate-resolution.js';
import { chooseDiscount, type DiscountTerm } from '../../server/modules/rates/discount-choice.js';
import { averagePercent, costAmount, roundHalfUp, saleAmount } from '../../server/modules/rates/money.js';
import { isNightMinute, percentFor, workSegments } from '../../server/modules/rates/work-segments.js';

const small = fc.option(fc.integer({ min: 1, max: 3 }), { nil: null });

t.test('resolveRate returns the most specific card that applies', async (t) => {
  const card = fc.record({ agreementId: small, serviceId: small, agentId: small, rateKopecks: fc.nat(10 ** 9) });
  fc.assert(
    fc.property(
      fc.array(card, { maxLength: 30 }),
      fc.record({ agreementId: small, serviceId: small, agentId: fc.integer({ min: 1, max: 3 }) }),
      (raw, key) => {
        const cards: RateCardScope[] = raw.map((c, i) => ({ ...c, id: i + 1 }));
        const winner = resolveRate(cards, key);
        // Brute force: every applicable card ranked by the listed order of scopes.
        const order = [
          'agreement+service+agent',
          'agreement+service',
          'agreement+agent',
          'agreement',
          'service+agent',
          'service',
          'agent',
          'desk',
        ];
        const applicable = cards
          .filter(
            (c) =>
              (c.agreementId === null || c.agreementId === key.agreementId) &&
              (c.serviceId === null || c.serviceId === key.serviceId) &&
              (c.agentId === null || c.agentId === key.agentId),
          )
          .sort((a, b) => order.indexOf(rateSource(a)) - order.indexOf(rateSource(b)) || a.id - b.id);
        if (applicable.length === 0) return winner === null;
        return winner !== null && winner.id === applicable[0]!.id;
      },
    ),
    { numRuns: 2000 },
  );
  t.pass('the winner always ranks first');
});

t.test('a card naming another agent or service never applies', async (t) => {
  const key = { agreementId: 1, serviceId: 2, agentId: 3 };
  const cards: RateCardScope[] = [
    { id: 1, agreementId: 1, serviceId: 2, agentId: 4, rateKopecks: 999 },
    { id: 2, agreementId: 1, serviceId: 5, agentId: null, rateKopecks: 888 },
    { id: 3, agreementId: null, serviceId: null, agentId: null, rateKopecks: 100 },
  ];
  t.equal(resolveRate(cards, key)?.id, 3, 'the desk default');
  t.notOk(cardApplies(cards[0]!, key));
  t.equal(specificity({ agreementId: 1, serviceId: 1, agentId: 1 }), 7);
  t.equal(rateSource({ agreementId: null, serviceId: null, agentId: null }), 'desk');
  t.equal(rateSource({ agreementId: 1, serviceId: 2, agentId: null }), 'agreement+service');
  t.equal(resolveRate([], key), null);
});

t.test('discounts: the agreement wins over the organization, then the latest validFrom', async (t) => {
  const d = (id: number, scope: 'a' | 'o', bp: number, from: string, to: string | null = null): DiscountTerm => ({
    id,
    agreementId: scope === 'a' ? 10 : null,
    organizationId: scope === 'o' ? 20 : null,
    percentBp: bp,
    validFrom: from,
    validTo: to,
  });
  const list = [
    d(1, 'o', 500, '2026-01-01'),
    d(2, 'o', 700, '2026-06-01', '2026-06-30'),
    d(3, 'a', 1000, '2026-03-01', '2026-03-31'),
    d(4, 'a', 1500, '2026-03-15', '2026-03-20'),
  ];
  const on = (date: string, agreementId: number | null = 10) =>
    chooseDiscount(list, { agreementId, organizationId: 20, workDate: date })?.percentBp ?? 0;
  t.equal(on('2025-12-31'), 0, 'nothing before the first');
  t.equal(on('2026-02-10'), 500, 'the organization’s');
  t.equal(on('2026-03-01'), 1000, 'the agreement’s, first day inclusive');
  t.equal(on('2026-03-16'), 1500, 'the latest validFrom of the agreement');
  t.equal(on('2026-03-31'), 1000, 'last day inclusive');
  t.equal(on('2026-04-01'), 500);
  t.equal(on('2026-06-15'), 700, 'the latest of the organization');
  t.equal(on('2026-07-01'), 500, 'after the period ends');
  t.equal(on('2026-03-16', null), 500, 'work without an agreement gets the organization’s');
  t.equal(on('2026-03-16', 11), 500, 'another agreement’s discount does not apply');
});

// ---- exact money

/** The reference: an exact rational, rounded half up by comparing twice the remainder. */
function reference(rate: number, billed: number, parts: Array<[number, number]>, bp: number): bigint {
  let num = 0n;
  let total = 0n;
  for (const [w, p] of parts) {
    num += BigInt(w) * BigInt(p);
    total += BigInt(w);
  }
  if (total === 0n) [num, total] = [100n, 1n];
  const n = BigInt(rate) * BigInt(billed) * num * BigInt(10000 - bp);
  const d = 60n * 100n * 10000n * total;
  const q = n / d;
  return 2n * (n % d) >= d ? q + 1n : q;
}

const segmentsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 1000 })), {
  minLength: 1,
  maxLength: 6,
});

t.test('sale amounts are exact in kopecks, even for large rates and long work', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 10 ** 9 }),
      fc.integer({ min: 0, max: 10 ** 5 }),
      segmentsArb,
      fc.integer({ min: 0, max: 10000 }),
      (rate, billed, parts, bp) => {
        const amount = saleAmount({
          rateKopecks: rate,
          billedMinutes: billed,
          segments: parts.map(([weight, percent]) => ({ weight, percent })),
          discountBp: bp,
        });
        return Number.isSafeInteger(amount) && BigInt(amount) === reference(rate, billed, parts, bp);
      },
    ),
    { numRuns: 3000 },
  );
  t.pass('exact against the rational reference');
});

t.test('a sum of worklogs equals the sum of their exact roundings', async (t) => {
  const worklog = fc.record({
    rate: fc.integer({ min: 0, max: 10 ** 9 }),
    billed: fc.integer({ min: 0, max: 10 ** 5 }),
    parts: segmentsArb,
    bp: fc.integer({ min: 0, max: 10000 }),
  });
  fc.assert(
    fc.property(fc.array(worklog, { maxLength: 40 }), (logs) => {
      let sum = 0;
      let exact = 0n;
      for (const w of logs) {
        sum += saleAmount({
          rateKopecks: w.rate,
          billedMinutes: w.billed,
          segments: w.parts.map(([weight, percent]) => ({ weight, percent })),
          discountBp: w.bp,
        });
        exact += reference(w.rate, w.billed, w.parts, w.bp);
      }
      return Number.isSafeInteger(sum) && BigInt(sum) === exact;
    }),
  );
  t.pass('sums are exact');
});

t.test('money examples', async (t) => {
  t.equal(
    saleAmount({ rateKopecks: 250_050, billedMinutes: 90, segments: [{ weight: 1, percent: 100 }], discountBp: 0 }),
    375_075,
  );
  // 1 kopeck an hour for 30 minutes is half a kopeck: half up.
  t.equal(saleAmount({ rateKopecks: 1, billedMinutes: 30, segments: [{ weight: 1, percent: 100 }], discountBp: 0 }), 1);
  t.equal(saleAmount({ rateKopecks: 1, billedMinutes: 29, segments: [{ weight: 1, percent: 100 }], discountBp: 0 }), 0);
  // Half the time at 150 %: ×1.25; 12.5 % off.
  t.equal(
    saleAmount({
      rateKopecks: 100_000,
      billedMinutes: 60,
      segments: [
        { weight: 30, percent: 100 },
        { weight: 30, percent: 150 },
      ],
      discountBp: 1250,
    }),
    109_375,
  );
  t.equal(
    averagePercent([
      { weight: 30, percent: 100 },
      { weight: 30, percent: 150 },
    ]),
    125,
  );
  t.equal(averagePercent([]), 100, 'no time means no multiplier');
  t.equal(costAmount(120_000, 45), 90_000);
  t.equal(costAmount(100, 1), 2, '1.67 kopecks round to 2');
  t.equal(roundHalfUp(-5n, 2n), -3n, 'half away from zero below zero too');
  t.throws(() => roundHalfUp(1n, 0n));
});

// ---- surcharges

const terms = {
  nightPercent: 150,
  weekendPercent: 175,
  holidayPercent: 200,
  nightStart: '22:00',
  nightEnd: '08:00',
};
const workday = { holiday: false, weekend: false };

t.test('night hours cross midnight; the highest surcharge wins', async (t) => {
  t.ok(isNightMinute(terms, 22 * 60));
  t.ok(isNightMinute(terms, 0));
  t.ok(isNightMinute(terms, 7 * 60 + 59));
  t.notOk(isNightMinute(terms, 8 * 60));
  t.notOk(isNightMinute(terms, 21 * 60 + 59));
  t.ok(isNightMinute({ nightStart: '01:00', nightEnd: '05:00' }, 60), 'a night inside one day');
  t.notOk(isNightMinute({ nightStart: '01:00', nightEnd: '05:00' }, 5 * 60));
  t.notOk(isNightMinute({ nightStart: '00:00', nightEnd: '00:00' }, 0), 'equal ends: no night');
  t.equal(percentFor(terms, workday, false), 100);
  t.equal(percentFor(terms, workday, true), 150);
  t.equal(percentFor(terms, { holiday: true, weekend: true }, true), 200, 'a holiday night is 200, not 300');
  t.equal(percentFor({ ...terms, nightPercent: 250 }, { holiday: true, weekend: false }, true), 250);
});

t.test('an interval splits at night boundaries and local midnights of the zone', async (t) => {
  // Friday 2026-03-13 20:00 Moscow (17:00Z) to Saturday 09:00 Moscow (06:00Z).
  const classify = (date: string) => ({ holiday: false, weekend: date === '2026-03-14' });
  const segments = workSegments(
    terms,
    'Europe/Moscow',
    classify,
    Date.parse('2026-03-13T17:00:00Z'),
    Date.parse('2026-03-14T06:00:00Z'),
  );
  const h = 3_600_000;
  t.same(
    segments.map((s) => [s.date, s.night, s.percent, s.weight / h]),
    [
      ['2026-03-13', false, 100, 2],
      ['2026-03-13', true, 150, 2],
      ['2026-03-14', true, 175, 8],
      ['2026-03-14', false, 175, 1],
    ],
  );
  t.equal(averagePercent(segments), Math.round((2 * 100 + 2 * 150 + 9 * 175) / 13));
});

t.test('segments always cover the whole interval, each with a percent that applies', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }),
      fc.integer({ min: 1, max: 4 * 24 * 60 * 60_000 }),
      fc.constantFrom('Europe/Moscow', 'America/New_York', 'Asia/Kolkata', 'UTC'),
      (start, length, zone) => {
        const classify = (date: string) => ({ holiday: date.endsWith('-01'), weekend: date.endsWith('5') });
        const segments = workSegments(terms, zone, classify, start, start + length);
        const total = segments.reduce((s, x) => s + x.weight, 0);
        return total === length && segments.every((s) => s.weight > 0 && [100, 150, 175, 200].includes(s.percent));
      },
    ),
    { numRuns: 300 },
  );
  t.pass('segments cover the interval');
});
