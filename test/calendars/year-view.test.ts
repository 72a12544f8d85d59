import t from 'tap';
import fc from 'fast-check';
import {
  parseCalendarDocument,
  WEEKDAYS,
  type CalendarDocument,
  type IntervalText,
} from '../../server/modules/calendars/calendar-document.js';
import { businessMsBetween, compileCalendar } from '../../server/modules/calendars/business-time.js';
import { builtInProductionYears } from '../../server/modules/calendars/production-calendar.js';
import { yearView, type YearView } from '../../server/modules/calendars/year-view.js';
import { localToUtc } from '../../server/modules/calendars/zone.js';
import { everyDay, weekdays } from './helpers.js';

const view = (doc: CalendarDocument, year = 2026) => yearView(parseCalendarDocument(doc), builtInProductionYears, year);
const day = (v: YearView, date: string) => v.days.find((d) => d.date === date)!;
// A 40-hour week with a lunch break: the production calendar's own norm of hours applies to it.
const lunch: IntervalText[] = [
  ['09:00', '13:00'],
  ['14:00', '18:00'],
];
const moscow8x5 = (extra: Partial<CalendarDocument> = {}): CalendarDocument => ({
  timezone: 'Europe/Moscow',
  week: weekdays(lunch),
  production: 'RU',
  ...extra,
});

t.test('Moscow 8x5 with the Russian production calendar, 2026: the official norm', async (t) => {
  const v = view(moscow8x5());
  t.equal(v.days.length, 365);
  t.equal(v.days[0]!.date, '2026-01-01');
  t.equal(v.days[364]!.date, '2026-12-31');
  t.equal(v.totals.workingDays, 247, '247 working days');
  t.equal(v.totals.workingHours, 1972, '1972 hours');
  t.equal(v.missingProduction, false);
  t.same(v.totals.kinds, {
    working: 243,
    weekend: 104,
    holiday: 0,
    'production-holiday': 14,
    'working-weekend': 0,
    shortened: 4,
    custom: 0,
  });

  t.match(day(v, '2026-01-01'), { kind: 'production-holiday', hours: [], minutes: 0, reason: /production calendar/ });
  t.match(day(v, '2026-01-03'), { kind: 'weekend', weekday: 5, hours: [] });
  t.match(day(v, '2026-01-12'), { kind: 'working', weekday: 0, hours: lunch, minutes: 480 });
  const shortened = day(v, '2026-04-30');
  t.same(
    shortened.hours,
    [
      ['09:00', '13:00'],
      ['14:00', '17:00'],
    ],
    'a shortened day ends its last interval an hour early',
  );
  t.equal(shortened.kind, 'shortened');
  t.equal(shortened.shortened, true);
  t.equal(shortened.minutes, 420);
  t.match(shortened.reason, /shortened by 1 hour/);
});

t.test('the same totals for every shipped year', async (t) => {
  for (const [year, data] of builtInProductionYears) {
    const v = view(moscow8x5(), year);
    t.equal(v.totals.workingDays, data.totals!.workingDays, `${year}: ${data.totals!.workingDays} days`);
    t.equal(v.totals.workingHours, data.totals!.hours40, `${year}: ${data.totals!.hours40} hours`);
  }
});

t.test("a working weekend works Monday's hours; a shortened one loses the hour too", async (t) => {
  const doc = moscow8x5({
    week: {
      ...weekdays([['10:00', '19:00']]),
      mon: [
        ['08:00', '12:00'],
        ['13:00', '17:00'],
      ],
    },
  });
  const v2024 = view(doc, 2024);
  t.match(day(v2024, '2024-04-27'), {
    kind: 'working-weekend',
    weekday: 5,
    hours: [
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ],
    minutes: 480,
    reason: /Working weekend/,
  });
  t.equal(day(v2024, '2024-04-27').shortened, undefined);
  const nov1 = day(view(doc, 2025), '2025-11-01');
  t.match(nov1, {
    kind: 'working-weekend',
    hours: [
      ['08:00', '12:00'],
      ['13:00', '16:00'],
    ],
    minutes: 420,
    shortened: true,
    reason: /Monday's hours, shortened/,
  });
});

t.test('own holidays are off and win over the production calendar', async (t) => {
  const v = view(moscow8x5({ holidays: ['2026-03-10', '2026-04-30', '2026-03-14'] }));
  t.match(day(v, '2026-03-10'), { kind: 'holiday', hours: [], minutes: 0, reason: 'Holiday of this calendar' });
  t.match(day(v, '2026-04-30'), { kind: 'holiday', hours: [] }, 'an own holiday on a shortened day');
  t.match(day(v, '2026-03-14'), { kind: 'holiday' }, 'a holiday on a Saturday is still shown as one');
  t.equal(v.totals.workingDays, 245);
  t.equal(v.totals.workingHours, 1972 - 8 - 7);
  t.equal(v.totals.kinds.holiday, 3);
});

