/** VAT in whole kopecks: half up from the net, and from a gross amount so that net + VAT is what was paid. */
import t from 'tap';
import fc from 'fast-check';
import { splitGross, vatOnNet, vatSplit } from '../../server/modules/client-costs/vat.js';

t.test('examples', async (t) => {
  t.same(vatOnNet(10_000, 20), { netKopecks: 10_000, vatKopecks: 2_000 });
  t.same(vatOnNet(1, 20), { netKopecks: 1, vatKopecks: 0 }, '0.2 kopeck rounds down');
  t.same(vatOnNet(5, 10), { netKopecks: 5, vatKopecks: 1 }, '0.5 kopeck rounds up');
  t.same(vatOnNet(12_345, null), { netKopecks: 12_345, vatKopecks: 0 });
  t.same(splitGross(12_000, 20), { netKopecks: 10_000, vatKopecks: 2_000 });
  t.same(splitGross(100, 20), { netKopecks: 83, vatKopecks: 17 }, '83.33 → 83, the rest is VAT');
  t.same(splitGross(999_999, 0), { netKopecks: 999_999, vatKopecks: 0 });
  t.same(vatSplit(12_000, 20, true), splitGross(12_000, 20));
});

t.test('properties: integers, exact sums, the tax is the rounded rate', async (t) => {
  const amount = fc.integer({ min: 0, max: 100_000_000_000 });
  const rate = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 100 }));
  fc.assert(
    fc.property(amount, rate, (gross, r) => {
      const s = splitGross(gross, r);
      return (
        Number.isSafeInteger(s.netKopecks) &&
        Number.isSafeInteger(s.vatKopecks) &&
        s.netKopecks + s.vatKopecks === gross &&
        s.vatKopecks >= 0 &&
        // The VAT of the derived net differs from the rest by at most one kopeck of rounding.
        Math.abs(vatOnNet(s.netKopecks, r).vatKopecks - s.vatKopecks) <= 1
      );
    }),
  );
  fc.assert(
    fc.property(amount, rate, (net, r) => {
      const { vatKopecks } = vatOnNet(net, r);
      const exact = (BigInt(net) * BigInt(r ?? 0) * 2n + 100n) / 200n; // half up in big integers
      return BigInt(vatKopecks) === exact;
    }),
  );
  t.pass('holds for every generated case');
});
