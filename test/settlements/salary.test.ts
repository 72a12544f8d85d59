/** Engineers' pay, pure: night minutes across midnight, days off of the production calendar, the formula, the revenue split. */
import t from 'tap';
import fc from 'fast-check';
import {
  builtInProductionYears,
  compileCalendar,
  dayKind,
  parseCalendarDocument,
} from '../../server/modules/calendars/index.js';
import {
  attributeRevenue,
  mulDivHalfUp,
  salaryOf,
  splitInterval,
  workMinutes,
  type SalaryWork,
} from '../../server/modules/settlements/salary.js';

const moscow = compileCalendar(
  parseCalendarDocument({
    timezone: 'Europe/Moscow',
    week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
    production: 'RU',
  }),
  builtInProductionYears,
);
const classify = (date: string) => dayKind(moscow, date);
const at = (iso: string) => Date.parse(iso);
const work = (start: string, end: string, minutes: number, billable = true): SalaryWork => ({
  minutes,
  billable,
  startedAt: at(start),
  endedAt: at(end),
  workDate: start.slice(0, 10),
});

t.test('night work across midnight: 21:00–01:00 Moscow is three night hours of four', async (t) => {
  // Tuesday 8 December 2026, 21:00 MSK = 18:00Z, until Wednesday 01:00 MSK.
  const s = splitInterval('Europe/Moscow', classify, at('2026-12-08T18:00:00Z'), at('2026-12-08T22:00:00Z'));
  t.same(s, { totalMs: 4 * 3600_000, nightMs: 3 * 3600_000, dayOffMs: 0 });
  t.same(workMinutes([work('2026-12-08T18:00:00Z', '2026-12-08T22:00:00Z', 240)], 'Europe/Moscow', classify), {
    minutes: 240,
    billableMinutes: 240,
    nonBillableMinutes: 0,
    nightMinutes: 180,
    holidayMinutes: 0,
    unsplitMinutes: 0,
  });
});

t.test('the early hours until 06:00 are night, and 06:00 is not', async (t) => {
  // 04:30–07:00 MSK on Thursday 10 December: 90 night minutes.
  const w = workMinutes([work('2026-12-10T01:30:00Z', '2026-12-10T04:00:00Z', 150)], 'Europe/Moscow', classify);
  t.equal(w.nightMinutes, 90);
  t.equal(w.holidayMinutes, 0);
});

t.test('the same instants on another engineer’s clock (Novosibirsk, UTC+7)', async (t) => {
  // 18:00Z–22:00Z is 01:00–05:00 in Novosibirsk: all night.
  const w = workMinutes([work('2026-12-08T18:00:00Z', '2026-12-08T22:00:00Z', 240)], 'Asia/Novosibirsk', classify);
  t.equal(w.nightMinutes, 240);
});

t.test('holidays of the production calendar and weekends are days off', async (t) => {
  // 4 November 2026 (Wednesday) is National Unity Day.
  const holiday = workMinutes([work('2026-11-04T07:00:00Z', '2026-11-04T09:00:00Z', 120)], 'Europe/Moscow', classify);
  t.same([holiday.holidayMinutes, holiday.nightMinutes], [120, 0]);
  // 31 December 2026 (Thursday) is off in 2026: 21:00–23:30 is a holiday evening, 90 minutes of it at night.
  const newYearsEve = workMinutes(
    [work('2026-12-31T18:00:00Z', '2026-12-31T20:30:00Z', 150)],
    'Europe/Moscow',
    classify,
  );
  t.same([newYearsEve.holidayMinutes, newYearsEve.nightMinutes], [150, 90]);
  // Saturday 5 December, 10:00–12:00.
  const saturday = workMinutes([work('2026-12-05T07:00:00Z', '2026-12-05T09:00:00Z', 120)], 'Europe/Moscow', classify);
  t.equal(saturday.holidayMinutes, 120);
  // Friday 23:00 → Saturday 01:00: the hour after midnight is the weekend's.
  const intoSaturday = workMinutes(
    [work('2026-12-04T20:00:00Z', '2026-12-04T22:00:00Z', 120)],
    'Europe/Moscow',
    classify,
  );
  t.same([intoSaturday.holidayMinutes, intoSaturday.nightMinutes], [60, 120]);
});

t.test('minutes-only worklogs are never split into night hours, but their date still tells a day off', async (t) => {
  const w = workMinutes(
    [
      { minutes: 90, billable: false, startedAt: null, endedAt: null, workDate: '2026-12-06' }, // Sunday
      { minutes: 30, billable: true, startedAt: null, endedAt: null, workDate: '2026-12-07' }, // Monday
    ],
    'Europe/Moscow',
    classify,
  );
  t.same(w, {
    minutes: 120,
    billableMinutes: 30,
    nonBillableMinutes: 90,
    nightMinutes: 0,
    holidayMinutes: 90,
    unsplitMinutes: 120,
  });
});

