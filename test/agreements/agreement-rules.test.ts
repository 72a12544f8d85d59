/**
 * The pure cores of agreements: the transition table, tier presets, period math (month ends, leap years),
 * renewal numbers, which expiry notice is due, and the ru/en notice texts.
 */
import t from 'tap';
import fc from 'fast-check';
import {
  agreementStatuses,
  agreementTransitions,
  assertTransition,
  type AgreementEvent,
} from '../../server/modules/agreements/agreement.states.js';
import { presetTargets, targetProblems, tierCalendarWarning } from '../../server/modules/agreements/tier-presets.js';
import {
  addDays,
  addMonths,
  daysBetween,
  parseAgreementDate,
  periodLength,
  renewalPeriod,
  todayIn,
} from '../../server/modules/agreements/agreement-period.js';
import { copyNumbers, nextRenewalNumber } from '../../server/modules/agreements/agreement-number.js';
import { dueEndingNotice, noticeKey } from '../../server/modules/agreements/agreement-notices.js';
import { agreementMail } from '../../server/modules/agreements/agreement-mail.js';
import { roundTheClock, weekdays } from './helpers.js';

t.test('the lifecycle is a table: draft → planned → active → expired, terminated by hand', async (t) => {
  const events: AgreementEvent[] = ['plan', 'start', 'activate', 'expire', 'terminate'];
  const table = Object.fromEntries(
    agreementStatuses.map((s) => [s, Object.fromEntries(events.map((e) => [e, agreementTransitions[s][e] ?? null]))]),
  );
  t.same(table, {
    draft: { plan: 'planned', start: null, activate: 'active', expire: null, terminate: 'terminated' },
    planned: { plan: null, start: 'active', activate: 'active', expire: null, terminate: 'terminated' },
    active: { plan: null, start: null, activate: null, expire: 'expired', terminate: 'terminated' },
    expired: { plan: null, start: null, activate: null, expire: null, terminate: null },
    terminated: { plan: null, start: null, activate: null, expire: null, terminate: null },
  });
  t.equal(assertTransition({ number: '2026-014', status: 'planned' }, 'activate'), 'active');

  const refused = (status: (typeof agreementStatuses)[number], event: AgreementEvent) => {
    try {
      assertTransition({ number: '2026-014', status }, event);
      return null;
    } catch (err) {
      const e = err as { status: number; code: string; message: string; details: { allowed: string[] } };
      return { status: e.status, code: e.code, message: e.message, allowed: e.details.allowed };
    }
  };
  t.same(refused('expired', 'activate'), {
    status: 409,
    code: 'invalid_transition',
    message: 'Agreement 2026-014 is expired; renew it instead',
    allowed: [],
  });
  t.equal(
    refused('terminated', 'terminate')?.message,
    'Agreement 2026-014 is terminated; renew it or create a new one instead',
  );
  t.equal(refused('active', 'plan')?.message, 'Agreement 2026-014 is active, not a draft; only drafts are planned');
  t.equal(refused('planned', 'expire')?.message, 'Agreement 2026-014 is planned; only active agreements expire');
  t.same(refused('active', 'activate')?.allowed, ['terminate'], 'the refusal lists what a person may do instead');
});

t.test('tier presets', async (t) => {
  const matrix = (tier: '8x5' | '24x7' | 'premium') =>
    presetTargets(tier)!.map((x) => [x.priority, x.type, x.reactionMinutes, x.resolutionMinutes]);
  t.same(matrix('8x5'), [
    ['P1', null, 60, 480],
    ['P2', null, 60, 960],
    ['P3', null, 60, 2400],
    ['P4', null, 60, 4800],
  ]);
  t.same(matrix('24x7'), [
    ['P1', null, 60, 480],
    ['P2', null, 60, 960],
    ['P3', null, 60, 2400],
    ['P4', null, 60, 4800],
  ]);
  t.same(matrix('premium'), [
    ['P1', null, 15, 240],
    ['P2', null, 15, 480],
    ['P3', null, 15, 1440],
    ['P4', null, 15, 2880],
  ]);
  t.equal(presetTargets('custom'), null, 'a custom tier brings its own targets');

  t.same(
    targetProblems([
      { priority: 'P1', type: null, reactionMinutes: 30, resolutionMinutes: 240 },
      { priority: 'P1', type: 'incident', reactionMinutes: 15, resolutionMinutes: 120 },
      { priority: 'P1', type: null, reactionMinutes: 10, resolutionMinutes: 5 },
    ]),
    [
      { path: 'targets.2', message: 'repeats P1 of targets.0; one row per priority and type' },
      { path: 'targets.2.resolutionMinutes', message: '5 min is shorter than the reaction time (10 min)' },
    ],
  );
  t.same(
    targetProblems([{ priority: 'P2', type: null, reactionMinutes: 60, resolutionMinutes: null }]),
    [],
    'a reaction-only target is fine',
  );

  t.equal(tierCalendarWarning('premium', { name: 'Nonstop', document: { week: roundTheClock } }), null);
  t.match(
    tierCalendarWarning('24x7', { name: 'Office', document: { week: weekdays([['09:00', '18:00']]) } }),
    /24x7 tier expects a round-the-clock calendar, but "Office" has closed hours/,
  );
  t.match(
    tierCalendarWarning('premium', { name: 'RU nonstop', document: { week: roundTheClock, production: 'RU' } }),
    /or holidays/,
  );
  t.equal(tierCalendarWarning('8x5', { name: 'Office', document: { week: weekdays([['09:00', '18:00']]) } }), null);
});

