/** The arithmetic of a reconciliation statement: opening balance, rows in date order, closing = opening + debit − credit. */
import t from 'tap';
import fc from 'fast-check';
import {
  actLabel,
  balanceAt,
  paymentLabel,
  statementFigures,
  type SettlementEntry,
} from '../../server/modules/settlements/reconciliation.js';

const act = (id: number, date: string, kopecks: number): SettlementEntry => ({
  id,
  date,
  kind: 'act',
  amountKopecks: kopecks,
  label: `Акт № ${id}`,
});
const payment = (id: number, date: string, kopecks: number): SettlementEntry => ({
  id,
  date,
  kind: 'payment',
  amountKopecks: kopecks,
  label: `Оплата ${id}`,
});

t.test('a quarter with an act before it, a storno in it and an overpayment', async (t) => {
  const entries = [
    payment(2, '2026-10-05', 3_000_000),
    act(1, '2026-09-30', 5_000_000),
    act(3, '2026-10-31', 4_000_000),
    act(4, '2026-11-10', -1_000_000), // storno of part of October
    payment(5, '2026-10-31', 1_000_000),
    act(6, '2027-01-31', 9_999_999), // after the period: not in it
  ];
  const s = statementFigures(entries, '2026-10-01', '2026-12-31');
  t.equal(s.openingBalanceKopecks, 5_000_000);
  t.same(
    s.rows.map((r) => [r.date, r.document, r.debitKopecks, r.creditKopecks]),
    [
      ['2026-10-05', 'Оплата 2', 0, 3_000_000],
      ['2026-10-31', 'Акт № 3', 4_000_000, 0],
      ['2026-10-31', 'Оплата 5', 0, 1_000_000],
      ['2026-11-10', 'Акт № 4', -1_000_000, 0],
    ],
    'date order; an act before a payment of the same day; a storno is a negative debit',
  );
  t.equal(s.debitTurnoverKopecks, 3_000_000);
  t.equal(s.creditTurnoverKopecks, 4_000_000);
  t.equal(s.closingBalanceKopecks, 4_000_000);
  t.equal(balanceAt(entries, '2026-12-31'), s.closingBalanceKopecks);
  t.equal(balanceAt(entries, '2026-09-29'), 0);
});

const day = fc
  .integer({ min: 0, max: 730 })
  .map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

t.test(
  'property: closing = opening + debit − credit = the balance at the end, for random acts and payments',
  async (t) => {
    const entry = fc.record({
      date: day,
      kind: fc.constantFrom<'act' | 'payment'>('act', 'payment'),
      amount: fc.integer({ min: 1, max: 10_000_000_000 }),
      storno: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), day, day, (raw, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const entries: SettlementEntry[] = raw.map((e, i) => ({
          id: i + 1,
          date: e.date,
          kind: e.kind,
          amountKopecks: e.kind === 'act' && e.storno ? -e.amount : e.amount,
          label: String(i),
        }));
        const s = statementFigures(entries, from, to);
        const dayBefore = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        const sorted = s.rows.every((r, i) => i === 0 || s.rows[i - 1]!.date <= r.date);
        return (
          s.closingBalanceKopecks === s.openingBalanceKopecks + s.debitTurnoverKopecks - s.creditTurnoverKopecks &&
          s.closingBalanceKopecks === balanceAt(entries, to) &&
          s.openingBalanceKopecks === balanceAt(entries, dayBefore) &&
          s.debitTurnoverKopecks === s.rows.reduce((x, r) => x + r.debitKopecks, 0) &&
          s.creditTurnoverKopecks === s.rows.reduce((x, r) => x + r.creditKopecks, 0) &&
          s.rows.length === entries.filter((e) => e.date >= from && e.date <= to).length &&
          sorted
        );
      }),
      { numRuns: 500 },
    );
    t.pass('holds for every generated statement');
  },
);

t.test('row labels in both languages, one date format each', async (t) => {
  t.equal(actLabel({ number: '15', date: '2026-12-04', correction: null }, 'ru'), 'Акт № 15 от 04.12.2026');
  t.equal(actLabel({ number: '16', date: '2026-12-05', correction: 'storno' }, 'ru'), 'Сторно акта № 16 от 05.12.2026');
  t.equal(actLabel({ number: '15', date: '2026-12-04', correction: null }, 'en'), 'Act No. 15 of 04/12/2026');
  t.equal(
    actLabel({ number: '17', date: '2026-12-06', correction: 'corrected' }, 'en'),
    'Corrected act No. 17 of 06/12/2026',
  );
  t.equal(paymentLabel({ paymentNumber: '482', date: '2026-12-02' }, 'ru'), 'Оплата, п/п № 482 от 02.12.2026');
  t.equal(paymentLabel({ paymentNumber: null, date: '2026-12-02' }, 'en'), 'Payment of 02/12/2026');
});
