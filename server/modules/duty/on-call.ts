/**
 * Who is on duty when: a pure function of a compiled duty schedule (no I/O, no viewer time zone).
 *
 * A schedule has rotation layers and overrides. A layer hands its shift from one member to the next every
 * `shiftMinutes` of LOCAL wall-clock time, counted from `startsOn` at `handoff` in the schedule's zone, so a
 * daily 09:00 handoff stays at 09:00 after a DST change (the shift over the change night is an hour shorter or
 * longer in real time, and nothing is lost or counted twice). A layer may be restricted to weekly windows
 * (nights 19:00–10:00, weekends) and may skip the team calendar's holidays (a business-hours rotation).
 *
 * Layers lie on top of each other in the order they were added: the top-most (highest position) layer that
 * covers an instant decides, lower ones fill what it leaves open (PagerDuty's model). An override without
 * `replacesAgentId` puts its agent on duty for its whole period above every layer; with it, the override
 * agent takes only that agent's duty. An approved swap hands the requester's duty in its period to the
 * colleague who agreed. Overrides win over swaps, swaps over rotations. When overrides overlap, the later
 * one (in the given order) wins.
 */
import { isKnownZone, offsetAt, utcToWall, wallToUtc } from '../../shared/wall-clock.js';

export { isKnownZone, offsetAt, utcToWall, wallToUtc };

export interface Restriction {
  /** ISO weekdays 1 (Monday) … 7 (Sunday) on which the window STARTS. */
  days: number[];
  /** Local 'HH:MM'; `to` ≤ `from` means the window crosses midnight (to == from: the whole day). */
  from: string;
  to: string;
}

export interface LayerInput {
  id: number;
  position: number;
  members: number[];
  shiftMinutes: number;
  /** Local 'HH:MM' in the schedule's zone. */
  handoff: string;
  /** Local 'YYYY-MM-DD': the first shift starts that day at `handoff`. */
  startsOn: string;
  restrictions: Restriction[];
  skipHolidays: boolean;
}

export interface OverrideInput {
  agentId: number;
  replacesAgentId: number | null;
  /** ISO UTC instants; `to` is exclusive. */
  from: string;
  to: string;
}

export interface SwapInput {
  requesterId: number;
  withAgentId: number;
  from: string;
  to: string;
}

export interface ScheduleInput {
  timezone: string;
  layers: LayerInput[];
  overrides?: OverrideInput[];
  /** Approved swaps only. */
  swaps?: SwapInput[];
  /** Is this local date a holiday of the team's calendar (for layers that skip holidays)? */
  isHoliday?: (date: string) => boolean;
}

interface CompiledLayer extends LayerInput {
  /** Wall-clock ms (local time read as if UTC) of the first handoff. */
  startWall: number;
  shiftMs: number;
  windows: { day: number; fromMin: number; toMin: number }[];
}

interface Span {
  agentId: number;
  from: number;
  to: number;
}

interface ReplaceSpan extends Span {
  replaces: number;
}

export interface CompiledSchedule {
  timezone: string;
  /** Top-most first. */
  layers: CompiledLayer[];
  /** Later wins: kept in the given order. */
  overrides: Span[];
  replacements: ReplaceSpan[];
  swaps: ReplaceSpan[];
  isHoliday: (date: string) => boolean;
}

export type DutySource = 'rotation' | 'override' | 'swap';

export interface OnCall {
  agentId: number;
  layerId: number | null;
  source: DutySource;
}

export interface Shift {
  agentId: number;
  /** ISO UTC. */
  from: string;
  to: string;
  layerId: number | null;
  source: DutySource;
}

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const YMD = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

// The wall clock of a zone (offsets, wall time ↔ instant) lives in server/shared/wall-clock.ts: pay counts nights
// with the same clock the timeline was drawn with.

const dateOfWall = (wall: number) => new Date(wall).toISOString().slice(0, 10);

/** Local date (YYYY-MM-DD) of an instant in the zone. */
export const localDate = (zone: string, utc: number) => dateOfWall(utcToWall(zone, utc));

// --- Compilation

