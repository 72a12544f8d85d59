import { language, t } from './i18n.js';

// Words and numbers of the calendar pages. Dates of a calendar are plain dates (YYYY-MM-DD) that belong to
// the calendar's zone, so they are formatted as UTC dates: the viewer's own zone must not shift them a day.
export const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const locale = () => (language() === 'ru' ? 'ru-RU' : 'en-GB');
const cache = new Map();
function fmt(key, options) {
  const id = `${locale()}:${key}`;
  if (!cache.has(id)) cache.set(id, new Intl.DateTimeFormat(locale(), options));
  return cache.get(id);
}
const utcDate = (date) => new Date(`${date}T00:00:00Z`);

/** "Thu, 1 January 2026" */
export const formatDay = (date) =>
  fmt('day', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' }).format(
    utcDate(date),
  );
/** "Thu, 1 Jan" */
export const formatDayShort = (date) =>
  fmt('dayShort', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(utcDate(date));
/** "January" */
export const monthName = (month) =>
  fmt('month', { timeZone: 'UTC', month: 'long' }).format(new Date(Date.UTC(2026, month, 1)));

/** An instant in a zone: "Wed, 29 Apr 2026, 17:00". */
export function formatInstant(iso, zone) {
  return new Intl.DateTimeFormat(locale(), {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

export const formatNumber = (n) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(n);

/** 270 → "4 h 30 min" */
export function formatDuration(minutes) {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes - h * 60);
  if (h && m) return t('cal.duration.hm', { h: formatNumber(h), m });
  if (h) return t('cal.duration.h', { h: formatNumber(h) });
  return t('cal.duration.m', { m });
}

const toMinutes = (text) => {
  const m = /^(\d{2}):(\d{2})$/.exec(text || '');
  if (!m || +m[2] > 59 || +m[1] * 60 + +m[2] > 1440) return null;
  return +m[1] * 60 + +m[2];
};
export const toHhmm = (minutes) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Wall-clock minutes of a list of intervals (incomplete ones count as nothing). */
export function intervalMinutes(intervals) {
  return intervals.reduce((sum, [a, b]) => {
    const from = toMinutes(a);
    const to = toMinutes(b);
    return from !== null && to !== null && to > from ? sum + to - from : sum;
  }, 0);
}

/** "9:00", "900", "9" → "09:00" while typing stays free; anything else is left for the server to name. */
export function normalizeTime(text) {
  const m = /^\s*(\d{1,2})(?:[:.]?(\d{2}))?\s*$/.exec(text);
  if (!m) return text;
  return `${m[1].padStart(2, '0')}:${m[2] ?? '00'}`;
}

/** A sensible next interval after the last one: a one-hour break, then up to four hours. */
export function nextInterval(intervals) {
  if (intervals.length === 0) return ['09:00', '18:00'];
  const end = toMinutes(intervals[intervals.length - 1][1]);
  if (end === null || end >= 1440) return ['', ''];
  const start = Math.min(end + 60, 1380);
  return [toHhmm(start), toHhmm(Math.min(start + 240, 1440))];
}

export const intervalText = (intervals) => intervals.map(([a, b]) => `${a}–${b}`).join(', ');

/** "Mon–Fri 10:00–19:00 · Sat–Sun day off" */
export function weekSummary(week) {
  const groups = [];
  WEEK.forEach((day, i) => {
    const text = intervalText(week?.[day] ?? []);
    const last = groups[groups.length - 1];
    if (last && last.text === text) last.to = i;
    else groups.push({ from: i, to: i, text });
  });
  return groups
    .map(
      (g) =>
        `${t(`cal.day.${WEEK[g.from]}`)}${g.to > g.from ? `–${t(`cal.day.${WEEK[g.to]}`)}` : ''} ${g.text || t('cal.dayOff')}`,
    )
    .join(' · ');
}

/** Why a date of the year view is what it is, in the viewer's language. */
export function dayReason(day) {
  if (day.kind === 'custom') {
    const base = t(`cal.reason.${day.overrides}`);
    return t(day.hours.length ? 'cal.reason.custom' : 'cal.reason.customOff', {
      base: base.charAt(0).toLowerCase() + base.slice(1),
    });
  }
  const reason = t(`cal.reason.${day.kind}`);
  return day.kind === 'working-weekend' && day.shortened ? `${reason}; ${t('cal.reason.alsoShortened')}` : reason;
}

/** The engine's notes and reasons are a fixed set of English phrases; these are their translations. */
const ENGINE_PHRASES = {
  hours: 'cal.note.hours',
  'explicit hours': 'cal.note.explicit',
  'working weekend': 'cal.note.workingWeekend',
  'shortened day': 'cal.note.shortened',
  paused: 'cal.note.paused',
  holiday: 'cal.skip.holiday',
  'public holiday (production calendar)': 'cal.skip.production',
};
export const enginePhrase = (text) => (ENGINE_PHRASES[text] ? t(ENGINE_PHRASES[text]) : text);

export function engineWarning(text) {
  const m = /^The production calendar for (\d{4}) is not loaded/.exec(text);
  return m ? t('cal.warn.missingYear', { year: m[1] }) : text;
}

// Server messages name the path first ("week.mon[0][1]: …"); the editor shows them beside the field, so only
// what is wrong is said there, in the viewer's language where the message is one of the known ones.
/** @type {[RegExp, string][]} */
const MESSAGES = [
  [/is not a time of day|must NOT have more than 5 characters/, 'cal.err.time'],
  [/ends before it starts/, 'cal.err.order'],
  [/intervals overlap/, 'cal.err.overlap'],
  [/is not a known IANA time zone/, 'cal.err.zone'],
  [/is not a date/, 'cal.err.date'],
  [/must NOT have fewer than 1 characters|is required/, 'cal.err.required'],
  [/must be an ISO 8601 time with a zone|is not a valid time/, 'cal.err.instant'],
  [/the pause ends before it starts/, 'cal.err.pause'],
  [/has no working time/, 'cal.err.noWorkingTime'],
  [/more than this calendar works/, 'cal.err.tooLong'],
  [/is outside the years/, 'cal.err.years'],
];

function fieldOf(path) {
  const p = path
    .replace(/^(body|params)\./, '')
    .replace(/^document\./, '')
    .replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  if (p.startsWith('week.')) return `week.${p.slice(5, 8)}`;
  if (p.startsWith('days.')) return `days.${p.slice(5, 15)}`;
  if (p.startsWith('pauses')) return 'pauses';
  return p.split(/[.[]/)[0];
}

/** A problem+json body → { field: message } for inline errors. */
export function errorsByField(problem) {
  const out = {};
  for (const e of problem?.errors ?? []) {
    const field = fieldOf(e.path);
    const text = e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message;
    const known = MESSAGES.find(([re]) => re.test(text));
    out[field] ??= known ? t(known[1]) : text;
  }
  return out;
}
