import t from 'tap';
import fc from 'fast-check';
import { dutyPayOfMonth, hoursOf, monthBounds, nightMinutes } from '../../server/modules/duty-pay/night-hours.js';
import { offsetAt as zoneOffset, wallToUtc } from '../../server/shared/wall-clock.js';

const msk = 'Europe/Moscow';
const at = (iso: string) => Date.parse(iso);

t.test('night minutes 22:00–06:00 local', async (t) => {
  t.equal(nightMinutes(at('2026-03-10T19:00:00+03:00'), at('2026-03-11T07:00:00+03:00'), msk), 480, 'a whole night');
  t.equal(nightMinutes(at('2026-03-10T09:00:00+03:00'), at('2026-03-10T18:00:00+03:00'), msk), 0, 'a day shift');
  t.equal(nightMinutes(at('2026-03-10T21:00:00+03:00'), at('2026-03-10T23:30:00+03:00'), msk), 90, 'evening part');
  t.equal(nightMinutes(at('2026-03-11T05:00:00+03:00'), at('2026-03-11T08:00:00+03:00'), msk), 60, 'morning part');
  t.equal(
    nightMinutes(at('2026-03-09T09:00:00+03:00'), at('2026-03-16T09:00:00+03:00'), msk),
    7 * 480,
    'a week on call has seven nights',
  );
  t.equal(nightMinutes(at('2026-03-10T22:00:00Z'), at('2026-03-11T06:00:00Z'), 'UTC'), 480);
  t.equal(
    nightMinutes(at('2026-03-10T22:00:00+03:00'), at('2026-03-11T06:00:00+03:00'), 'Asia/Vladivostok'),
    60,
    "the schedule's zone decides: that is 05:00–13:00 in Vladivostok, one night hour",
  );
});

t.test('a night over a DST change is as long as it really is', async (t) => {
  // Berlin springs forward on 2026-03-29 at 02:00 → 03:00: that night has 7 real hours.
  t.equal(nightMinutes(at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'), 'Europe/Berlin'), 420);
  // and falls back on 2026-10-25 at 03:00 → 02:00: 9 real hours.
  t.equal(nightMinutes(at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z'), 'Europe/Berlin'), 540);
  t.equal(zoneOffset('Europe/Berlin', at('2026-07-01T00:00:00Z')), 2 * 3600_000);
  t.equal(wallToUtc(msk, Date.UTC(2026, 0, 1)), at('2025-12-31T21:00:00Z'));
});

t.test('a shift over midnight and the month boundary is split exactly', async (t) => {
  const shift = { from: '2026-01-31T18:00:00+03:00', to: '2026-02-01T10:00:00+03:00', zone: msk };
  t.same(dutyPayOfMonth([shift], '2026-01'), { shifts: 1, minutes: 360, nightMinutes: 120 });
  t.same(dutyPayOfMonth([shift], '2026-02'), { shifts: 1, minutes: 600, nightMinutes: 360 });
  t.same(dutyPayOfMonth([shift], '2026-03'), { shifts: 0, minutes: 0, nightMinutes: 0 });
  const newYear = { from: '2026-12-31T20:00:00+03:00', to: '2027-01-01T08:00:00+03:00', zone: msk };
  t.same(dutyPayOfMonth([newYear], '2026-12'), { shifts: 1, minutes: 240, nightMinutes: 120 }, 'across the year');
  t.same(dutyPayOfMonth([newYear], '2027-01'), { shifts: 1, minutes: 480, nightMinutes: 360 });
  t.same(
    dutyPayOfMonth(
      [shift, { from: '2026-02-01T06:00:00+03:00', to: '2026-02-01T12:00:00+03:00', zone: msk }],
      '2026-02',
    ),
    { shifts: 2, minutes: 720, nightMinutes: 360 },
    'overlapping duty counts once',
  );
  t.same(monthBounds('2026-02', msk), { from: at('2026-01-31T21:00:00Z'), to: at('2026-02-28T21:00:00Z') });
  t.equal(hoursOf(90), 1.5);
  t.equal(hoursOf(100), 1.67);
});

t.test('property: cutting duty anywhere keeps its minutes and night minutes; night never exceeds duty', async (t) => {
  const zones = fc.constantFrom('Europe/Moscow', 'Europe/Berlin', 'Asia/Yekaterinburg', 'America/New_York', 'UTC');
  const instant = fc.integer({ min: at('2026-01-01T00:00:00Z') / 60_000, max: at('2026-12-31T00:00:00Z') / 60_000 });
  fc.assert(
    fc.property(
      zones,
      instant,
      fc.integer({ min: 1, max: 4 * 1440 }),
      fc.integer({ min: 0, max: 100 }),
      (zone, start, length, cutPercent) => {
        const from = start * 60_000;
        const to = from + length * 60_000;
        const cut = from + Math.floor((length * cutPercent) / 100) * 60_000;
        const whole = nightMinutes(from, to, zone);
        return whole === nightMinutes(from, cut, zone) + nightMinutes(cut, to, zone) && whole <= length && whole >= 0;
      },
    ),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(zones, instant, fc.integer({ min: 1, max: 3 * 1440 }), (zone, start, length) => {
      const shift = {
        from: new Date(start * 60_000).toISOString(),
        to: new Date((start + length) * 60_000).toISOString(),
        zone,
      };
      const months = [
        '2025-12',
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
        '2026-05',
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
        '2026-11',
        '2026-12',
        '2027-01',
      ];
      const parts = months.map((m) => dutyPayOfMonth([shift], m));
      return (
        parts.reduce((s, p) => s + p.minutes, 0) === length &&
        parts.reduce((s, p) => s + p.nightMinutes, 0) === nightMinutes(start * 60_000, (start + length) * 60_000, zone)
      );
    }),
    { numRuns: 200 },
  );
  t.pass('cuts and months keep every minute');
});
