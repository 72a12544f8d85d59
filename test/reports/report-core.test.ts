import t from 'tap';
import fc from 'fast-check';
import { median, p90, percentile } from '../../server/modules/reports/percentiles.js';
import { periodInstants, periodLabel, periodProblem } from '../../server/modules/reports/report-period.js';
import { slaReport, type SlaTicketFacts } from '../../server/modules/reports/sla-report.js';
import {
  TICKET_GROUPINGS,
  TicketsReportBuilder,
  ticketInPeriod,
  type TicketFacts,
} from '../../server/modules/reports/tickets-report.js';
import { calendar, moscow8x5, weekdays } from '../calendars/helpers.js';

const minutes = fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 60 });
const share = fc.integer({ min: 1, max: 100 });

t.test('nearest-rank percentiles: an observed value with ⌈p·n⌉ values at or below it', async (t) => {
  fc.assert(
    fc.property(minutes, share, (values, p) => {
      const v = percentile(values, p);
      if (values.length === 0) return v === null;
      const rank = Math.ceil((p * values.length) / 100);
      const below = values.filter((x) => x < v!).length;
      const atOrBelow = values.filter((x) => x <= v!).length;
      return values.includes(v!) && below < rank && atOrBelow >= rank;
    }),
  );
  fc.assert(
    fc.property(minutes, share, share, (values, a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return values.length === 0 || percentile(values, lo)! <= percentile(values, hi)!;
    }),
  );
  fc.assert(
    // The order of the input does not matter.
    fc.property(minutes, (values) => median([...values].reverse()) === median(values)),
  );
  t.equal(median([10, 20, 30, 40]), 20, 'an even count: the lower middle');
  t.equal(median([5, 1, 3]), 3);
  t.equal(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 9, 'rank ⌈9⌉');
  t.equal(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 10, 'rank ⌈9.9⌉ = 10');
  t.equal(
    percentile(
      Array.from({ length: 100 }, (_, i) => i + 1),
      7,
    ),
    7,
    'rank 7 exactly, not 8 by a rounding drift',
  );
  t.equal(p90([]), null);
  t.throws(() => percentile([1], 0));
});

t.test('a period is dates in a zone: Moscow midnight to the midnight after the last day', async (t) => {
  t.strictSame(periodInstants({ from: '2026-11-01', to: '2026-11-30' }, 'Europe/Moscow'), {
    start: Date.parse('2026-10-31T21:00:00Z'),
    end: Date.parse('2026-11-30T21:00:00Z'),
  });
  t.strictSame(periodInstants({ from: '2026-03-01', to: '2026-03-31' }, 'America/New_York'), {
    start: Date.parse('2026-03-01T05:00:00Z'),
    end: Date.parse('2026-04-01T04:00:00Z'),
  });
  t.equal(
    periodProblem({ from: '2026-11-30', to: '2026-11-01' }),
    'The period ends (2026-11-01) before it starts (2026-11-30); swap the dates',
  );
  t.match(periodProblem({ from: '2020-01-01', to: '2026-01-01' }), /at most/);
  t.equal(periodProblem({ from: '2026-11-01', to: '2026-11-01' }), null);
  t.equal(periodLabel({ from: '2026-11-01', to: '2026-11-30' }, 'en'), '1 November 2026 – 30 November 2026');
  t.match(periodLabel({ from: '2026-11-01', to: '2026-11-30' }, 'ru'), /^1 ноября 2026/);
});