export function compileSchedule(input: ScheduleInput): CompiledSchedule {
  const layers = [...input.layers]
    .sort((a, b) => b.position - a.position || b.id - a.id)
    .map((l) => ({
      ...l,
      startWall: Date.parse(`${l.startsOn}T00:00:00Z`) + minutesOf(l.handoff) * MINUTE,
      shiftMs: l.shiftMinutes * MINUTE,
      windows: l.restrictions.flatMap((r) =>
        r.days.map((day) => {
          const fromMin = minutesOf(r.from);
          const to = minutesOf(r.to);
          return { day, fromMin, toMin: to <= fromMin ? to + 1440 : to };
        }),
      ),
    }));
  const span = (o: { from: string; to: string }) => ({ from: Date.parse(o.from), to: Date.parse(o.to) });
  const overrides = input.overrides ?? [];
  return {
    timezone: input.timezone,
    layers,
    overrides: overrides.filter((o) => o.replacesAgentId === null).map((o) => ({ agentId: o.agentId, ...span(o) })),
    replacements: overrides
      .filter((o) => o.replacesAgentId !== null)
      .map((o) => ({ agentId: o.agentId, replaces: o.replacesAgentId!, ...span(o) })),
    swaps: (input.swaps ?? []).map((s) => ({ agentId: s.withAgentId, replaces: s.requesterId, ...span(s) })),
    isHoliday: input.isHoliday ?? (() => false),
  };
}

// --- One layer at one instant

/** Index of the rotation shift holding the instant (−1 before the layer starts). */
function shiftIndex(zone: string, layer: CompiledLayer, at: number): number {
  const wall = utcToWall(zone, at);
  let k = Math.floor((wall - layer.startWall) / layer.shiftMs);
  const boundary = (i: number) => wallToUtc(zone, layer.startWall + i * layer.shiftMs);
  // A wall reading in a repeated hour may be a shift late or early: settle on real instants.
  while (k >= 0 && boundary(k) > at) k -= 1;
  while (boundary(k + 1) <= at) k += 1;
  return k < 0 ? -1 : k;
}

function inWindows(zone: string, layer: CompiledLayer, at: number): boolean {
  if (layer.windows.length === 0) return true;
  const wall = utcToWall(zone, at);
  const dayWall = Math.floor(wall / DAY) * DAY;
  for (const back of [0, 1]) {
    const start = dayWall - back * DAY;
    const weekday = ((new Date(start).getUTCDay() + 6) % 7) + 1;
    for (const w of layer.windows) {
      if (w.day !== weekday) continue;
      const from = wallToUtc(zone, start + w.fromMin * MINUTE);
      const to = wallToUtc(zone, start + w.toMin * MINUTE);
      if (from <= at && at < to) return true;
    }
  }
  return false;
}

function layerAgentAt(s: CompiledSchedule, layer: CompiledLayer, at: number): number | null {
  if (layer.members.length === 0) return null;
  if (layer.skipHolidays && s.isHoliday(localDate(s.timezone, at))) return null;
  if (!inWindows(s.timezone, layer, at)) return null;
  const k = shiftIndex(s.timezone, layer, at);
  return k < 0 ? null : layer.members[k % layer.members.length]!;
}

const within = (span: { from: number; to: number }, at: number) => span.from <= at && at < span.to;

function lastCovering<T extends { from: number; to: number }>(spans: T[], at: number, pick?: (s: T) => boolean) {
  for (let i = spans.length - 1; i >= 0; i -= 1) {
    const span = spans[i]!;
    if (within(span, at) && (!pick || pick(span))) return span;
  }
  return undefined;
}

/** Swaps then replacing overrides, applied to a rotation's answer. */
function substitute(s: CompiledSchedule, base: OnCall, at: number): OnCall {
  let result = base;
  const swap = lastCovering(s.swaps, at, (x) => x.replaces === result.agentId);
  if (swap) result = { agentId: swap.agentId, layerId: result.layerId, source: 'swap' };
  const repl = lastCovering(s.replacements, at, (x) => x.replaces === result.agentId);
  if (repl) result = { agentId: repl.agentId, layerId: result.layerId, source: 'override' };
  return result;
}

