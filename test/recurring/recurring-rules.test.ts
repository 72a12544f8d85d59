/**
 * The pure cores of recurring services: the billing schedule (month ends, anchor day, catching up), which
 * expiry reminder is due and its key, and the ru/en notice values.
 */
import t from 'tap';
import fc from 'fast-check';
import {
  addMonths,
  billingDate,
  billingDateAfter,
  daysBetween,
  parseDate,
  periodsDue,
} from '../../server/modules/recurring/billing-dates.js';
import { dueReminder, reminderKey } from '../../server/modules/recurring/expiry-reminders.js';
import { recurringValues, whenText } from '../../server/modules/recurring/recurring-mail.js';
import { parseHost } from '../../server/modules/recurring/live-check.js';

const dayMs = 86_400_000;
const anyDate = fc
  .integer({ min: Date.UTC(1990, 0, 1) / dayMs, max: Date.UTC(2100, 11, 31) / dayMs })
  .map((d) => new Date(d * dayMs).toISOString().slice(0, 10));
const monthOf = (date: string) => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return y * 12 + m - 1;
};

const addDaysTo = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * dayMs).toISOString().slice(0, 10);

t.test('a month later never spills into the month after, and month ends clamp', async (t) => {
  t.equal(addMonths('2026-01-31', 1), '2026-02-28');
  t.equal(addMonths('2028-01-31', 1), '2028-02-29', 'leap year');
  t.equal(addMonths('2026-03-31', 1), '2026-04-30');
  t.equal(addMonths('2026-12-15', 1), '2027-01-15');
  t.equal(addMonths('2026-11-30', 3), '2027-02-28');
  t.equal(addMonths('2024-02-29', 12), '2025-02-28');
  fc.assert(
    fc.property(anyDate, fc.integer({ min: 0, max: 240 }), (date, n) => {
      const later = addMonths(date, n);
      return parseDate(later) === later && monthOf(later) === monthOf(date) + n;
    }),
  );
  fc.assert(
    fc.property(anyDate, fc.integer({ min: 0, max: 240 }), (date, n) => {
      const day = Number(date.slice(8));
      const later = addMonths(date, n);
      // The day is kept, or the month is too short for it and the month's last day is taken.
      return Number(later.slice(8)) === day || addMonths(later.slice(0, 8) + '01', 1) === addDaysTo(later, 1);
    }),
  );
});

t.test('the schedule keeps its anchor day: 31 Jan → 28 Feb → 31 Mar', async (t) => {
  const dates = [0, 1, 2, 3, 4].map((k) => billingDate('2026-01-31', 1, k));
  t.same(dates, ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
  t.equal(billingDateAfter('2026-01-31', 1, '2026-02-28'), '2026-03-31', 'not 28 March');
  t.equal(billingDateAfter('2026-01-31', 12, '2026-01-31'), '2027-01-31');
  t.equal(billingDateAfter('2026-05-10', 3, '2026-01-01'), '2026-05-10', 'before the anchor: the anchor');
  fc.assert(
    fc.property(anyDate, fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 30 }), (anchor, every, k) => {
      const date = billingDate(anchor, every, k);
      const anchorDay = Number(anchor.slice(8));
      const day = Number(date.slice(8));
      // Every date of the schedule is on the anchor day, or on the last day of a month too short for it.
      const lastOfMonth = addDaysTo(date, 1).slice(8) === '01';
      return monthOf(date) === monthOf(anchor) + k * every && (day === anchorDay || (day < anchorDay && lastOfMonth));
    }),
  );
});

t.test('billing dates after a date are strictly later, monotonic, and on the schedule', async (t) => {
  fc.assert(
    fc.property(anyDate, fc.integer({ min: 1, max: 120 }), anyDate, anyDate, (anchor, every, a, b) => {
      const [x, y] = a <= b ? [a, b] : [b, a];
      const nx = billingDateAfter(anchor, every, x);
      const ny = billingDateAfter(anchor, every, y);
      if (!(nx > x) || nx > ny) return false;
      // No schedule date lies strictly between x and its next one.
      let k = 0;
      while (billingDate(anchor, every, k) <= x) k++;
      return billingDate(anchor, every, k) === nx;
    }),
    { numRuns: 300 },
  );
  t.pass('holds for every generated case');
});

