import t from 'tap';
import fc from 'fast-check';
import {
  compileCalendar,
  parseCalendarDocument,
  builtInProductionYears,
} from '../../server/modules/calendars/index.js';
import {
  duePeriod,
  periodAfter,
  periodOf,
  sendTimeFor,
  type ReportPeriod,
} from '../../server/modules/report-mailing/report-schedule.js';

const hours: [string, string][] = [['09:00', '18:00']];
const moscow = compileCalendar(
  parseCalendarDocument({
    timezone: 'Europe/Moscow',
    week: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: [], sun: [] },
    production: 'RU',
  }),
  builtInProductionYears,
);
const iso = (ms: number) => new Date(ms).toISOString();

t.test('periods: weeks from Monday (ISO numbers), months, quarters', async (t) => {
  t.same(periodOf('month', '2026-11-17'), { key: '2026-11', from: '2026-11-01', to: '2026-11-30' });
  t.same(periodOf('quarter', '2026-12-04'), { key: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
  t.same(periodOf('week', '2026-12-04'), { key: '2026-W49', from: '2026-11-30', to: '2026-12-06' });
  t.same(periodOf('week', '2027-01-01'), { key: '2026-W53', from: '2026-12-28', to: '2027-01-03' });
  const day = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 11, 31) }).map((ms) => iso(ms).slice(0, 10));
  fc.assert(
    fc.property(fc.constantFrom<ReportPeriod>('week', 'month', 'quarter'), day, (period, date) => {
      const p = periodOf(period, date);
      const next = periodAfter(period, p);
      return p.from <= date && date <= p.to && Date.parse(next.from) - Date.parse(p.to) === 86_400_000;
    }),
  );
});

t.test('send time: the Nth working day after the period, by the production calendar, at local time', async (t) => {
  const monthly = { period: 'month' as const, workingDay: 1, time: '09:00' };
  t.equal(
    iso(sendTimeFor(monthly, moscow, periodOf('month', '2026-11-10'))),
    '2026-12-01T06:00:00.000Z',
    'Tue 1 Dec, 09:00 MSK',
  );
  t.equal(
    iso(sendTimeFor(monthly, moscow, periodOf('month', '2025-12-10'))),
    '2026-01-12T06:00:00.000Z',
    'the New Year holidays: Monday 12 January 2026',
  );
  t.equal(
    iso(sendTimeFor({ ...monthly, workingDay: 3 }, moscow, periodOf('month', '2026-04-10'))),
    '2026-05-06T06:00:00.000Z',
    '1 May is a holiday, 2–3 May a weekend: the 4th, 5th and 6th are the first three working days',
  );
  t.equal(
    iso(sendTimeFor({ period: 'week', workingDay: 1, time: '08:30' }, moscow, periodOf('week', '2026-11-04'))),
    '2026-11-09T05:30:00.000Z',
    'the week of the 4 November holiday is sent on Monday 9 November',
  );
});

t.test('what is due: the last full period once, at once for a new subscription, then on schedule', async (t) => {
  const monthly = { period: 'month' as const, workingDay: 1, time: '09:00' };
  const at = (text: string) => Date.parse(text);
  t.same(
    duePeriod(monthly, moscow, '2026-11-17', at('2026-11-17T10:00:00Z'), null)?.key,
    '2026-10',
    'a new one sends October now',
  );
  t.equal(
    duePeriod(monthly, moscow, '2026-11-20', at('2026-11-20T10:00:00Z'), '2026-10'),
    null,
    'then nothing in November',
  );
  t.equal(duePeriod(monthly, moscow, '2026-12-01', at('2026-12-01T05:59:00Z'), '2026-10'), null, 'not before 09:00');
  t.equal(duePeriod(monthly, moscow, '2026-12-01', at('2026-12-01T06:00:00Z'), '2026-10')?.key, '2026-11');
  t.equal(duePeriod(monthly, moscow, '2026-12-01', at('2026-12-01T07:00:00Z'), '2026-11'), null, 'sent: once');
  t.equal(
    duePeriod(monthly, moscow, '2027-03-15', at('2027-03-15T07:00:00Z'), '2026-11')?.key,
    '2027-02',
    'after a long downtime only the newest period',
  );
});
