import {
  addBusinessMinutes,
  businessMinutesBetween,
  explain,
  type CompiledCalendar,
  type Pause,
} from './business-time.js';
import { CalendarError, isValidDate } from './calendar-document.js';
import { formatLocal } from './zone.js';

const FIRST_YEAR = 1970;
const LAST_YEAR = 2200;
const ISO_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** An instant from ISO 8601 that names its zone (`Z` or an offset): a bare local time is ambiguous. */
export function parseInstant(text: string, path: string): number {
  const m = ISO_WITH_ZONE.exec(text);
  if (!m)
    throw new CalendarError(
      path,
      `"${text}" must be an ISO 8601 time with a zone, e.g. 2026-11-24T10:00:00+03:00 or …Z`,
    );
  // Years the product computes in: a start in year 50 or 9999 is a typo, and would make the engine build
  // thousands of year tables (or misread years below 100, which Date.UTC maps to 1900–1999).
  const [, date, hh, mm, ss, , offH, offM] = m;
  const year = +date!.slice(0, 4);
  if (year < FIRST_YEAR || year > LAST_YEAR)
    throw new CalendarError(path, `"${text}" is outside the years ${FIRST_YEAR}–${LAST_YEAR}`);
  // Date.parse rolls impossible dates over (2026-02-30 becomes March 2) and takes 24:00: refuse them instead.
  if (
    !isValidDate(date!) ||
    +hh! > 23 ||
    +mm! > 59 ||
    (ss !== undefined && +ss > 59) ||
    (offH !== undefined && (+offH > 23 || +offM! > 59))
  ) {
    throw new CalendarError(path, `"${text}" is not a valid time`);
  }
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
  if (!Number.isInteger(req.minutes) || req.minutes < 0)
    throw new CalendarError('minutes', 'must be a whole number of minutes ≥ 0');
  const pauses = (req.pauses ?? []).map((p, i) => parsePause(p, `pauses[${i}]`));
  const due = addBusinessMinutes(c, start, req.minutes, pauses);
  const result: Record<string, unknown> = { due: new Date(due).toISOString(), dueLocal: formatLocal(c.zone, due) };
  if (req.explain) {
    const ex = explain(c, start, req.minutes, pauses);
    Object.assign(result, { intervals: ex.counted, skipped: ex.skipped, paused: ex.paused, warnings: ex.warnings });
  } else if (c.missingProductionYears.size) {
    result.warnings = [...c.missingProductionYears]
      .sort()
      .map((y) => `The production calendar for ${y} is not loaded: ${y} was counted as a normal year`);
  }
  return result as { due: string; dueLocal: string; intervals?: unknown[]; warnings?: string[] };
}

export function computeBetween(
  c: CompiledCalendar,
  req: { from: string; to: string; pauses?: Array<{ from: string; to: string }> },
) {
  const from = parseInstant(req.from, 'from');
  const to = parseInstant(req.to, 'to');
  const pauses = (req.pauses ?? []).map((p, i) => parsePause(p, `pauses[${i}]`));
  return { minutes: businessMinutesBetween(c, from, to, pauses) };
}