t.test(
  'an interval longer than the booked minutes (a pause) gives its night share to the minutes booked',
  async (t) => {
    // 22:00–02:00 MSK booked as 120 minutes: all of it night.
    const w = workMinutes([work('2026-12-08T19:00:00Z', '2026-12-08T23:00:00Z', 120)], 'Europe/Moscow', classify);
    t.equal(w.nightMinutes, 120);
    // 20:00–24:00 booked as 120: half the interval is night, so half the minutes.
    const half = workMinutes([work('2026-12-08T17:00:00Z', '2026-12-08T21:00:00Z', 120)], 'Europe/Moscow', classify);
    t.equal(half.nightMinutes, 60);
  },
);

t.test('the formula: fixed + per billable hour + a percent of the acted revenue', async (t) => {
  const formula = { fixedKopecks: 6_000_000, perBillableHourKopecks: 50_000, revenuePercentBp: 1_000 };
  // 90 h 30 min billable at 500 ₽ = 45 250 ₽; 10 % of 123 456.78 ₽ = 12 345.68 ₽ (half up).
  t.same(salaryOf(formula, 90 * 60 + 30, 12_345_678), {
    fixedKopecks: 6_000_000,
    hourlyKopecks: 4_525_000,
    revenueShareKopecks: 1_234_568,
    totalKopecks: 6_000_000 + 4_525_000 + 1_234_568,
  });
  t.same(salaryOf({ fixedKopecks: 0, perBillableHourKopecks: 0, revenuePercentBp: 0 }, 600, 1_000_000), {
    fixedKopecks: 0,
    hourlyKopecks: 0,
    revenueShareKopecks: 0,
    totalKopecks: 0,
  });
  t.equal(salaryOf(formula, 1, 0).hourlyKopecks, 833, '500 ₽ / 60 = 8.333 ₽ a minute');
  t.equal(salaryOf(formula, 0, -1_000_000).revenueShareKopecks, -100_000, 'a storno this month takes its share back');
});

t.test('acted revenue is split between engineers by the sale amount of their work, to the kopeck', async (t) => {
  const split = attributeRevenue([
    {
      netKopecks: 100_000,
      work: [
        { agentId: 1, amountKopecks: 200, minutes: 60 },
        { agentId: 2, amountKopecks: 100, minutes: 60 },
      ],
    },
    { netKopecks: 10_000, work: [{ agentId: 2, amountKopecks: 0, minutes: 30 }] },
    { netKopecks: -100_000, work: [{ agentId: 1, amountKopecks: 1, minutes: 1 }] },
    { netKopecks: 5_000, work: [] },
  ]);
  t.same(Object.fromEntries(split), { 1: 66_667 - 100_000, 2: 33_333 + 10_000 });
  fc.assert(
    fc.property(
      fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
      fc.array(
        fc.record({
          agentId: fc.integer({ min: 1, max: 5 }),
          amountKopecks: fc.integer({ min: 0, max: 10_000_000 }),
          minutes: fc.integer({ min: 0, max: 600 }),
        }),
        { minLength: 1, maxLength: 12 },
      ),
      (net, w) => {
        const parts = [...attributeRevenue([{ netKopecks: net, work: w }]).values()];
        return parts.reduce((s, p) => s + p, 0) === net;
      },
    ),
  );
});

t.test('mulDivHalfUp is exact where floating point is not', async (t) => {
  t.equal(mulDivHalfUp(1, 1, 2), 1);
  t.equal(mulDivHalfUp(-1, 1, 2), -1);
  t.equal(mulDivHalfUp(9_007_199_254_740, 10_000, 10_000), 9_007_199_254_740);
  t.equal(mulDivHalfUp(5, 5, 0), 0);
});

t.test(
  'property: the split equals counting minute by minute on the wall clock (Moscow, and Berlin across its clock changes)',
  async (t) => {
    const { utcToLocal } = await import('../../server/modules/calendars/index.js');
    const berlin = compileCalendar(
      parseCalendarDocument({
        timezone: 'Europe/Berlin',
        week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
      }),
      builtInProductionYears,
    );
    const zones = [
      { zone: 'Europe/Moscow', classify: (d: string) => dayKind(moscow, d) },
      { zone: 'Europe/Berlin', classify: (d: string) => dayKind(berlin, d) },
    ];
    // Around Berlin's clock changes of 2026 (29 March, 25 October) and Moscow's New Year holidays.
    const starts = [Date.UTC(2026, 2, 28, 12), Date.UTC(2026, 9, 24, 12), Date.UTC(2025, 11, 30, 12)];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...starts),
        fc.integer({ min: 0, max: 48 * 60 }),
        fc.integer({ min: 1, max: 30 * 60 }),
        ({ zone, classify: kind }, base, offset, length) => {
          const start = base + offset * 60_000;
          const end = start + length * 60_000;
          const s = splitInterval(zone, kind, start, end);
          let night = 0;
          let off = 0;
          for (let m = start; m < end; m += 60_000) {
            const local = utcToLocal(zone, m);
            if (local.minute >= 22 * 60 || local.minute < 6 * 60) night++;
            const k = kind(local.date);
            if (k.holiday || k.weekend) off++;
          }
          return s.totalMs === length * 60_000 && s.nightMs === night * 60_000 && s.dayOffMs === off * 60_000;
        },
      ),
      { numRuns: 60 },
    );
    t.pass('holds for every generated interval');
  },
);
