import { CalendarError } from './calendar-document.js';

/**
 * Reads the days off from an iCalendar (.ics) file of holidays: every VEVENT's all-day DTSTART (and DTEND,
 * exclusive) becomes dates. Holiday feeds use only this small part of RFC 5545, so a focused reader is
 * enough and keeps a dependency away; timed events, recurrences and other components are refused
 * with their line number rather than misread.
 */
export function holidaysFromIcs(text: string): string[] {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/); // unfold continuation lines
  if (!lines.some((l) => l.trim() === 'BEGIN:VCALENDAR'))
    throw new CalendarError('ics', 'is not an iCalendar file (no BEGIN:VCALENDAR)');
  const dates = new Set<string>();
  let inEvent = false;
  let start: string | null = null;
  let end: string | null = null;
  const dateOf = (value: string, n: number) => {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
    if (!m) throw new CalendarError(`ics line ${n}`, `"${value}" is not an all-day date (YYYYMMDD)`);
    return `${m[1]}-${m[2]}-${m[3]}`;
  };
  lines.forEach((line, i) => {
    const n = i + 1;
    if (line === 'BEGIN:VEVENT') {
      inEvent = true;
      start = end = null;
    } else if (line === 'END:VEVENT') {
      if (!start) throw new CalendarError(`ics line ${n}`, 'an event has no DTSTART');
      const from = Date.parse(`${start}T00:00:00Z`);
      const to = end ? Date.parse(`${end}T00:00:00Z`) : from + 86_400_000;
      for (let d = from; d < Math.max(to, from + 86_400_000); d += 86_400_000)
        dates.add(new Date(d).toISOString().slice(0, 10));
      inEvent = false;
    } else if (inEvent && /^DTSTART[;:]/.test(line)) start = dateOf(line.slice(line.indexOf(':') + 1), n);
    else if (inEvent && /^DTEND[;:]/.test(line)) end = dateOf(line.slice(line.indexOf(':') + 1), n);
    else if (inEvent && /^RRULE[;:]/.test(line))
      throw new CalendarError(`ics line ${n}`, 'recurring events are not supported; list each holiday');
  });
  return [...dates].sort();
}
