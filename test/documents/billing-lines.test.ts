import t from 'tap';
import {
  feePeriods,
  hoursMilli,
  negated,
  priceLines,
  workLines,
  type WorkItem,
} from '../../server/modules/documents/billing-lines.js';

const agreement = { start: '2026-02-10', end: '2026-12-31' };

t.test('package fee periods: the ones that begin within the period, cut to the agreement', async (t) => {
  t.same(feePeriods('month', agreement, '2026-02-01', '2026-03-31'), [
    { key: '2026-02', start: '2026-02-10', end: '2026-02-28' },
    { key: '2026-03', start: '2026-03-01', end: '2026-03-31' },
  ]);
  t.same(feePeriods('month', agreement, '2026-03-15', '2026-04-14'), [
    { key: '2026-04', start: '2026-04-01', end: '2026-04-30' },
  ]);
  t.same(feePeriods('quarter', agreement, '2026-01-01', '2026-12-31'), [
    { key: '2026-Q1', start: '2026-02-10', end: '2026-03-31' },
    { key: '2026-Q2', start: '2026-04-01', end: '2026-06-30' },
    { key: '2026-Q3', start: '2026-07-01', end: '2026-09-30' },
    { key: '2026-Q4', start: '2026-10-01', end: '2026-12-31' },
  ]);
  t.same(feePeriods('once', agreement, '2026-02-01', '2026-02-28'), [
    { key: 'once', start: '2026-02-10', end: '2026-12-31' },
  ]);
  t.same(feePeriods('once', agreement, '2026-03-01', '2026-03-31'), []);
  t.same(
    feePeriods('month', { start: '2025-11-01', end: '2026-01-31' }, '2025-12-01', '2026-12-31'),
    [
      { key: '2025-12', start: '2025-12-01', end: '2025-12-31' },
      { key: '2026-01', start: '2026-01-01', end: '2026-01-31' },
    ],
    'across the new year',
  );
});

const w = (id: number, ticket: number, minutes: number, amount: number, pkg = 0, overage = 0): WorkItem => ({
  id,
  ticket_id: ticket,
  service_id: 1,
  billed_minutes: minutes,
  package_minutes: pkg,
  overage_minutes: overage,
  amount_kopecks: amount,
  ticket_number: 100 + ticket,
  ticket_subject: `Заявка ${ticket}`,
  service_name: 'Сопровождение 1С',
});

t.test('work lines: per ticket or per service; package-covered work bills nothing but is carried', async (t) => {
  const items = [w(1, 1, 90, 375_000), w(2, 1, 30, 125_000), w(3, 2, 60, 0, 60, 0), w(4, 3, 120, 250_000, 60, 60)];
  const byTicket = workLines(items, 'ticket', 'ru');
  t.same(
    byTicket.map((l) => [l.description, l.quantityMilli, l.amountKopecks, l.unitPriceKopecks, l.worklogIds]),
    [
      ['Работы по заявке № 101 «Заявка 1»', 2000, 500_000, 250_000, [1, 2]],
      ['', 0, 0, 0, [3]],
      ['Работы по заявке № 103 «Заявка 3»', 1000, 250_000, 250_000, [4]],
    ],
    'only the overage of package work is charged',
  );
  const priced = priceLines(byTicket, { vatRate: 22, pricesIncludeVat: false, discountPercent: 10 });
  t.same(
    priced.map((l) => [l.position, l.discountKopecks, l.netKopecks, l.vatKopecks, l.totalKopecks]),
    [
      [1, 50_000, 450_000, 99_000, 549_000],
      [2, 25_000, 225_000, 49_500, 274_500],
    ],
    'the carrier is left out and positions run on',
  );
  const byService = workLines(items, 'service', 'en');
  t.equal(byService.length, 1);
  t.equal(byService[0]!.description, 'Work on “Сопровождение 1С” (3 tickets)');
  t.equal(byService[0]!.unit, 'h');
  t.equal(hoursMilli(20), 333);
  const storno = negated(priced[0]!);
  t.same(
    [storno.quantityMilli, storno.netKopecks, storno.vatKopecks, storno.totalKopecks, storno.unitPriceKopecks],
    [-2000, -450_000, -99_000, -549_000, 250_000],
  );
});
