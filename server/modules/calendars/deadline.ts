import { addBusinessMinutes, businessMinutesBetween, explain, type CompiledCalendar, type Pause } from './business-time.js';
import { CalendarError } from './calendar-document.js';
import { formatLocal } from './zone.js';

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant from ISO 8601 that names its zone (`Z` or an offset): a bare local time is ambiguous. */
export function parseInstant(text: string, path: string): number {
  if (!ISO_WITH_ZONE.test(text)) throw new CalendarError(path, `"${text}" must be an ISO 8601 time with a zone, e.g. 2026-11-24T10:00:00+03:00 or …Z`);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new CalendarError(path, `"${text}" is not a valid time`);
  return ms;
}

export function parsePause(value: { from: string; to: string }, path: string): Pause {
  const from = parseInstant(value.from, `${path}.from`);
  const to = parseInstant(value.to, `${path}.to`);
  if (to < from) throw new CalendarError(path, 'the pause ends before it starts');
  return { from, to };
}

/** `FROM/TO` as the CLI takes it. */
export function parsePauseText(text: string, path: string): Pause {
  const [from, to, extra] = text.split('/');
  if (!from || !to || extra !== undefined) throw new CalendarError(path, `"${text}" must be FROM/TO (two ISO times)`);
  return parsePause({ from, to }, path);
}

export interface DeadlineRequest {
  start: string;
  minutes: number;
  pauses?: Array<{ from: string; to: string }>;
  explain?: boolean;
}

export function computeDeadline(c: CompiledCalendar, req: DeadlineRequest) {
  const start = parseInstant(req.start, 'start');
  if (!Number.isInteger(req.minutes) || req.minutes < 0) throw new CalendarError('minutes', 'must be a whole number of minutes ≥ 0');
  const pauses = (req.pauses ?? []).map((p, i) => parsePause(p, `pauses[${i}]`));
  const due = addBusinessMinutes(c, start, req.minutes, pauses);
  const result: Record<string, unknown> = { due: new Date(due).toISOString(), dueLocal: formatLocal(c.zone, due) };
  if (req.explain) {
    const ex = explain(c, start, req.minutes, pauses);
    Object.assign(result, { intervals: ex.counted, skipped: ex.skipped, paused: ex.paused, warnings: ex.warnings });
  } else if (c.missingProductionYears.size) {
    result.warnings = [...c.missingProductionYears].sort().map((y) => `The production calendar for ${y} is not loaded: ${y} was counted as a normal year`);
  }
  return result as { due: string; dueLocal: string; intervals?: unknown[]; warnings?: string[] };
}

export function computeBetween(c: CompiledCalendar, req: { from: string; to: string; pauses?: Array<{ from: string; to: string }> }) {
  const from = parseInstant(req.from, 'from');
  const to = parseInstant(req.to, 'to');
  const pauses = (req.pauses ?? []).map((p, i) => parsePause(p, `pauses[${i}]`));
  return { minutes: businessMinutesBetween(c, from, to, pauses) };
}