t.test('dates: YYYY-MM-DD or the date part of a full ISO time; only real dates', async (t) => {
  t.equal(parseAgreementDate('2026-03-31'), '2026-03-31');
  t.equal(parseAgreementDate('2026-03-31T23:30:00+03:00'), '2026-03-31', 'the date as written, not shifted to UTC');
  t.equal(parseAgreementDate('2028-02-29'), '2028-02-29');
  t.equal(parseAgreementDate('2027-02-29'), null);
  t.equal(parseAgreementDate('2026-04-31'), null);
  t.equal(parseAgreementDate('31.03.2026'), null);
  t.equal(addMonths('2026-01-31', 1), '2026-02-28');
  t.equal(addMonths('2028-01-31', 1), '2028-02-29');
  t.equal(addMonths('2026-11-15', 3), '2027-02-15');
  t.equal(daysBetween('2028-02-28', '2028-03-01'), 2);
  t.equal(todayIn('Europe/Moscow', new Date('2026-03-31T21:00:00Z')), '2026-04-01', 'midnight in Moscow');
  t.equal(todayIn('America/New_York', new Date('2026-04-01T03:59:00Z')), '2026-03-31');
});

t.test('renewal periods: the next period of the same length, month ends and leap years', async (t) => {
  const renew = (start: string, end: string, newStart?: string) => renewalPeriod({ start, end }, newStart);
  t.same(renew('2026-01-01', '2026-12-31'), { start: '2027-01-01', end: '2027-12-31' }, 'a calendar year');
  t.same(
    renew('2024-01-01', '2024-12-31'),
    { start: '2025-01-01', end: '2025-12-31' },
    'a leap year (366 days) renews to a year of 365',
  );
  t.same(renew('2027-03-01', '2028-02-29'), { start: '2028-03-01', end: '2029-02-28' }, 'a year ending on a leap day');
  t.same(
    renew('2026-04-01', '2027-03-31'),
    { start: '2027-04-01', end: '2028-03-31' },
    'a year across a leap February',
  );
  t.same(
    renew('2026-01-01', '2026-03-31'),
    { start: '2026-04-01', end: '2026-06-30' },
    'a quarter of 90 days renews to one of 91',
  );
  t.same(renew('2026-02-01', '2026-02-28'), { start: '2026-03-01', end: '2026-03-31' }, 'February renews to March');
  t.same(
    renew('2027-12-01', '2028-02-29'),
    { start: '2028-03-01', end: '2028-05-31' },
    'three months ending on a leap day',
  );
  t.same(renew('2026-03-15', '2027-03-14'), { start: '2027-03-15', end: '2028-03-14' }, 'a year from mid-month');
  t.same(renew('2026-01-10', '2026-02-08'), { start: '2026-02-09', end: '2026-03-10' }, '30 days stay 30 days');
  t.same(
    renew('2028-02-20', '2028-03-05'),
    { start: '2028-03-06', end: '2028-03-20' },
    '15 days across a leap day stay 15 days',
  );
  t.same(
    renew('2026-01-01', '2026-12-31', '2027-02-01'),
    { start: '2027-02-01', end: '2028-01-31' },
    'a later start keeps the length',
  );
  t.same(periodLength('2026-01-01', '2026-01-01'), { days: 1 });

  const date = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  fc.assert(
    fc.property(date, fc.integer({ min: 1, max: 800 }), (start, days) => {
      const end = addDays(start, days - 1);
      const next = renewalPeriod({ start, end });
      const length = periodLength(start, end);
      const sameLength =
        'days' in length
          ? daysBetween(next.start, next.end) + 1 === days
          : addMonths(next.start, length.months) === addDays(next.end, 1);
      return next.start === addDays(end, 1) && next.end >= next.start && sameLength;
    }),
    { numRuns: 500 },
  );
});

