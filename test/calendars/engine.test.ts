import t from 'tap';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  explain,
  isWorkingInstant,
} from '../../server/modules/calendars/business-time.js';
import { formatLocal } from '../../server/modules/calendars/zone.js';
import { at, calendar, everyDay, moscow8x5, weekdays } from './helpers.js';

const local = (zone: string, ms: number) => formatLocal(zone, ms);

t.test('8x5 Moscow with the production calendar', async (t) => {
  const c = moscow8x5();
  const due = (start: string, minutes: number) => local('Europe/Moscow', addBusinessMinutes(c, at(start), minutes));
  t.equal(due('2026-11-24T12:00:00+03:00', 60), '2026-11-24T13:00:00+03:00', 'inside working hours');
  t.equal(due('2026-11-24T07:00:00+03:00', 60), '2026-11-24T11:00:00+03:00', 'a start before hours begins at 10:00');
  t.equal(
    due('2026-11-24T18:00:00+03:00', 60),
    '2026-11-24T19:00:00+03:00',
    'a deadline on the end of the day is that end',
  );
  t.equal(due('2026-11-24T18:30:00+03:00', 60), '2026-11-25T10:30:00+03:00', 'the rest carries to the next morning');
  t.equal(due('2026-11-27T18:00:00+03:00', 120), '2026-11-30T11:00:00+03:00', 'Friday evening → Monday');
  t.equal(
    due('2026-11-03T18:00:00+03:00', 60),
    '2026-11-05T11:00:00+03:00',
    'Nov 3 is shortened (ends 18:00), Nov 4 a holiday',
  );
  t.equal(
    due('2026-04-30T17:30:00+03:00', 60),
    '2026-05-04T10:30:00+03:00',
    'Apr 30 shortened; May 1 holiday; weekend',
  );
  t.equal(
    due('2025-12-31T12:00:00+03:00', 9 * 60),
    '2026-01-12T19:00:00+03:00',
    'Dec 31 2025 and Jan 1–11 2026 are off: one full day on Jan 12',
  );
  t.equal(
    due('2025-11-01T09:00:00+03:00', 60),
    '2025-11-01T11:00:00+03:00',
    'Sat Nov 1 2025 is a working weekend with Monday hours, shortened',
  );
  t.equal(due('2026-11-24T12:00:00+03:00', 0), '2026-11-24T12:00:00+03:00', 'zero minutes: the start itself');
});

t.test('split shifts, 24:00, explicit days and holidays', async (t) => {
  const c = calendar({
    timezone: 'Europe/Moscow',
    week: {
      ...weekdays([
        ['09:00', '13:00'],
        ['14:00', '18:00'],
      ]),
      sat: [['20:00', '24:00']],
    },
    holidays: ['2026-12-01'],
    days: { '2026-12-02': [['12:00', '13:00']], '2026-12-05': [] },
  });
  const due = (start: string, minutes: number) => local('Europe/Moscow', addBusinessMinutes(c, at(start), minutes));
  t.equal(due('2026-11-30T12:00:00+03:00', 120), '2026-11-30T15:00:00+03:00', 'the lunch break is skipped');
  t.equal(due('2026-11-30T12:00:00+03:00', 60), '2026-11-30T13:00:00+03:00', 'lands on the end of the morning shift');
  t.equal(due('2026-11-30T17:00:00+03:00', 120), '2026-12-02T13:00:00+03:00', 'Dec 1 holiday, Dec 2 explicit 12–13');
  t.equal(due('2026-11-28T23:00:00+03:00', 60), '2026-11-29T00:00:00+03:00', 'an interval ending at 24:00');
  t.equal(
    due('2026-12-04T17:00:00+03:00', 120),
    '2026-12-07T10:00:00+03:00',
    'explicit empty Saturday overrides the week',
  );
  const ex = explain(c, at('2026-11-30T17:00:00+03:00'), 120);
  t.same(ex.skipped, [{ date: '2026-12-01', reason: 'holiday' }]);
  t.same(
    ex.counted.map((x) => [x.from, x.to, x.minutes, x.note]),
    [
      ['2026-11-30T17:00:00+03:00', '2026-11-30T18:00:00+03:00', 60, 'hours'],
      ['2026-12-02T12:00:00+03:00', '2026-12-02T13:00:00+03:00', 60, 'explicit hours'],
    ],
  );
  t.equal(businessMinutesBetween(c, at('2026-11-30T00:00:00+03:00'), at('2026-12-01T00:00:00+03:00')), 480);
  t.ok(isWorkingInstant(c, at('2026-11-30T09:00:00+03:00')));
  t.notOk(isWorkingInstant(c, at('2026-11-30T13:30:00+03:00')));
});