/** The engineer on duty at `at`, or null when nobody covers it. */
export function onCallAt(schedule: CompiledSchedule, at: Date): OnCall | null {
  const t = at.getTime();
  const override = lastCovering(schedule.overrides, t);
  if (override) return { agentId: override.agentId, layerId: null, source: 'override' };
  for (const layer of schedule.layers) {
    const agentId = layerAgentAt(schedule, layer, t);
    if (agentId !== null) return substitute(schedule, { agentId, layerId: layer.id, source: 'rotation' }, t);
  }
  return null;
}

// --- Timelines

/** Sorted, merged intervals. */
function union(spans: { from: number; to: number }[]) {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

/** Local midnights (as wall ms) of every local date touching [from, to). */
function wallDays(zone: string, from: number, to: number): number[] {
  const first = Math.floor(utcToWall(zone, from) / DAY) * DAY;
  const last = Math.floor(utcToWall(zone, to) / DAY) * DAY;
  const days: number[] = [];
  for (let d = first; d <= last; d += DAY) days.push(d);
  return days;
}

/**
 * One layer's own duty in [from, to): rotation shifts cut to its windows and without skipped holidays. Within
 * a layer the spans never overlap: one engineer per covered instant.
 */
export function layerSpans(s: CompiledSchedule, layerIndex: number, from: number, to: number): Span[] {
  const layer = s.layers[layerIndex]!;
  const zone = s.timezone;
  if (layer.members.length === 0 || to <= from) return [];
  // Rotation shifts.
  const rotation: Span[] = [];
  let k = Math.max(0, shiftIndex(zone, layer, from));
  let start = wallToUtc(zone, layer.startWall + k * layer.shiftMs);
  while (start < to) {
    const end = wallToUtc(zone, layer.startWall + (k + 1) * layer.shiftMs);
    if (end > start && end > from)
      rotation.push({
        agentId: layer.members[k % layer.members.length]!,
        from: Math.max(start, from),
        to: Math.min(end, to),
      });
    start = end;
    k += 1;
  }
  // Allowed time: the windows (or everything), less the holidays.
  const days = wallDays(zone, from - DAY, to);
  let allowed =
    layer.windows.length === 0
      ? [{ from, to }]
      : union(
          days.flatMap((d) => {
            const weekday = ((new Date(d).getUTCDay() + 6) % 7) + 1;
            return layer.windows
              .filter((w) => w.day === weekday)
              .map((w) => ({
                from: wallToUtc(zone, d + w.fromMin * MINUTE),
                to: wallToUtc(zone, d + w.toMin * MINUTE),
              }));
          }),
        );
  if (layer.skipHolidays) {
    const holidays = union(
      days
        .filter((d) => s.isHoliday(dateOfWall(d)))
        .map((d) => ({ from: wallToUtc(zone, d), to: wallToUtc(zone, d + DAY) })),
    );
    allowed = subtract(allowed, holidays);
  }
  return intersect(rotation, allowed);
}

function subtract(spans: { from: number; to: number }[], holes: { from: number; to: number }[]) {
  const out: { from: number; to: number }[] = [];
  for (const s of spans) {
    let cursor = s.from;
    for (const h of holes) {
      if (h.to <= cursor || h.from >= s.to) continue;
      if (h.from > cursor) out.push({ from: cursor, to: h.from });
      cursor = Math.max(cursor, h.to);
    }
    if (cursor < s.to) out.push({ from: cursor, to: s.to });
  }
  return out;
}

function intersect(shifts: Span[], allowed: { from: number; to: number }[]): Span[] {
  const out: Span[] = [];
  let j = 0;
  for (const sh of shifts) {
    while (j < allowed.length && allowed[j]!.to <= sh.from) j += 1;
    for (let i = j; i < allowed.length && allowed[i]!.from < sh.to; i += 1) {
      const from = Math.max(sh.from, allowed[i]!.from);
      const to = Math.min(sh.to, allowed[i]!.to);
      if (to > from) out.push({ agentId: sh.agentId, from, to });
    }
  }
  return out;
}

/**
 * The schedule's duty in [from, to) as contiguous shifts: the same answer `onCallAt` gives for every instant,
 * with neighbouring pieces of one engineer's duty from one source joined.
 */
export function shiftsBetween(schedule: CompiledSchedule, from: Date, to: Date): Shift[] {
  const a = from.getTime();
  const b = to.getTime();
  if (!(b > a)) return [];
  const perLayer = schedule.layers.map((_, i) => layerSpans(schedule, i, a, b));
  const points = new Set<number>([a]);
  for (const spans of perLayer) for (const s of spans) points.add(s.from).add(s.to);
  for (const list of [schedule.overrides, schedule.replacements, schedule.swaps])
    for (const s of list) {
      if (s.from > a && s.from < b) points.add(s.from);
      if (s.to > a && s.to < b) points.add(s.to);
    }
  const sorted = [...points].filter((p) => p >= a && p < b).sort((x, y) => x - y);
  const cursors = perLayer.map(() => 0);
  const out: Shift[] = [];
  let open: (OnCall & { from: number; to: number }) | null = null;
  const close = () => {
    if (open)
      out.push({
        agentId: open.agentId,
        from: new Date(open.from).toISOString(),
        to: new Date(open.to).toISOString(),
        layerId: open.layerId,
        source: open.source,
      });
    open = null;
  };
  for (let i = 0; i < sorted.length; i += 1) {
    const p = sorted[i]!;
    const end = sorted[i + 1] ?? b;
    let who: OnCall | null = null;
    const override = lastCovering(schedule.overrides, p);
    if (override) who = { agentId: override.agentId, layerId: null, source: 'override' };
    else
      for (let l = 0; l < perLayer.length; l += 1) {
        const spans = perLayer[l]!;
        while (cursors[l]! < spans.length && spans[cursors[l]!]!.to <= p) cursors[l]! += 1;
        const span = spans[cursors[l]!];
        if (span && span.from <= p) {
          who = substitute(schedule, { agentId: span.agentId, layerId: schedule.layers[l]!.id, source: 'rotation' }, p);
          break;
        }
      }
    const cur = open as (OnCall & { from: number; to: number }) | null;
    if (
      who &&
      cur &&
      cur.to === p &&
      cur.agentId === who.agentId &&
      cur.layerId === who.layerId &&
      cur.source === who.source
    ) {
      cur.to = end;
      continue;
    }
    close();
    if (who) open = { ...who, from: p, to: end };
  }
  close();
  return out;
}

/** Periods in [from, to) when nobody is on duty. */
export function coverageGaps(schedule: CompiledSchedule, from: Date, to: Date): { from: string; to: string }[] {
  const covered = shiftsBetween(schedule, from, to).map((s) => ({ from: Date.parse(s.from), to: Date.parse(s.to) }));
  return subtract([{ from: from.getTime(), to: to.getTime() }], union(covered)).map((g) => ({
    from: new Date(g.from).toISOString(),
    to: new Date(g.to).toISOString(),
  }));
}

export interface LeaveInput {
  agentId: number;
  /** Local dates, inclusive. */
  fromDate: string;
  toDate: string;
}

export interface LeaveConflict {
  agentId: number;
  from: string;
  to: string;
  leave: { fromDate: string; toDate: string };
}

/** Shifts (or their parts) an engineer holds while on leave, in the schedule's zone. */
export function leaveConflicts(zone: string, shifts: Shift[], leaves: LeaveInput[]): LeaveConflict[] {
  const out: LeaveConflict[] = [];
  for (const leave of leaves) {
    const start = wallToUtc(zone, Date.parse(`${leave.fromDate}T00:00:00Z`));
    const end = wallToUtc(zone, Date.parse(`${leave.toDate}T00:00:00Z`) + DAY);
    for (const s of shifts) {
      if (s.agentId !== leave.agentId) continue;
      const from = Math.max(start, Date.parse(s.from));
      const to = Math.min(end, Date.parse(s.to));
      if (to > from)
        out.push({
          agentId: s.agentId,
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          leave: { fromDate: leave.fromDate, toDate: leave.toDate },
        });
    }
  }
  return out.sort((x, y) => x.from.localeCompare(y.from) || x.agentId - y.agentId);
}