t.test('charges due catch up every missed period once, each period up to the day before the next', async (t) => {
  const due = periodsDue({ anchor: '2026-01-31', everyMonths: 1, next: '2026-01-31' }, '2026-04-15');
  t.same(due.periods, [
    { billingDate: '2026-01-31', periodStart: '2026-01-31', periodEnd: '2026-02-27' },
    { billingDate: '2026-02-28', periodStart: '2026-02-28', periodEnd: '2026-03-30' },
    { billingDate: '2026-03-31', periodStart: '2026-03-31', periodEnd: '2026-04-29' },
  ]);
  t.equal(due.next, '2026-04-30');
  t.same(periodsDue({ anchor: '2026-01-31', everyMonths: 1, next: '2026-04-30' }, '2026-04-29').periods, []);
  t.equal(periodsDue({ anchor: '2026-05-01', everyMonths: 12, next: '2026-05-01' }, '2026-05-01').next, '2027-05-01');
  fc.assert(
    fc.property(anyDate, fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 2000 }), (anchor, every, wait) => {
      const today = addDaysTo(anchor, wait);
      const once = periodsDue({ anchor, everyMonths: every, next: anchor }, today);
      // Contiguous periods, all billed by today, and running it again from the new next date finds nothing.
      for (const [i, p] of once.periods.entries()) {
        if (p.billingDate > today) return false;
        const following = once.periods[i + 1]?.periodStart ?? once.next;
        if (addDaysTo(p.periodEnd, 1) !== following) return false;
      }
      return (
        once.next > today && periodsDue({ anchor, everyMonths: every, next: once.next }, today).periods.length === 0
      );
    }),
  );
});

t.test('dates: only real calendar dates', async (t) => {
  t.equal(parseDate('2026-02-29'), null);
  t.equal(parseDate('2028-02-29'), '2028-02-29');
  t.equal(parseDate('2026-13-01'), null);
  t.equal(parseDate('31.01.2026'), null);
  t.equal(daysBetween('2026-12-04', '2027-01-03'), 30);
});

t.test('the tightest reminder already reached, once per expiry date, threshold and person', async (t) => {
  t.equal(dueReminder(31), null);
  t.same(dueReminder(30), { threshold: 30, daysLeft: 30 });
  t.same(dueReminder(20), { threshold: 30, daysLeft: 20 });
  t.same(dueReminder(14), { threshold: 14, daysLeft: 14 });
  t.same(dueReminder(5), { threshold: 7, daysLeft: 5 }, 'after downtime only the one that still matters');
  t.same(dueReminder(1), { threshold: 1, daysLeft: 1 });
  t.same(dueReminder(0), { threshold: 1, daysLeft: 0 });
  t.equal(dueReminder(-1), null, 'expired: no more reminders');
  fc.assert(
    fc.property(fc.integer({ min: -100, max: 400 }), (days) => {
      const r = dueReminder(days);
      if (days < 0 || days > 30) return r === null;
      return (
        r !== null && r.threshold >= days && [30, 14, 7, 1].filter((n) => n >= days).every((n) => n >= r.threshold)
      );
    }),
  );
  const key = reminderKey({ id: 7, expiresOn: '2027-01-10' }, 14, { kind: 'contact', id: 3 });
  t.equal(key, 'recurring:7:expires:2027-01-10:in-14:contact:3');
  t.not(key, reminderKey({ id: 7, expiresOn: '2027-02-10' }, 14, { kind: 'contact', id: 3 }), 'a new date re-arms');
});

t.test('notice values in Russian and English', async (t) => {
  const facts = {
    kind: 'domain' as const,
    name: 'example.ru',
    organizationName: 'ООО Ромашка',
    expiresOn: '2027-01-10',
    daysLeft: 7,
  };
  const ru = recurringValues('ru', facts, { kind: 'expiring' }, 'manager');
  t.equal(ru['item.kind'], 'Домен');
  t.equal(ru['item.expires'], '10 января 2027 г.');
  t.equal(ru['item.when'], 'через 7 дней');
  const en = recurringValues('en', facts, { kind: 'corrected', from: '2027-01-10', to: '2027-03-01' }, 'manager');
  t.equal(en['item.expires'], '10 January 2027');
  t.match(en['item.details'], /corrected from 10 January 2027 to 1 March 2027/);
  t.equal(whenText(1, 'en'), 'tomorrow');
  t.equal(whenText(21, 'ru'), 'через 21 день');
  t.equal(whenText(3, 'ru'), 'через 3 дня');
});

t.test('hosts for a live check', async (t) => {
  t.same(parseHost('example.ru'), { host: 'example.ru', port: 443 });
  t.same(parseHost('127.0.0.1:8443'), { host: '127.0.0.1', port: 8443 });
  t.equal(parseHost('https://example.ru'), null);
  t.equal(parseHost('example.ru:70000'), null);
});
