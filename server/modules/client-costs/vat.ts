/**
 * VAT of a purchase in whole kopecks. The rate is an integer percent (20, 10, 0) or null (no VAT).
 *
 * Rounding: the tax is computed once per document line and rounded to the kopeck half up (0.5 kopeck → 1),
 * the usual rule of Russian invoices (Tax Code art. 52: amounts are rounded to whole units half up). From a
 * net amount, VAT = round(net × rate / 100). From an amount that includes VAT, the net is
 * round(gross × 100 / (100 + rate)) and the VAT is the rest, so net + VAT equals what was paid, exactly.
 * Only integers are used: no floating point ever touches money.
 */
export interface VatSplit {
  netKopecks: number;
  vatKopecks: number;
}

/** round(a / b) half up, for a ≥ 0 and b > 0, in integers. */
const divideHalfUp = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));

export function vatOnNet(netKopecks: number, rate: number | null): VatSplit {
  if (rate === null || rate === 0) return { netKopecks, vatKopecks: 0 };
  return { netKopecks, vatKopecks: divideHalfUp(netKopecks * rate, 100) };
}

export function splitGross(grossKopecks: number, rate: number | null): VatSplit {
  if (rate === null || rate === 0) return { netKopecks: grossKopecks, vatKopecks: 0 };
  const netKopecks = divideHalfUp(grossKopecks * 100, 100 + rate);
  return { netKopecks, vatKopecks: grossKopecks - netKopecks };
}

export const vatSplit = (amountKopecks: number, rate: number | null, includesVat: boolean): VatSplit =>
  includesVat ? splitGross(amountKopecks, rate) : vatOnNet(amountKopecks, rate);
