import type { VatMode } from './document-model.js';

/**
 * VAT of document lines, in whole kopecks, with no floating point anywhere near money.
 *
 * The rate is the document date's: 'standard' is 22 % for documents dated from 2026-01-01 (the 2025 tax
 * reform raised it) and 20 % before; '10' and '0' are the reduced rates; 'none' is «Без НДС»
 * (the simplified tax system: no VAT line at all, null rather than 0 %).
 *
 * Each line is computed once and rounded to the kopeck half up (Tax Code art. 52), away from zero for
 * negative amounts, so a storno line is exactly the negation of the line it reverses. On top ("НДС сверху"):
 * VAT = round(net × rate / 100), total = net + VAT. Included ("в т.ч. НДС"): VAT = round(total × rate /
 * (100 + rate)), net = total − VAT. The document's figures are the sums of its lines' figures — never VAT
 * recomputed on the sum — so lines + VAT = total holds to the kopeck on every document.
 */
export const STANDARD_RATE_FROM = '2026-01-01';

export function vatRateFor(date: string, mode: VatMode): number | null {
  switch (mode) {
    case 'standard':
      return date >= STANDARD_RATE_FROM ? 22 : 20;
    case '10':
      return 10;
    case '0':
      return 0;
    case 'none':
      return null;
  }
}

/** round(a / b), halves away from zero, for any integer a and b > 0. */
export function divideHalfUp(a: number, b: number): number {
  const q = Math.floor((2 * Math.abs(a) + b) / (2 * b));
  return a < 0 ? -q : q;
}

export interface LineAmountInput {
  /** Thousandths of a unit: 1.5 h = 1500. */
  quantityMilli: number;
  unitPriceKopecks: number;
  /** The line's amount before its discount when it is not quantity × price (priced work summed per ticket). */
  amountKopecks?: number;
  discountKopecks: number;
  vatRate: number | null;
}

export interface LineAmounts {
  netKopecks: number;
  vatKopecks: number;
  totalKopecks: number;
}

/** quantity × price, rounded half up to the kopeck. */
export const extendedPrice = (quantityMilli: number, unitPriceKopecks: number) =>
  divideHalfUp(quantityMilli * unitPriceKopecks, 1000);

export function lineAmounts(line: LineAmountInput, pricesIncludeVat: boolean): LineAmounts {
  const amount =
    (line.amountKopecks ?? extendedPrice(line.quantityMilli, line.unitPriceKopecks)) - line.discountKopecks;
  const rate = line.vatRate ?? 0;
  if (pricesIncludeVat) {
    const vat = divideHalfUp(amount * rate, 100 + rate);
    return { netKopecks: amount - vat, vatKopecks: vat, totalKopecks: amount };
  }
  const vat = divideHalfUp(amount * rate, 100);
  return { netKopecks: amount, vatKopecks: vat, totalKopecks: amount + vat };
}

/** A document's totals: the sums of its lines. */
export function documentTotals(lines: readonly LineAmounts[]): LineAmounts {
  return lines.reduce(
    (sum, l) => ({
      netKopecks: sum.netKopecks + l.netKopecks,
      vatKopecks: sum.vatKopecks + l.vatKopecks,
      totalKopecks: sum.totalKopecks + l.totalKopecks,
    }),
    { netKopecks: 0, vatKopecks: 0, totalKopecks: 0 },
  );
}

/** A discount of `percent` (up to two decimals) on an amount, in kopecks, half up. */
export const discountOf = (amountKopecks: number, percent: number) =>
  divideHalfUp(amountKopecks * Math.round(percent * 100), 10_000);
