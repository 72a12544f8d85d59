import { localToUtc, utcToLocal, type DayKind } from '../calendars/index.js';

/**
 * Engineers' pay from their worklogs, pure.
 *
 * Night work is 22:00–06:00 on the engineer's wall clock (Labour Code art. 96); work on a day off — a weekend
 * or a holiday of the production calendar — is paid at least double (art. 153), so both are counted apart.
 * Only a worklog with a start and an end can be split: a minutes-only entry has no hours of the day, so its
 * minutes count as day work on its work date (its date still decides whether it was a day off) and are
 * reported as `unsplitMinutes` for the accountant to see.
 */
export interface SalaryWork {
  minutes: number;
  billable: boolean;
  /** Epoch ms, or null for a minutes-only worklog. */
  startedAt: number | null;
  endedAt: number | null;
  /** YYYY-MM-DD, the worklog's date. */
  workDate: string;
}

export interface WorkMinutes {
  minutes: number;
  billableMinutes: number;
  nonBillableMinutes: number;
  nightMinutes: number;
  /** Minutes on weekends and holidays of the calendar. */
  holidayMinutes: number;
  /** Minutes of worklogs without a start and end: never split into night hours. */
  unsplitMinutes: number;
}

export const NIGHT_START = 22 * 60;
export const NIGHT_END = 6 * 60;

const isNight = (minuteOfDay: number) => minuteOfDay >= NIGHT_START || minuteOfDay < NIGHT_END;
const dayOff = (d: DayKind) => d.holiday || d.weekend;

/** The zone's offset from UTC at an instant, in whole minutes (local = utc + offset). */
function offsetMinutes(zone: string, utcMs: number): number {
  const l = utcToLocal(zone, utcMs);
  return Math.round((Date.UTC(l.year, l.month - 1, l.day, 0, l.minute) - Math.floor(utcMs / 60_000) * 60_000) / 60_000);
}

const DAY_MS = 86_400_000;

/**
 * Milliseconds of [start, end) that fall at night and on days off, walking local-day and night boundaries.
 * Where the zone's offset is the same at both ends (no clock change inside: always so in Russia since 2014),
 * the walk is plain arithmetic on the shifted instants; across a clock change it asks the zone at every step.
 */
export function splitInterval(
  zone: string,
  classify: (date: string) => DayKind,
  startMs: number,
  endMs: number,
): { totalMs: number; nightMs: number; dayOffMs: number } {
  const offset = offsetMinutes(zone, startMs);
  if (endMs - startMs < 2 * DAY_MS && offsetMinutes(zone, endMs) === offset) {
    let night = 0;
    let off = 0;
    const shift = offset * 60_000;
    let cursor = startMs + shift;
    const end = endMs + shift;
    while (cursor < end) {
      const midnight = Math.floor(cursor / DAY_MS) * DAY_MS;
      const minute = Math.floor((cursor - midnight) / 60_000);
      let next = end;
      for (const m of [NIGHT_END, NIGHT_START, 1440]) {
        const at = midnight + m * 60_000;
        if (at > cursor && at < next) next = at;
      }
      if (isNight(minute)) night += next - cursor;
      if (dayOff(classify(new Date(midnight).toISOString().slice(0, 10)))) off += next - cursor;
      cursor = next;
    }
    return { totalMs: Math.max(0, endMs - startMs), nightMs: night, dayOffMs: off };
  }
  let night = 0;
  let off = 0;
  let cursor = startMs;
  while (cursor < endMs) {
    const local = utcToLocal(zone, cursor);
    let next = endMs;
    for (const minute of [NIGHT_END, NIGHT_START, 1440]) {
      const at = localToUtc(zone, local.year, local.month, local.day, minute);
      if (at > cursor && at < next) next = at;
    }
    // A stretch never crosses a boundary, so its first minute speaks for all of it.
    if (isNight(local.minute)) night += next - cursor;
    if (dayOff(classify(local.date))) off += next - cursor;
    cursor = next;
  }
  return { totalMs: Math.max(0, endMs - startMs), nightMs: night, dayOffMs: off };
}

/** round(a × b / c) half up for non-negative integers, exactly (BigInt: kopecks × basis points overflow 2^53). */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  if (c === 0) return 0;
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const neg = n < 0n !== d < 0n && n !== 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an + ad) / (2n * ad);
  return Number(neg ? -q : q);
}

