import t from 'tap';
import fc from 'fast-check';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  businessMsBetween,
  isWorkingInstant,
} from '../../server/modules/calendars/business-time.js';
import { calendar, everyDay, moscow8x5, weekdays } from './helpers.js';

const calendars = {
  'Moscow 8x5 + production calendar': moscow8x5(),
  'Berlin split shift': calendar({
    timezone: 'Europe/Berlin',
    week: weekdays([
      ['08:00', '12:00'],
      ['13:00', '17:30'],
    ]),
    holidays: ['2026-12-24', '2026-12-25'],
  }),
  'New York 8x5': calendar({ timezone: 'America/New_York', week: weekdays([['09:00', '17:00']]) }),
  'Lord Howe evenings': calendar({
    timezone: 'Australia/Lord_Howe',
    week: everyDay([
      ['01:00', '03:00'],
      ['18:00', '24:00'],
    ]),
  }),
};
const t24x7 = calendar({ timezone: 'Europe/Berlin', week: everyDay([['00:00', '24:00']]) });

// Instants in 2025–2027, whole minutes (the engine is exact for any ms; minutes keep shrinking readable).
const instant = fc
  .integer({ min: Date.parse('2025-01-01T00:00:00Z') / 60000, max: Date.parse('2027-12-01T00:00:00Z') / 60000 })
  .map((m) => m * 60000);
const minutes = fc.integer({ min: 0, max: 60 * 400 });
const pausesArb = fc
  .array(fc.tuple(instant, fc.integer({ min: 1, max: 60 * 24 * 5 })), { maxLength: 3 })
  .map((ps) => ps.map(([from, len]) => ({ from, to: from + len * 60000 })));
const runs = { numRuns: 300 };

for (const [name, c] of Object.entries(calendars)) {
  t.test(name, async (t) => {
    fc.assert(
      fc.property(instant, minutes, (s, n) => businessMinutesBetween(c, s, addBusinessMinutes(c, s, n)) === n),
      runs,
    );
    t.pass('between(s, add(s, n)) = n');
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 24000 }),
        fc.integer({ min: 1, max: 24000 }),
        (s, a, b) => addBusinessMinutes(c, addBusinessMinutes(c, s, a), b) === addBusinessMinutes(c, s, a + b),
      ),
      runs,
    );
    t.pass('add(add(s, a), b) = add(s, a + b)');
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 24000 }), (s, n) =>
        isWorkingInstant(c, addBusinessMinutes(c, s, n) - 1),
      ),
      runs,
    );
    t.pass('the due instant ends a working minute: never inside non-working time');
    fc.assert(
      fc.property(instant, minutes, minutes, (s, a, b) =>
        a <= b ? addBusinessMinutes(c, s, a) <= addBusinessMinutes(c, s, b) : true,
      ),
      runs,
    );
    fc.assert(
      fc.property(instant, instant, minutes, (s1, s2, n) =>
        s1 <= s2 ? addBusinessMinutes(c, s1, n) <= addBusinessMinutes(c, s2, n) : true,
      ),
      runs,
    );
    t.pass('monotone in n and in s');
    fc.assert(
      fc.property(
        instant,
        minutes,
        pausesArb,
        (s, n, ps) => addBusinessMinutes(c, s, n, ps) >= addBusinessMinutes(c, s, n),
      ),
      runs,
    );
    t.pass('pauses only ever move a deadline later');
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 24000 }),
        pausesArb,
        (s, n, ps) => businessMinutesBetween(c, s, addBusinessMinutes(c, s, n, ps), ps) === n,
      ),
      runs,
    );
    t.pass('with pauses too: between(s, add(s, n, p), p) = n');
    fc.assert(
      fc.property(instant, instant, (a, b) => businessMsBetween(c, Math.min(a, b), Math.max(a, b)) >= 0),
      runs,
    );
  });
}

t.test('24x7 without pauses equals plain addition, across DST', async (t) => {
  fc.assert(
    fc.property(instant, minutes, (s, n) => addBusinessMinutes(t24x7, s, n) === s + n * 60000),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(
      instant,
      instant,
      (a, b) => businessMinutesBetween(t24x7, Math.min(a, b), Math.max(a, b)) === Math.abs(a - b) / 60000,
    ),
    { numRuns: 1000 },
  );
  t.pass('24x7 = plain time');
});