t.test('explicit hours of a date win over everything', async (t) => {
  const v = view(
    moscow8x5({
      holidays: ['2026-03-10'],
      days: {
        '2026-01-01': [['10:00', '14:00']],
        '2026-03-10': [['12:00', '13:00']],
        '2026-04-30': [['09:00', '18:00']],
        '2026-01-12': [],
        '2026-01-17': [['10:00', '12:00']],
      },
    }),
  );
  t.match(day(v, '2026-01-01'), {
    kind: 'custom',
    overrides: 'production-holiday',
    hours: [['10:00', '14:00']],
    minutes: 240,
    reason: /instead of: public holiday/,
  });
  t.match(day(v, '2026-03-10'), { kind: 'custom', overrides: 'holiday', minutes: 60 });
  const apr30 = day(v, '2026-04-30');
  t.match(
    apr30,
    { kind: 'custom', overrides: 'shortened', hours: [['09:00', '18:00']], minutes: 540 },
    'no shortening of explicit hours',
  );
  t.equal(apr30.shortened, undefined);
  t.match(day(v, '2026-01-12'), {
    kind: 'custom',
    overrides: 'working',
    hours: [],
    minutes: 0,
    reason: /Day off set explicitly/,
  });
  t.match(day(v, '2026-01-17'), { kind: 'custom', overrides: 'weekend', minutes: 120 });
  t.equal(v.totals.kinds.custom, 5);
  t.equal(v.totals.workingDays, 247 + 1 - 1 + 1, '+1 Jan, −12 Jan, +17 Jan; 10 Mar stays a working day');
});

t.test('a year without production data is flagged and counted as a normal year', async (t) => {
  const v = view(moscow8x5(), 2027);
  t.equal(v.missingProduction, true);
  t.equal(day(v, '2027-01-01').kind, 'working', 'Friday 1 January 2027 counts as a normal Friday');
  t.equal(v.totals.kinds['production-holiday'], 0);
  const without = view({ timezone: 'Europe/Moscow', week: weekdays(lunch) }, 2027);
  t.equal(without.missingProduction, false, 'only calendars that use the production calendar miss it');
  t.equal(without.production, null);
  t.equal(
    day(view({ timezone: 'Europe/Moscow', week: weekdays(lunch) }), '2026-01-01').kind,
    'working',
    'without production: 1 January is a Thursday like any other',
  );
});

t.test('minutes are real time: DST days in Berlin are 23 and 25 hours long', async (t) => {
  const v = view({ timezone: 'Europe/Berlin', week: everyDay([['00:00', '24:00']]) });
  t.equal(day(v, '2026-03-29').minutes, 23 * 60);
  t.equal(day(v, '2026-10-25').minutes, 25 * 60);
  t.same(day(v, '2026-03-29').hours, [['00:00', '24:00']], 'the hours stay what the calendar says');
  t.equal(v.totals.workingHours, 365 * 24);
  t.equal(
    view({ timezone: 'Europe/Berlin', week: everyDay([['00:00', '24:00']]) }, 2028).days.length,
    366,
    'a leap year',
  );
});

// The year view re-states the engine's day rules; this keeps both telling the same story for any calendar.
t.test('agrees with the engine day by day for random calendars', async (t) => {
  const time = fc.integer({ min: 0, max: 48 }).map((h) => h * 30);
  const intervals = fc.uniqueArray(time, { maxLength: 6 }).map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const out: IntervalText[] = [];
    const text = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    for (let i = 0; i + 1 < sorted.length; i += 2) out.push([text(sorted[i]!), text(sorted[i + 1]!)]);
    return out;
  });
  const date = fc
    .integer({ min: 0, max: 364 })
    .map((i) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
  const doc = fc.record({
    timezone: fc.constantFrom(
      'Europe/Moscow',
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
    ),
    week: fc
      .tuple(...WEEKDAYS.map(() => intervals))
      .map((lists) => Object.fromEntries(WEEKDAYS.map((d, i) => [d, lists[i]!]))),
    holidays: fc.uniqueArray(date, { maxLength: 10 }),
    days: fc.dictionary(date, intervals, { maxKeys: 10 }),
    production: fc.constantFrom('RU' as const, undefined),
  });
  fc.assert(
    fc.property(doc, fc.constantFrom(2025, 2026, 2027), (d, year) => {
      const parsed = parseCalendarDocument(JSON.parse(JSON.stringify(d)));
      const engine = compileCalendar(parsed, builtInProductionYears);
      const v = yearView(parsed, builtInProductionYears, year);
      for (const entry of v.days) {
        const [y, m, dd] = entry.date.split('-').map(Number) as [number, number, number];
        const from = localToUtc(parsed.timezone, y, m, dd, 0);
        const to = localToUtc(parsed.timezone, y, m, dd, 1440);
        if (businessMsBetween(engine, from, to) !== entry.minutes * 60_000) return false;
      }
      const yearMs = businessMsBetween(
        engine,
        localToUtc(parsed.timezone, year, 1, 1, 0),
        localToUtc(parsed.timezone, year + 1, 1, 1, 0),
      );
      return yearMs === v.totals.workingHours * 3_600_000;
    }),
    { numRuns: 40 },
  );
  t.pass('per-day minutes and the yearly total equal what the engine counts');
});
