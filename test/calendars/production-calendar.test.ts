import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { businessMinutesBetween, isWorkingInstant } from '../../server/modules/calendars/business-time.js';
import {
  builtInProductionYears,
  missingYearWarning,
  parseProductionYear,
} from '../../server/modules/calendars/production-calendar.js';
import { calendar, weekdays } from './helpers.js';
import { productRoot } from '../../server/shared/paths.js';

// The verified reference data beside the project (shared/) when this checkout has it, else its verbatim copy
// in test/fixtures (a clean clone elsewhere); a separate test keeps the copy identical to the original.
const sharedReference = join(productRoot, '..', 'shared', 'data', 'ru-production-calendar.json');
const fixtureReference = join(productRoot, 'test', 'fixtures', 'ru-production-calendar.reference.json');
const referenceText = existsSync(sharedReference)
  ? readFileSync(sharedReference, 'utf8')
  : readFileSync(fixtureReference, 'utf8');
const reference = JSON.parse(referenceText) as {
  years: Record<
    string,
    {
      holidays: string[];
      workingWeekends: string[];
      shortDays: string[];
      totals: { workingDays: number; hours40: number };
    }
  >;
};

t.test(
  'the fixture copy of the reference is identical to the shared original',
  { skip: !existsSync(sharedReference) && 'no shared/ beside this checkout' },
  async (t) => {
    t.equal(readFileSync(fixtureReference, 'utf8'), readFileSync(sharedReference, 'utf8'));
  },
);

t.test('the shipped data agrees with the verified reference', async (t) => {
  t.same([...builtInProductionYears.keys()].sort(), [2024, 2025, 2026]);
  for (const [year, data] of builtInProductionYears) {
    const ref = reference.years[String(year)]!;
    t.same([...data.holidays].sort(), [...ref.holidays].sort(), `${year} holidays`);
    t.same([...data.workingWeekends].sort(), [...ref.workingWeekends].sort(), `${year} working weekends`);
    t.same([...data.shortDays].sort(), [...ref.shortDays].sort(), `${year} shortened days`);
  }
});

t.test('computed totals: working days and hours of a 40-hour week', async (t) => {
  const c = calendar({ timezone: 'Europe/Moscow', week: weekdays([['09:00', '17:00']]), production: 'RU' });

  for (const year of [2024, 2025, 2026]) {
    const from = Date.parse(`${year}-01-01T00:00:00+03:00`);
    const to = Date.parse(`${year + 1}-01-01T00:00:00+03:00`);
    const expected = reference.years[String(year)]!.totals;
    t.equal(businessMinutesBetween(c, from, to) / 60, expected.hours40, `${year}: ${expected.hours40} hours`);
    let workingDays = 0;
    for (let day = from; day < to; day += 86_400_000) if (isWorkingInstant(c, day + 9.5 * 3600_000)) workingDays++;
    t.equal(workingDays, expected.workingDays, `${year}: ${expected.workingDays} working days`);
  }
  t.equal(
    businessMinutesBetween(c, Date.parse('2025-01-01T00:00:00+03:00'), Date.parse('2026-01-01T00:00:00+03:00')) / 60,
    1972,
  );
  t.equal(
    businessMinutesBetween(c, Date.parse('2026-01-01T00:00:00+03:00'), Date.parse('2027-01-01T00:00:00+03:00')) / 60,
    1972,
  );
});

t.test('missing years are reported, never silently normal', async (t) => {
  t.equal(
    missingYearWarning(builtInProductionYears, new Date('2026-09-30T00:00:00Z')),
    null,
    'no warning before October',
  );
  t.match(
    missingYearWarning(builtInProductionYears, new Date('2026-10-01T00:00:00Z')),
    /production calendar for 2027 is not loaded/,
  );
  t.match(missingYearWarning(builtInProductionYears, new Date('2027-03-01T00:00:00Z')), /2027/);
  t.throws(() => parseProductionYear(2027, { holidays: ['2026-01-01'] }), /is not a date of 2027/);
  t.same(parseProductionYear(2027, { holidays: ['2027-01-01'], shortDays: [] }), {
    holidays: ['2027-01-01'],
    workingWeekends: [],
    shortDays: [],
  });
});