// Tickets of 2026 in epoch ms: created, then maybe done later.
const YEAR = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const ticket = fc
  .record({
    created: fc.integer({ min: 0, max: 364 * DAY }),
    doneAfter: fc.option(fc.integer({ min: 0, max: 90 * DAY }), { nil: null }),
    status: fc.constantFrom('new', 'open', 'resolved', 'closed' as const),
    priority: fc.constantFrom('P1', 'P2', 'P3', 'P4' as const),
    type: fc.constantFrom('incident', 'request' as const),
    channel: fc.constantFrom('email', 'portal' as const),
    service: fc.option(fc.constantFrom(1, 2), { nil: null }),
    organization: fc.constantFrom(1, 2, 3),
  })
  .map((r, i = 0): TicketFacts => ({
    id: i,
    number: i,
    subject: 's',
    status: r.status as TicketFacts['status'],
    priority: r.priority as TicketFacts['priority'],
    type: r.type as TicketFacts['type'],
    channel: r.channel as TicketFacts['channel'],
    createdAt: YEAR + r.created,
    doneAt: r.doneAfter === null ? null : YEAR + r.created + r.doneAfter,
    service: r.service === null ? null : { id: r.service, name: `Service ${r.service}` },
    team: null,
    organization: { id: r.organization, name: `Client ${r.organization}` },
  }));
const day = fc.integer({ min: 0, max: 364 }).map((d) => new Date(YEAR + d * DAY).toISOString().slice(0, 10));

