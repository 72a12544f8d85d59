/**
 * Micro-benchmarks of the business-time engine (issue 3, "Speed"): plain loops timed with
 * process.hrtime.bigint, a warm-up first, instants as epoch milliseconds, a few hundred thousand varied
 * starts precomputed so the loop measures the engine, not the set-up. A naive minute-stepping reference
 * is measured in the same run for comparison.
 *
 * Part of `npm run bench` (through extra.ts); on its own:
 *   node --import=tsx test/bench/business-time.bench.ts
 */
import { pathToFileURL } from 'node:url';
import {
  addBusinessMinutes,
  compileCalendar,
  isWorkingInstant,
  type CompiledCalendar,
  type Pause,
} from '../../server/modules/calendars/business-time.js';
import { parseCalendarDocument, type CalendarDocument } from '../../server/modules/calendars/calendar-document.js';
import { builtInProductionYears } from '../../server/modules/calendars/production-calendar.js';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** Human text of the budget, e.g. "≥ 2,000,000/s"; absent for reference figures. */
  budget?: string;
  pass?: boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STARTS = 262_144; // a power of two: the loops index with a mask
const MASK = STARTS - 1;

/** A small deterministic PRNG (mulberry32), so every run measures the same inputs. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const weekdays = (intervals: [string, string][]) => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
  sat: [],
  sun: [],
});
const compile = (doc: CalendarDocument) => compileCalendar(parseCalendarDocument(doc), builtInProductionYears);

/** Starts spread over 2024-01-01 … 2026-10-01 (the shipped production years), whole minutes, any time of day. */
function makeStarts(seed: number): Float64Array {
  const random = prng(seed);
  const from = Date.parse('2024-01-01T00:00:00Z') / MINUTE;
  const to = Date.parse('2026-10-01T00:00:00Z') / MINUTE;
  const starts = new Float64Array(STARTS);
  for (let i = 0; i < STARTS; i++) starts[i] = (from + Math.floor(random() * (to - from))) * MINUTE;
  return starts;
}

/** Targets of 1 … 40 business hours, in minutes (any minute count, not only whole hours). */
function makeTargets(seed: number, minMinutes: number, maxMinutes: number): Int32Array {
  const random = prng(seed);
  const targets = new Int32Array(STARTS);
  for (let i = 0; i < STARTS; i++) targets[i] = minMinutes + Math.floor(random() * (maxMinutes - minMinutes + 1));
  return targets;
}

/**
 * The reference: counts one minute at a time, asking whether each minute is working time. Correct for
 * whole-minute starts (the calendars here have whole-minute boundaries), and as slow as stepping is.
 */
export function naiveAddBusinessMinutes(c: CompiledCalendar, start: number, minutes: number): number {
  let t = start;
  let left = minutes;
  while (left > 0) {
    if (isWorkingInstant(c, t)) left--;
    t += MINUTE;
  }
  // The due instant is the end of the last counted minute (t), not the first free minute after it.
  return t;
}

let sink = 0; // results feed this so the optimiser cannot drop the work

/**
 * Runs `op(i)` for i = 0, 1, … in a plain loop: first `warmup` calls, then timed rounds of `perRound` calls
 * until `minMs` has passed (at least 5 rounds). The median round's rate is reported: neither the luckiest
 * round nor one hit by a GC pause or another process on the machine.
 */
function opsPerSecond(op: (i: number) => number, opts: { warmup: number; perRound: number; minMs?: number }): number {
  let acc = 0;
  for (let i = 0; i < opts.warmup; i++) acc += op(i);
  const minNs = BigInt(Math.round((opts.minMs ?? 1000) * 1e6));
  const rates: number[] = [];
  let spent = 0n;
  let offset = opts.warmup;
  while (rates.length < 5 || spent < minNs) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < opts.perRound; i++) acc += op(offset + i);
    const ns = process.hrtime.bigint() - t0;
    offset += opts.perRound;
    spent += ns;
    rates.push((opts.perRound * 1e9) / Number(ns));
  }
  sink += acc;
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

