import t from 'tap';
import fc from 'fast-check';
import {
  discountOf,
  divideHalfUp,
  documentTotals,
  lineAmounts,
  vatRateFor,
} from '../../server/modules/documents/vat.js';

t.test('the rate is the document date’s and the entity’s mode', async (t) => {
  t.equal(vatRateFor('2026-01-01', 'standard'), 22);
  t.equal(vatRateFor('2025-12-31', 'standard'), 20);
  t.equal(vatRateFor('2026-12-04', '10'), 10);
  t.equal(vatRateFor('2026-12-04', '0'), 0);
  t.equal(vatRateFor('2026-12-04', 'none'), null);
});

t.test('half up, symmetric around zero', async (t) => {
  t.equal(divideHalfUp(5, 10), 1);
  t.equal(divideHalfUp(4, 10), 0);
  t.equal(divideHalfUp(-5, 10), -1);
  t.equal(divideHalfUp(-4, 10), 0);
  t.equal(discountOf(10_000, 12.5), 1_250);
});

t.test('VAT on top and VAT included, worked examples', async (t) => {
  // 1.5 h × 2 500.00 ₽ = 3 750.00; 22 % on top = 825.00.
  t.same(lineAmounts({ quantityMilli: 1500, unitPriceKopecks: 250_000, discountKopecks: 0, vatRate: 22 }, false), {
    netKopecks: 375_000,
    vatKopecks: 82_500,
    totalKopecks: 457_500,
  });
  // 1 000.00 ₽ including 22 %: VAT = 1000 × 22 / 122 = 180.327… → 180.33.
  t.same(lineAmounts({ quantityMilli: 1000, unitPriceKopecks: 100_000, discountKopecks: 0, vatRate: 22 }, true), {
    netKopecks: 81_967,
    vatKopecks: 18_033,
    totalKopecks: 100_000,
  });
  // 0.333 × 1.00 ₽ = 0.333 ₽ → 33 kopecks; VAT 20 % = 6.6 → 7 kopecks.
  t.same(lineAmounts({ quantityMilli: 333, unitPriceKopecks: 100, discountKopecks: 0, vatRate: 20 }, false), {
    netKopecks: 33,
    vatKopecks: 7,
    totalKopecks: 40,
  });
  // «Без НДС»: no VAT at all.
  t.same(lineAmounts({ quantityMilli: 1000, unitPriceKopecks: 99_999, discountKopecks: 9, vatRate: null }, false), {
    netKopecks: 99_990,
    vatKopecks: 0,
    totalKopecks: 99_990,
  });
  // Priced work: the amount is given, the unit price only informs.
  t.same(
    lineAmounts(
      { quantityMilli: 1_250, unitPriceKopecks: 3_333, amountKopecks: 4_167, discountKopecks: 0, vatRate: 10 },
      false,
    ),
    { netKopecks: 4_167, vatKopecks: 417, totalKopecks: 4_584 },
  );
});

const lineArb = fc.record({
  quantityMilli: fc.integer({ min: 1, max: 1_000_000 }),
  unitPriceKopecks: fc.integer({ min: 0, max: 100_000_000 }),
  discountPercent: fc.integer({ min: 0, max: 100 }),
  vatRate: fc.constantFrom(22, 20, 10, 0, null),
  negate: fc.boolean(),
});

t.test('property: line totals + VAT equal the document total to the kopeck, for any lines and rates', async (t) => {
  fc.assert(
    fc.property(fc.array(lineArb, { minLength: 1, maxLength: 60 }), fc.boolean(), (lines, includesVat) => {
      const computed = lines.map((l) => {
        const gross = Math.round((l.quantityMilli * l.unitPriceKopecks) / 1000);
        const line = lineAmounts(
          {
            quantityMilli: l.negate ? -l.quantityMilli : l.quantityMilli,
            unitPriceKopecks: l.unitPriceKopecks,
            discountKopecks: (l.negate ? -1 : 1) * discountOf(gross, l.discountPercent),
            vatRate: l.vatRate,
          },
          includesVat,
        );
        // Every line is whole kopecks, and its VAT is its rate of the net within half a kopeck (before rounding
        // of the other part when included).
        if (![line.netKopecks, line.vatKopecks, line.totalKopecks].every(Number.isInteger)) return false;
        if (line.netKopecks + line.vatKopecks !== line.totalKopecks) return false;
        const rate = l.vatRate ?? 0;
        const exact = includesVat ? (line.totalKopecks * rate) / (100 + rate) : (line.netKopecks * rate) / 100;
        if (Math.abs(line.vatKopecks - exact) > 0.5) return false;
        return line;
      });
      if (computed.some((l) => l === false)) return false;
      const amounts = computed as Exclude<(typeof computed)[number], false>[];
      const doc = documentTotals(amounts);
      const sum = (k: 'netKopecks' | 'vatKopecks' | 'totalKopecks') => amounts.reduce((s, l) => s + l[k], 0);
      return (
        doc.netKopecks === sum('netKopecks') &&
        doc.vatKopecks === sum('vatKopecks') &&
        doc.totalKopecks === sum('totalKopecks') &&
        doc.netKopecks + doc.vatKopecks === doc.totalKopecks
      );
    }),
    { numRuns: 2_000 },
  );
  t.pass('2 000 random documents add up');
});

t.test('property: a storno line is exactly the negation of the line', async (t) => {
  fc.assert(
    fc.property(lineArb, fc.boolean(), (l, includesVat) => {
      const base = {
        quantityMilli: l.quantityMilli,
        unitPriceKopecks: l.unitPriceKopecks,
        discountKopecks: 0,
        vatRate: l.vatRate,
      };
      const a = lineAmounts(base, includesVat);
      const b = lineAmounts({ ...base, quantityMilli: -l.quantityMilli }, includesVat);
      return a.netKopecks === -b.netKopecks && a.vatKopecks === -b.vatKopecks && a.totalKopecks === -b.totalKopecks;
    }),
    { numRuns: 2_000 },
  );
  t.pass('storno lines mirror');
});
