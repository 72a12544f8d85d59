import { businessMinutesBetween, type CompiledCalendar, type Pause } from '../calendars/index.js';
import type { Language } from './report-period.js';
import { dateTimeFormat } from '../../shared/date-format.js';

/**
 * A missed deadline told as a sentence a client reads in the monthly pack: which deadline, by how much it was
 * missed (business time of the agreement's calendar, the clock's stops left out), when it was due, when it was
 * met or that it is still awaited, and how long the clock stood still — e.g.
 * "Решение просрочено на 2 ч 15 раб. мин: срок 12.11 14:30, решена 12.11 16:45".
 */
export interface BreachFacts {
  kind: 'reaction' | 'resolution';
  dueAt: number;
  /** The reply (resolution) that came late; null while it is still awaited. */
  doneAt: number | null;
  /** Still awaited: the lateness counts up to this instant. */
  now: number;
  calendar: CompiledCalendar;
  /** The ticket's pauses: they do not count as lateness, and their business time is told. */
  pauses: readonly Pause[];
  /** When the ticket was created: paused time is counted from then. */
  createdAt: number;
}

/** "2 ч 15 раб. мин" / "2 h 15 business min"; whole hours and minutes alone read shorter. */
export function businessDuration(minutes: number, language: Language): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (language === 'ru') return h === 0 ? `${m} раб. мин` : m === 0 ? `${h} раб. ч` : `${h} ч ${m} раб. мин`;
  return h === 0 ? `${m} business min` : m === 0 ? `${h} business h` : `${h} h ${m} business min`;
}

/** "12.11 14:30" in the calendar's zone: the pack covers a month, so the day and month say enough. */
export function shortLocal(at: number, zone: string): string {
  const parts = Object.fromEntries(
    dateTimeFormat('en-GB', {
      day: '2-digit',
      month: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}.${parts.month} ${parts.hour}:${parts.minute}`;
}

const clip = (pauses: readonly Pause[], from: number, to: number): Pause[] =>
  pauses
    .filter((p) => p.to > from && p.from < to)
    .map((p) => ({ from: Math.max(p.from, from), to: Math.min(p.to, to) }));

export function explainBreach(b: BreachFacts, language: Language): string {
  const until = b.doneAt ?? b.now;
  const late = until > b.dueAt ? businessMinutesBetween(b.calendar, b.dueAt, until, clip(b.pauses, b.dueAt, until)) : 0;
  const paused = clip(b.pauses, b.createdAt, until).reduce(
    (sum, p) => sum + businessMinutesBetween(b.calendar, p.from, p.to),
    0,
  );
  const zone = b.calendar.zone;
  const due = shortLocal(b.dueAt, zone);
  const done = b.doneAt === null ? null : shortLocal(b.doneAt, zone);
  const d = (minutes: number) => businessDuration(minutes, language);
  let sentence: string;
  if (language === 'ru') {
    const what = b.kind === 'reaction' ? 'Реакция просрочена' : 'Решение просрочено';
    const outcome =
      b.kind === 'reaction'
        ? done === null
          ? 'ответа ещё нет'
          : `ответ ${done}`
        : done === null
          ? 'заявка ещё не решена'
          : `решена ${done}`;
    sentence = `${what} на ${d(late)}: срок ${due}, ${outcome}`;
    if (paused > 0) sentence += `; пауза ${d(paused)} не в счёт`;
  } else {
    const what = b.kind === 'reaction' ? 'Reaction late by' : 'Resolution late by';
    const outcome =
      b.kind === 'reaction'
        ? done === null
          ? 'no reply yet'
          : `first reply ${done}`
        : done === null
          ? 'not resolved yet'
          : `resolved ${done}`;
    sentence = `${what} ${d(late)}: due ${due}, ${outcome}`;
    if (paused > 0) sentence += `; paused ${d(paused)}, not counted`;
  }
  return sentence;
}