t.test('pauses stop the clock', async (t) => {
  const c = moscow8x5();
  const start = at('2026-11-24T10:00:00+03:00');
  const pauses = [{ from: at('2026-11-24T11:00:00+03:00'), to: at('2026-11-25T12:00:00+03:00') }];
  t.equal(local('Europe/Moscow', addBusinessMinutes(c, start, 120, pauses)), '2026-11-25T13:00:00+03:00');
  t.equal(businessMinutesBetween(c, start, at('2026-11-25T13:00:00+03:00'), pauses), 120);
  const inside = addBusinessMinutes(c, at('2026-11-24T11:30:00+03:00'), 30, pauses);
  t.equal(local('Europe/Moscow', inside), '2026-11-25T12:30:00+03:00', 'a start inside a pause waits for its end');
  const ex = explain(c, start, 120, pauses);
  t.equal(ex.paused[0]!.minutes, 9 * 60 - 60 + 120, 'paused business minutes are reported');
});

t.test('DST: exact in Berlin, New York and Lord Howe; Moscow has none', async (t) => {
  const berlin = calendar({ timezone: 'Europe/Berlin', week: everyDay([['00:00', '24:00']]) });
  // 2026-03-29: 02:00 → 03:00 in Berlin. 24 business hours from Saturday noon are 24 real hours.
  t.equal(addBusinessMinutes(berlin, at('2026-03-28T12:00:00+01:00'), 24 * 60), at('2026-03-29T11:00:00Z'));
  t.equal(
    local('Europe/Berlin', addBusinessMinutes(berlin, at('2026-03-28T12:00:00+01:00'), 24 * 60)),
    '2026-03-29T13:00:00+02:00',
    '24 real hours',
  );
  const berlinDay = calendar({ timezone: 'Europe/Berlin', week: everyDay([['01:00', '04:00']]) });
  t.equal(
    businessMinutesBetween(berlinDay, at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00')),
    120,
    'spring day: 01:00–04:00 lasts 2 real hours',
  );
  t.equal(
    businessMinutesBetween(berlinDay, at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00')),
    240,
    'autumn day: 01:00–04:00 lasts 4 real hours',
  );
  const ny = calendar({ timezone: 'America/New_York', week: weekdays([['09:00', '17:00']]) });
  t.equal(
    local('America/New_York', addBusinessMinutes(ny, at('2026-03-06T16:00:00-05:00'), 120)),
    '2026-03-09T10:00:00-04:00',
    'across the March change the working day stays 09–17 local',
  );
  t.equal(
    local('America/New_York', addBusinessMinutes(ny, at('2026-10-30T16:00:00-04:00'), 120)),
    '2026-11-02T10:00:00-05:00',
  );
  const lh = calendar({ timezone: 'Australia/Lord_Howe', week: everyDay([['00:00', '24:00']]) });
  // Lord Howe moves its clocks by 30 minutes (first Sunday of April 2026: 02:00 → 01:30).
  t.equal(
    businessMinutesBetween(lh, at('2026-04-04T12:00:00Z'), at('2026-04-05T12:00:00Z')),
    24 * 60,
    '24x7 equals real time',
  );
  const lhDay = calendar({ timezone: 'Australia/Lord_Howe', week: everyDay([['00:00', '24:00']]) });
  const sunday = businessMinutesBetween(lhDay, at('2026-04-04T13:00:00Z'), at('2026-04-05T13:30:00Z'));
  t.equal(sunday, 24 * 60 + 30, 'the 24.5-hour local day of the change');
  const msk = calendar({ timezone: 'Europe/Moscow', week: everyDay([['00:00', '24:00']]) });
  t.equal(addBusinessMinutes(msk, at('2026-03-28T12:00:00Z'), 24 * 60), at('2026-03-29T12:00:00Z'));
});

t.test('gaps and repeated hours follow the stated rule', async (t) => {
  const c = calendar({ timezone: 'Europe/Berlin', week: everyDay([['02:30', '03:30']]) });
  // Spring: 02:30 does not exist; it means the instant of the jump (03:00 CEST), so the interval is 30 minutes.
  t.equal(businessMinutesBetween(c, at('2026-03-29T00:00:00+01:00'), at('2026-03-29T12:00:00+02:00')), 30);
  // Autumn: 02:30 occurs twice; the first occurrence (CEST) starts the interval, which then lasts 2 hours.
  t.equal(businessMinutesBetween(c, at('2026-10-25T00:00:00+02:00'), at('2026-10-25T12:00:00+01:00')), 120);
});

t.test('a 10,000-hour target crosses years correctly', async (t) => {
  const c = moscow8x5();
  const start = at('2026-01-12T10:00:00+03:00');
  const due = addBusinessMinutes(c, start, 10_000 * 60);
  t.equal(businessMinutesBetween(c, start, due), 10_000 * 60);
  t.ok(c.missingProductionYears.has(2027), 'years without production data are reported');
  t.match(explain(c, start, 10 * 60).warnings, [], 'no warning when within known years');
});

t.test('explain: a round-the-clock target lists each local day on its own line', async (t) => {
  const c = calendar({ timezone: 'Europe/Moscow', week: everyDay([['00:00', '24:00']]) });
  const ex = explain(c, at('2026-01-01T22:00:00+03:00'), 180);
  t.same(
    ex.counted.map((i) => [i.date, i.from.slice(11, 16), i.to.slice(11, 16), i.minutes]),
    [
      ['2026-01-01', '22:00', '00:00', 120],
      ['2026-01-02', '00:00', '01:00', 60],
    ],
  );
});
