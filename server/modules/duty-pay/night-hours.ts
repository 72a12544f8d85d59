/**
 * On-call and night minutes of duty shifts, pure (no I/O). Night is 22:00–06:00 local time (art. 96 of the
 * Labour Code of the Russian Federation), in the zone of the schedule the shift belongs to. A shift is cut at
 * the month's local boundaries, so a shift from 31 January 18:00 to 1 February 10:00 pays six hours (two of
 * them night) in January and ten (six of them night) in February. Real minutes are counted: on a DST night a
 * night is seven or nine hours long, as the engineer actually spent it.
 */

import { offsetAt, wallToUtc } from '../../shared/wall-clock.js';

const MINUTE = 60_000;
export const NIGHT_FROM_MINUTE = 22 * 60;
export const NIGHT_TO_MINUTE = 6 * 60;

const dayMs = 1440 * MINUTE;

/** Real minutes of [from, to) that fall into the local nights 22:00–06:00 of `zone`. */
export function nightMinutes(from: number, to: number, zone: string): number {
  if (to <= from) return 0;
  // Walk the local days from the one before `from` (its night reaches into `from`'s morning).
  const firstWall = from + offsetAt(zone, from);
  let day = Math.floor(firstWall / dayMs) * dayMs - dayMs;
  let total = 0;
  for (;;) {
    const start = wallToUtc(zone, day + NIGHT_FROM_MINUTE * MINUTE);
    if (start >= to) break;
    const end = wallToUtc(zone, day + dayMs + NIGHT_TO_MINUTE * MINUTE);
    const a = Math.max(start, from);
    const b = Math.min(end, to);
    if (b > a) total += b - a;
    day += dayMs;
  }
  return Math.round(total / MINUTE);
}

/** The instants a local month starts and ends in a zone: 'YYYY-MM' → [first day 00:00, next month's 00:00). */
export function monthBounds(month: string, zone: string): { from: number; to: number } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new RangeError(`Not a month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  return { from: wallToUtc(zone, Date.UTC(y, mo, 1)), to: wallToUtc(zone, Date.UTC(y, mo + 1, 1)) };
}

export interface DutyInterval {
  /** ISO UTC instants; `to` exclusive. */
  from: string;
  to: string;
  /** The zone of the schedule the shift belongs to. */
  zone: string;
}

export interface DutyPay {
  shifts: number;
  minutes: number;
  nightMinutes: number;
}

/**
 * An engineer's on-call and night minutes in a month from their shifts. Shifts that overlap (the same engineer
 * on call in two schedules at once) count once: an engineer is on call or not.
 */
export function dutyPayOfMonth(shifts: readonly DutyInterval[], month: string): DutyPay {
  const byZone = new Map<string, { from: number; to: number }[]>();
  let count = 0;
  for (const s of shifts) {
    const bounds = monthBounds(month, s.zone);
    const from = Math.max(Date.parse(s.from), bounds.from);
    const to = Math.min(Date.parse(s.to), bounds.to);
    if (to <= from) continue;
    count++;
    byZone.set(s.zone, [...(byZone.get(s.zone) ?? []), { from, to }]);
  }
  let minutes = 0;
  let night = 0;
  for (const [zone, spans] of byZone) {
    spans.sort((a, b) => a.from - b.from);
    const merged: { from: number; to: number }[] = [];
    for (const s of spans) {
      const last = merged.at(-1);
      if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
      else merged.push({ ...s });
    }
    for (const s of merged) {
      minutes += Math.round((s.to - s.from) / MINUTE);
      night += nightMinutes(s.from, s.to, zone);
    }
  }
  return { shifts: count, minutes, nightMinutes: night };
}

/** Hours with two decimals, as salary sheets write them (integer arithmetic on minutes). */
export const hoursOf = (minutes: number) => Math.round((minutes * 100) / 60) / 100;