t.test('tickets report: rows add up to the totals; adjacent periods add up; the backlog carries over', async (t) => {
  fc.assert(
    fc.property(fc.array(ticket, { maxLength: 80 }), fc.constantFrom(...TICKET_GROUPINGS), day, (tickets, g, d) => {
      const span = periodInstants({ from: '2026-01-01', to: d }, 'Europe/Moscow');
      const b = new TicketsReportBuilder(span, g, 'en');
      for (const x of tickets) b.add(x);
      const r = b.result();
      for (const k of ['created', 'resolved', 'backlog', 'backlogOver30Days'] as const)
        if (r.rows.reduce((s, row) => s + row[k], 0) !== r.totals[k]) return false;
      return r.backlogAge.reduce((s, a) => s + a.tickets, 0) === r.totals.backlog;
    }),
  );
  fc.assert(
    fc.property(fc.array(ticket, { maxLength: 80 }), day, day, (tickets, a, b) => {
      const [mid, end] = a <= b ? [a, b] : [b, a];
      const next = new Date(Date.parse(`${mid}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
      if (next > end) return true;
      const zone = 'Europe/Moscow';
      const first = periodInstants({ from: '2026-01-01', to: mid }, zone);
      const second = periodInstants({ from: next, to: end }, zone);
      const whole = periodInstants({ from: '2026-01-01', to: end }, zone);
      const count = (span: { start: number; end: number }, k: 'created' | 'resolved' | 'backlog') =>
        tickets.filter((x) => ticketInPeriod(x, span)?.[k]).length;
      const backlogThen = count(first, 'backlog');
      return (
        count(whole, 'created') === count(first, 'created') + count(second, 'created') &&
        count(whole, 'resolved') === count(first, 'resolved') + count(second, 'resolved') &&
        // What was open at the end of the first part, plus what came, less what went, is open at the end.
        count(second, 'backlog') === backlogThen + count(second, 'created') - count(second, 'resolved')
      );
    }),
  );
  t.pass('both properties hold');
});

const nonstop = calendar({
  timezone: 'Europe/Moscow',
  week: { ...weekdays([['00:00', '24:00']]), sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] },
});
const workdays = moscow8x5();
const slaTicket = fc
  .record({
    created: fc.integer({ min: 0, max: 300 * DAY }),
    reply: fc.option(fc.integer({ min: 1, max: 5 * DAY }), { nil: null }),
    resolve: fc.option(fc.integer({ min: 1, max: 20 * DAY }), { nil: null }),
    reactionLate: fc.boolean(),
    resolutionLate: fc.boolean(),
    pause: fc.option(fc.tuple(fc.integer({ min: 0, max: 3 * DAY }), fc.integer({ min: 1, max: 3 * DAY })), {
      nil: null,
    }),
    priority: fc.constantFrom('P1', 'P2' as const),
    agreement: fc.constantFrom(1, 2),
    workdays: fc.boolean(),
  })
  .map((r, i = 0): SlaTicketFacts => {
    const createdAt = YEAR + r.created;
    const firstResponseAt = r.reply === null ? null : createdAt + r.reply;
    const resolvedAt = r.resolve === null ? null : createdAt + r.resolve;
    // A late reaction was breached at a deadline before the reply (or in any case, when none came).
    const reactionDue = createdAt + 3600_000;
    const resolutionDue = createdAt + 2 * DAY;
    return {
      id: i,
      number: i,
      subject: 's',
      organizationId: 1,
      organizationName: 'c',
      agreementId: r.agreement,
      agreementNumber: `A-${r.agreement}`,
      priority: r.priority as SlaTicketFacts['priority'],
      calendar: r.workdays ? workdays : nonstop,
      createdAt,
      firstResponseAt,
      resolvedAt,
      reactionDue,
      resolutionDue,
      reactionBreachedAt: r.reactionLate ? reactionDue : null,
      resolutionBreachedAt: r.resolutionLate ? resolutionDue : null,
      pauses: r.pause === null ? [] : [{ from: createdAt + r.pause[0], to: createdAt + r.pause[0] + r.pause[1] }],
    };
  });

t.test('SLA report: each outcome counts in one period only; rows add up to the total', async (t) => {
  fc.assert(
    fc.property(fc.array(slaTicket, { maxLength: 60 }), day, (tickets, mid) => {
      const next = new Date(Date.parse(`${mid}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
      const first = slaReport(tickets, { from: '2026-01-01', to: mid }, 'priority').total;
      const second = slaReport(tickets, { from: next, to: '2027-12-31' }, 'priority').total;
      const whole = slaReport(tickets, { from: '2026-01-01', to: '2027-12-31' }, 'priority').total;
      return (
        ['reactionMet', 'reactionBreached', 'resolutionMet', 'resolutionBreached', 'pausedMinutes'] as const
      ).every((k) => whole[k] === first[k] + second[k]);
    }),
  );
  fc.assert(
    fc.property(
      fc.array(slaTicket, { maxLength: 60 }),
      fc.constantFrom('priority', 'agreement' as const),
      (tickets, g) => {
        const r = slaReport(tickets, { from: '2026-01-01', to: '2026-12-31' }, g);
        const ok = (
          ['tickets', 'reactionMet', 'reactionBreached', 'resolutionMet', 'resolutionBreached'] as const
        ).every((k) => r.rows.reduce((s, row) => s + row[k], 0) === r.total[k]);
        const fractions = [r.total, ...r.rows].every((row) =>
          [row.reactionCompliance, row.resolutionCompliance].every((c) => c === null || (c >= 0 && c <= 1)),
        );
        return ok && fractions;
      },
    ),
  );
  t.pass('both properties hold');
});

t.test('SLA times are business minutes less the paused ones', async (t) => {
  // Mon 7 Dec 2026 10:00 Moscow; paused 11:00–Tue 11:00 (540 business minutes); resolved Tue 12:00.
  const created = Date.parse('2026-12-07T07:00:00Z');
  const r = slaReport(
    [
      {
        id: 1,
        number: 1,
        subject: 's',
        organizationId: 1,
        organizationName: 'c',
        agreementId: 1,
        agreementNumber: 'A',
        priority: 'P2',
        calendar: workdays,
        createdAt: created,
        firstResponseAt: created + 30 * 60_000,
        resolvedAt: Date.parse('2026-12-08T09:00:00Z'),
        reactionDue: created + 60 * 60_000,
        resolutionDue: Date.parse('2026-12-08T10:00:00Z'),
        reactionBreachedAt: null,
        resolutionBreachedAt: null,
        pauses: [
          { from: Date.parse('2026-12-07T08:00:00Z'), to: Date.parse('2026-12-08T08:00:00Z') },
          { from: Date.parse('2026-12-08T09:00:00Z'), to: Date.parse('2026-12-09T09:00:00Z') },
        ],
      },
    ],
    { from: '2026-12-01', to: '2026-12-31' },
    'priority',
  );
  // Mon 10–19 (540) + Tue 10–12 (120) = 660, less 540 paused = 120; the pause after the resolution is not its.
  t.match(r.total, { reactionMedianMinutes: 30, resolutionMedianMinutes: 120, pausedMinutes: 540, resolutionMet: 1 });
});