t.test('renewal and copy numbers', async (t) => {
  t.equal(nextRenewalNumber('2026-014', new Set()), '2026-014/2');
  t.equal(nextRenewalNumber('2026-014', new Set(['2026-014/2', '2026-014/3'])), '2026-014/4');
  t.equal(nextRenewalNumber('2026-014/2', new Set()), '2026-014/3');
  t.equal(nextRenewalNumber('SLA/2026/7', new Set()), 'SLA/2026/8', 'the last "/k" is the series');
  t.same(copyNumbers('TYPICAL', 3, new Set(['TYPICAL-2'])), ['TYPICAL-1', 'TYPICAL-3', 'TYPICAL-4']);
});

t.test('the expiry notice due: the tightest threshold reached', async (t) => {
  const due = (daysLeft: number, days = [30, 14, 7, 1]) =>
    dueEndingNotice(days, daysLeft)?.kind === 'ending'
      ? (dueEndingNotice(days, daysLeft) as { threshold: number }).threshold
      : null;
  t.same(
    [31, 30, 29, 15, 14, 13, 8, 7, 6, 2, 1, 0, -1].map((d) => due(d)),
    [null, 30, 30, 30, 14, 14, 14, 7, 7, 7, 1, 1, null],
  );
  t.equal(due(3, []), null, 'no notice days, no notices');
  t.equal(due(40, [60]), 60);
  const a = { id: 7, end: '2026-03-31' };
  t.equal(
    noticeKey(a, { kind: 'ending', threshold: 14, daysLeft: 14 }, { kind: 'contact', id: 3 }),
    'agreement:7:ends:2026-03-31:in-14:contact:3',
  );
  t.equal(noticeKey(a, { kind: 'activated' }, { kind: 'agent', id: 2 }), 'agreement:7:activated:agent:2');
});

t.test('notice texts in Russian and English', async (t) => {
  const facts = {
    number: '2026-014',
    title: 'Сопровождение 1С',
    organizationName: 'ООО Ромашка',
    start: '2025-04-01',
    end: '2026-03-31',
    managerName: 'Мария Петрова',
  };
  const en = agreementMail('en', { kind: 'ending', threshold: 14, daysLeft: 14 }, facts, 'client');
  t.equal(en.subject, 'Agreement 2026-014 with ООО Ромашка ends on 31 March 2026');
  t.match(en.body, /^Agreement 2026-014 "Сопровождение 1С" with ООО Ромашка ends on 31 March 2026 \(in 14 days\)\./);
  t.match(en.body, /write to your manager, Мария Петрова/);
  const ru = agreementMail('ru', { kind: 'ending', threshold: 1, daysLeft: 1 }, facts, 'manager');
  t.equal(ru.subject, 'Договор 2026-014 с ООО Ромашка заканчивается 31 марта 2026 г.');
  t.match(ru.body, /\(завтра\)/);
  t.match(ru.body, /Продлите его в Ondesk/);
  t.match(agreementMail('ru', { kind: 'ending', threshold: 30, daysLeft: 22 }, facts, 'client').body, /через 22 дня/);
  t.match(agreementMail('ru', { kind: 'ending', threshold: 30, daysLeft: 11 }, facts, 'client').body, /через 11 дней/);
  t.match(agreementMail('ru', { kind: 'ending', threshold: 30, daysLeft: 21 }, facts, 'client').body, /через 21 день/);
  t.match(
    agreementMail('en', { kind: 'activated' }, facts, 'client').body,
    /is in force from 1 April 2025 to 31 March 2026/,
  );
  t.match(
    agreementMail('ru', { kind: 'activated' }, facts, 'client').subject,
    /Договор 2026-014 с ООО Ромашка вступил в силу/,
  );
  t.match(
    agreementMail('ru', { kind: 'expired' }, facts, 'client').body,
    /закончился 31 марта 2026 г\..*напишите вашему менеджеру \(Мария Петрова\)/s,
  );
  t.match(
    agreementMail('en', { kind: 'expired' }, facts, 'manager').body,
    /ended on 31 March 2026\..*renew it in Ondesk/s,
  );
});
