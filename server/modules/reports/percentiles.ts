/**
 * Percentiles by the nearest-rank method: the p-th percentile of n values is the value at rank ⌈p/100 · n⌉ of
 * the values in ascending order. It is always one of the observed values (a whole number of minutes stays
 * whole, nothing is interpolated), and a reader can check it by counting. The median is the 50th percentile
 * by the same rule: for an even count, the lower of the two middle values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`a percentile is in (0, 100], not ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // p·n first: (p / 100) · n drifts (0.07 · 100 = 7.000000000000001 would take rank 8).
  const rank = Math.ceil((p * sorted.length) / 100);
  return sorted[Math.max(rank, 1) - 1]!;
}

export const median = (values: readonly number[]): number | null => percentile(values, 50);
export const p90 = (values: readonly number[]): number | null => percentile(values, 90);
