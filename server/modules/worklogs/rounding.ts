import type { RoundRule } from '../../db/schema.js';

export interface Rounding {
  /** Work is billed in multiples of this (15: quarter hours). */
  quantumMinutes: number;
  rule: RoundRule;
  /** The least a billed piece of work counts, e.g. 30 minutes for any call-out. */
  minimumMinutes: number;
}

/**
 * Billed minutes from worked minutes, by the agreement's rounding: a multiple of the quantum (up, to the
 * nearest — halves up — or down), then at least the minimum. Integer arithmetic only.
 */
export function billedMinutes(minutes: number, r: Rounding): number {
  const q = Math.max(1, Math.floor(r.quantumMinutes));
  const whole = Math.floor(minutes / q);
  const rest = minutes - whole * q;
  const rounded =
    rest === 0
      ? minutes
      : r.rule === 'up'
        ? (whole + 1) * q
        : r.rule === 'down'
          ? whole * q
          : rest * 2 >= q
            ? (whole + 1) * q
            : whole * q;
  return Math.max(rounded, r.minimumMinutes);
}