/**
 * Sums a month of one engineer's worklogs. A logged interval may be longer than the minutes booked (a pause
 * in between): the night and day-off shares of the interval are applied to the booked minutes.
 */
export function workMinutes(
  works: Iterable<SalaryWork>,
  zone: string,
  classify: (date: string) => DayKind,
): WorkMinutes {
  const out: WorkMinutes = {
    minutes: 0,
    billableMinutes: 0,
    nonBillableMinutes: 0,
    nightMinutes: 0,
    holidayMinutes: 0,
    unsplitMinutes: 0,
  };
  for (const w of works) {
    out.minutes += w.minutes;
    if (w.billable) out.billableMinutes += w.minutes;
    else out.nonBillableMinutes += w.minutes;
    if (w.startedAt !== null && w.endedAt !== null && w.endedAt > w.startedAt) {
      const s = splitInterval(zone, classify, w.startedAt, w.endedAt);
      out.nightMinutes += mulDivHalfUp(w.minutes, s.nightMs, s.totalMs);
      out.holidayMinutes += mulDivHalfUp(w.minutes, s.dayOffMs, s.totalMs);
    } else {
      out.unsplitMinutes += w.minutes;
      if (dayOff(classify(w.workDate))) out.holidayMinutes += w.minutes;
    }
  }
  return out;
}

export interface SalaryFormula {
  fixedKopecks: number;
  perBillableHourKopecks: number;
  /** Basis points of acted revenue: 1000 = 10 %. */
  revenuePercentBp: number;
}

export interface SalaryResult {
  fixedKopecks: number;
  hourlyKopecks: number;
  revenueShareKopecks: number;
  totalKopecks: number;
}

/** fixed + per billable hour × billable hours + percent of the acted revenue attributed to the engineer. */
export function salaryOf(formula: SalaryFormula, billableMinutes: number, revenueKopecks: number): SalaryResult {
  const hourlyKopecks = mulDivHalfUp(formula.perBillableHourKopecks, billableMinutes, 60);
  const revenueShareKopecks = mulDivHalfUp(revenueKopecks, formula.revenuePercentBp, 10_000);
  return {
    fixedKopecks: formula.fixedKopecks,
    hourlyKopecks,
    revenueShareKopecks,
    totalKopecks: formula.fixedKopecks + hourlyKopecks + revenueShareKopecks,
  };
}

/**
 * Splits each act's net revenue between the engineers whose worklogs it covers, in proportion to the sale
 * amount of their work (by minutes when the work was priced at zero). Largest remainders: the parts of an
 * act add up to its net to the kopeck, so no money appears or vanishes in the split.
 */
export function attributeRevenue(
  acts: Iterable<{ netKopecks: number; work: Array<{ agentId: number; amountKopecks: number; minutes: number }> }>,
): Map<number, number> {
  const out = new Map<number, number>();
  for (const act of acts) {
    if (act.work.length === 0 || act.netKopecks === 0) continue;
    const byAgent = new Map<number, { amount: number; minutes: number }>();
    for (const w of act.work) {
      const a = byAgent.get(w.agentId) ?? { amount: 0, minutes: 0 };
      a.amount += w.amountKopecks;
      a.minutes += w.minutes;
      byAgent.set(w.agentId, a);
    }
    const entries = [...byAgent.entries()].sort((a, b) => a[0] - b[0]);
    const totalAmount = entries.reduce((s, [, v]) => s + v.amount, 0);
    const weightOf = (v: { amount: number; minutes: number }) => (totalAmount > 0 ? v.amount : v.minutes || 1);
    const total = entries.reduce((s, [, v]) => s + weightOf(v), 0);
    const sign = act.netKopecks < 0 ? -1 : 1;
    const net = Math.abs(act.netKopecks);
    const shares = entries.map(([agentId, v]) => {
      const exact = BigInt(net) * BigInt(weightOf(v));
      return { agentId, floor: Number(exact / BigInt(total)), rest: exact % BigInt(total) };
    });
    let left = net - shares.reduce((s, x) => s + x.floor, 0);
    for (const s of [...shares].sort((a, b) => (b.rest > a.rest ? 1 : b.rest < a.rest ? -1 : a.agentId - b.agentId))) {
      if (left <= 0) break;
      s.floor += 1;
      left -= 1;
    }
    for (const s of shares) out.set(s.agentId, (out.get(s.agentId) ?? 0) + sign * s.floor);
  }
  return out;
}