export async function benchBusinessTime(): Promise<BenchRow[]> {
  const moscow = compile({ timezone: 'Europe/Moscow', week: weekdays([['10:00', '19:00']]), production: 'RU' });
  const berlin = compile({
    timezone: 'Europe/Berlin',
    week: weekdays([
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ]),
    holidays: [
      '2024-12-24',
      '2024-12-25',
      '2024-12-26',
      '2025-12-24',
      '2025-12-25',
      '2025-12-26',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
    ],
  });
  const starts = makeStarts(1);
  const targets = makeTargets(2, 60, 40 * 60);
  // Three pauses per start (waiting for the client): within the first hours, the next day, later that week.
  const pauses: Pause[][] = [];
  const random = prng(3);
  for (let i = 0; i < STARTS; i++) {
    const s = starts[i]!;
    const p1 = s + Math.floor(random() * 4 * HOUR);
    const p2 = s + DAY + Math.floor(random() * 8 * HOUR);
    const p3 = s + 3 * DAY + Math.floor(random() * DAY);
    pauses.push([
      { from: p1, to: p1 + 30 * MINUTE + Math.floor(random() * 2 * HOUR) },
      { from: p2, to: p2 + HOUR + Math.floor(random() * 20 * HOUR) },
      { from: p3, to: p3 + 2 * HOUR + Math.floor(random() * 2 * DAY) },
    ]);
  }

  // The reference and the engine must agree before their speeds mean anything.
  for (let i = 0; i < 2000; i++) {
    const fast = addBusinessMinutes(moscow, starts[i]!, targets[i]!);
    const slow = naiveAddBusinessMinutes(moscow, starts[i]!, targets[i]!);
    if (fast !== slow)
      throw new Error(
        `engine and reference disagree at start ${new Date(starts[i]!).toISOString()} + ${targets[i]} min: ${fast} vs ${slow}`,
      );
  }

  const rows: BenchRow[] = [];
  const budgetRow = (name: string, value: number, min: number, text: string) =>
    rows.push({ name, value, unit: 'ops/s', budget: text, pass: value >= min });

  const big = { warmup: 200_000, perRound: 500_000 };
  const moscowOps = opsPerSecond((i) => addBusinessMinutes(moscow, starts[i & MASK]!, targets[i & MASK]!), big);
  budgetRow('8x5 Moscow + production calendar, 1–40 h', moscowOps, 2_000_000, '≥ 2,000,000/s');
  const berlinOps = opsPerSecond((i) => addBusinessMinutes(berlin, starts[i & MASK]!, targets[i & MASK]!), big);
  budgetRow('Europe/Berlin split shift (DST), 1–40 h', berlinOps, 1_000_000, '≥ 1,000,000/s');
  const pausedOps = opsPerSecond(
    (i) => addBusinessMinutes(moscow, starts[i & MASK]!, targets[i & MASK]!, pauses[i & MASK]!),
    { warmup: 100_000, perRound: 150_000 },
  );
  budgetRow('8x5 Moscow, 1–40 h, 3 pauses', pausedOps, 300_000, '≥ 300,000/s');

  const tenHours = opsPerSecond((i) => addBusinessMinutes(moscow, starts[i & MASK]!, 10 * 60), big);
  // 10,000 business hours reach about five years past the start: the tables of those years are built in the
  // warm-up, so the timed rounds measure the search, which must not grow with the target.
  const tenThousandHours = opsPerSecond((i) => addBusinessMinutes(moscow, starts[i & MASK]!, 10_000 * 60), big);
  rows.push({ name: '8x5 Moscow, 10 h target', value: tenHours, unit: 'ops/s' });
  rows.push({ name: '8x5 Moscow, 10,000 h target', value: tenThousandHours, unit: 'ops/s' });
  const ratio = tenHours / tenThousandHours;
  rows.push({ name: 'slowdown 10,000 h vs 10 h', value: ratio, unit: '×', budget: '≤ 3×', pass: ratio <= 3 });

  const naiveOps = opsPerSecond((i) => naiveAddBusinessMinutes(moscow, starts[i & MASK]!, targets[i & MASK]!), {
    warmup: 200,
    perRound: 300,
    minMs: 1000,
  });
  rows.push({ name: 'naive minute-stepping reference, 8x5 Moscow, 1–40 h', value: naiveOps, unit: 'ops/s' });
  rows.push({ name: 'engine speed-up over the reference', value: moscowOps / naiveOps, unit: '×' });
  if (sink === 42) console.log(''); // keeps `sink` observable
  return rows;
}

const fmt = (row: BenchRow) =>
  row.unit === '×' ? `${row.value.toFixed(2)} ×` : `${Math.round(row.value).toLocaleString('en-US')} ${row.unit}`;

/** The rows in the report's layout: name, figure, and the budget with PASS/FAIL. */
export function printBenchRows(title: string, rows: BenchRow[]): void {
  console.log(`\n${title}`);
  for (const row of rows) {
    const verdict = row.budget ? `   budget ${row.budget}: ${row.pass ? 'PASS' : 'FAIL'}` : '';
    console.log(`  ${row.name.padEnd(52)} ${fmt(row).padStart(18)}${verdict}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchBusinessTime();
  printBenchRows(`Business-time engine (node ${process.version}, one core)`, rows);
  if (rows.some((r) => r.pass === false)) process.exitCode = 1;
}
