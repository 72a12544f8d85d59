/**
 * Exact money: every amount is computed over integers with BigInt and rounded once, half up, at the end,
 * so no float ever touches kopecks and a large rate times many minutes never drifts.
 */

/** A stretch of work with one multiplier: `weight` is its length in any integer unit (ms), `percent` 100 = ×1. */
export interface WeightedPercent {
  weight: number;
  percent: number;
}

/** numerator / denominator rounded half away from zero; the denominator must be positive. */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = (2n * n + denominator) / (2n * denominator);
  return negative ? -q : q;
}

function weightSums(segments: readonly WeightedPercent[]): { weighted: bigint; total: bigint } {
  let weighted = 0n;
  let total = 0n;
  for (const s of segments) {
    if (!Number.isInteger(s.weight) || s.weight < 0 || !Number.isInteger(s.percent))
      throw new RangeError('segment weights and percents must be non-negative integers');
    weighted += BigInt(s.weight) * BigInt(s.percent);
    total += BigInt(s.weight);
  }
  // No time at all means no multiplier: the plain rate.
  return total === 0n ? { weighted: 100n, total: 1n } : { weighted, total };
}

/** The minute-weighted average multiplier, an integer percent (100 = none). */
export function averagePercent(segments: readonly WeightedPercent[]): number {
  const { weighted, total } = weightSums(segments);
  return Number(roundHalfUp(weighted, total));
}

/**
 * rate × billedMinutes / 60 × Σ(share × percent) / 100 × (10000 − discountBp) / 10000, rounded once.
 */
export function saleAmount(input: {
  rateKopecks: number;
  billedMinutes: number;
  segments: readonly WeightedPercent[];
  discountBp: number;
}): number {
  const { weighted, total } = weightSums(input.segments);
  const numerator =
    BigInt(input.rateKopecks) * BigInt(input.billedMinutes) * weighted * BigInt(10_000 - input.discountBp);
  return Number(roundHalfUp(numerator, 60n * 100n * 10_000n * total));
}

/** The internal cost: the hourly cost rate × minutes worked / 60, rounded once. */
export function costAmount(costRateKopecks: number, minutes: number): number {
  return Number(roundHalfUp(BigInt(costRateKopecks) * BigInt(minutes), 60n));
}
