import t from 'tap';
import fc from 'fast-check';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { productRoot } from '../../server/shared/paths.js';

/** What agents type for worked time and money (ui/app/time/time-input.js), read the same way every time. */

interface TimeInput {
  parseDuration(text: string): number | null;
  durationText(minutes: number): string;
  parseRoubles(text: string): number | null;
  roublesText(kopecks: number): string;
  monthOf(date: string): { from: string; to: string };
  spanOf(date: string, from: string, to: string): { startedAt: string; endedAt: string; minutes: number } | null;
}

const load = async () =>
  (await import(pathToFileURL(join(productRoot, 'ui', 'app', 'time', 'time-input.js')).href)) as TimeInput;

const durations = fc.integer({ min: 1, max: 24 * 60 });

t.test('a duration is read from minutes, h:mm and hours with minutes, in both languages', async (t) => {
  const { parseDuration, durationText } = await load();
  const cases: Array<[string, number | null]> = [
    ['90', 90],
    ['1:30', 90],
    ['0:05', 5],
    ['1.5 h', 90],
    ['1,5 ч', 90],
    ['1 h 30 min', 90],
    ['1ч 30мин', 90],
    ['1ч30м', 90],
    ['2 часа', 120],
    ['45 мин', 45],
    ['  20  ', 20],
    ['0', null],
    ['', null],
    ['1:75', null],
    ['25:00', null],
    ['30 min 1 h', null],
    ['1 h 1 h', null],
    ['abc', null],
    ['1 week', null],
    ['-5', null],
  ];
  for (const [text, minutes] of cases) t.equal(parseDuration(text), minutes, JSON.stringify(text));
  fc.assert(fc.property(durations, (m) => parseDuration(String(m)) === m && parseDuration(durationText(m)) === m));
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (h, m) => {
      const expected = h * 60 + m;
      const got = parseDuration(`${h} h ${m} min`);
      return expected === 0 ? got === null : got === expected && parseDuration(`${h} ч ${m} мин`) === expected;
    }),
  );
  fc.assert(
    fc.property(fc.string(), (s) => {
      const m = parseDuration(s);
      return m === null || (Number.isInteger(m) && m > 0 && m <= 24 * 60);
    }),
  );
});

t.test('roubles become exact kopecks and back', async (t) => {
  const { parseRoubles, roublesText } = await load();
  t.equal(parseRoubles('2 500,50'), 250050);
  t.equal(parseRoubles('2500.5'), 250050);
  t.equal(parseRoubles('2500 ₽'), 250000);
  t.equal(parseRoubles('0,01'), 1);
  t.equal(parseRoubles('1.234'), null, 'no fractions of a kopeck');
  t.equal(parseRoubles('-5'), null);
  t.equal(parseRoubles(''), null);
  fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (k) => parseRoubles(roublesText(k)) === k));
});

t.test('a month and a span of local times', async (t) => {
  const { monthOf, spanOf } = await load();
  t.same(monthOf('2026-02-14'), { from: '2026-02-01', to: '2026-02-28' });
  t.same(monthOf('2028-02-01'), { from: '2028-02-01', to: '2028-02-29' });
  t.same(monthOf('2026-12-31'), { from: '2026-12-01', to: '2026-12-31' });
  t.equal(spanOf('2026-12-04', '10:00', '11:20')?.minutes, 80);
  t.equal(spanOf('2026-12-04', '23:30', '00:15')?.minutes, 45, 'past midnight');
  t.equal(spanOf('2026-12-04', '10:00', ''), null);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1439 }), (a, b) => {
      const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const span = spanOf('2026-06-15', hm(a), hm(b));
      const expected = b > a ? b - a : b - a + 1440;
      return span !== null && span.minutes === expected && Date.parse(span.endedAt) > Date.parse(span.startedAt);
    }),
  );
});
