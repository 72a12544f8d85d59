import { html } from './html.js';
import { loadMessages, language, t, tn } from './i18n.js';

// Words, dates and server messages of the agreement and service pages (loaded with them).
await loadMessages('agreements');

export const STATUSES = ['draft', 'planned', 'active', 'expired', 'terminated'];
export const KINDS = ['commercial', 'warranty', 'prepaid_hours', 'free'];
export const TIERS = ['8x5', '24x7', 'premium', 'custom'];
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
export const TYPES = ['incident', 'request', 'question', 'change'];

const locale = () => (language() === 'ru' ? 'ru-RU' : 'en-GB');

/** An agreement date (YYYY-MM-DD, a plain date of the calendar's zone): "31 Mar 2027". */
export const formatPlainDate = (date) =>
  date
    ? new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(
        new Date(`${date}T00:00:00Z`),
      )
    : '';

export const formatPeriod = (a) => `${formatPlainDate(a.start)} – ${formatPlainDate(a.end)}`;

export const AgreementStatus = ({ status }) =>
  html`<span class=${`chip agr-status agr-${status}`} data-status=${status}>${t(`agr.status.${status}`)}</span>`;

export const tierLabel = (tier) => t(`agr.tier.${tier}`);

/** "ends in 12 days" and its tone, for the list and the page. */
export function expiryText(a) {
  if (a.status === 'terminated') return { text: t('agr.expiry.terminated'), tone: 'muted' };
  if (a.status === 'expired') return { text: t('agr.expiry.expired', { date: formatPlainDate(a.end) }), tone: 'muted' };
  if (a.status === 'planned' || a.status === 'draft')
    return { text: t('agr.expiry.starts', { date: formatPlainDate(a.start) }), tone: 'muted' };
  const d = a.daysToExpiry;
  if (d === null || d === undefined) return { text: '—', tone: 'muted' };
  if (d < 0) return { text: t('agr.expiry.expired', { date: formatPlainDate(a.end) }), tone: 'bad' };
  if (d === 0) return { text: t('agr.expiry.today'), tone: 'bad' };
  return { text: tn('agr.expiry.days', d), tone: d <= 7 ? 'bad' : d <= 30 ? 'warn' : '' };
}

/** Business minutes as hours and minutes for two inputs, and back. */
export const splitMinutes = (minutes) =>
  minutes === null || minutes === undefined
    ? { h: '', m: '' }
    : { h: String(Math.floor(minutes / 60)), m: String(minutes % 60) };
export function joinMinutes({ h, m }) {
  if (String(h).trim() === '' && String(m).trim() === '') return null;
  const hours = Number(h || 0);
  const mins = Number(m || 0);
  if (!Number.isInteger(hours) || !Number.isInteger(mins) || hours < 0 || mins < 0 || mins > 59) return NaN;
  return hours * 60 + mins;
}

/** The server's field messages are English; the known ones are said again in the viewer's language. */
/** @type {[RegExp, string][]} */
const MESSAGES = [
  [/is not a real date|must match pattern "\^\\d\{4\}/, 'agr.err.date'],
  [/is before the start/, 'agr.err.endBeforeStart'],
  [/has already passed/, 'agr.err.passed'],
  [/is already taken/, 'agr.err.numberTaken'],
  [/is required for the custom tier/, 'agr.err.customTargets'],
  [/is required for prepaid hours/, 'agr.err.hoursRequired'],
  [/is shorter than the reaction time/, 'agr.err.resolutionShort'],
  [/^repeats /, 'agr.err.duplicateRow'],
  [/does not exist|not found/i, 'agr.err.missing'],
  [/is not a contact of|belongs to another/i, 'agr.err.contact'],
  [/must NOT have fewer than 1 characters|is required|must match pattern "\\S"/, 'agr.err.required'],
];

export function fieldMessage(message) {
  const known = MESSAGES.find(([re]) => re.test(message));
  return known ? t(known[1]) : message;
}

/** problem+json → { field: message } ("body.targets.2.resolutionMinutes" → "targets.2.resolutionMinutes"). */
export function problemFields(problem) {
  const out = {};
  for (const e of problem?.errors ?? []) {
    const path = e.path.replace(/^(body|params|querystring)\./, '');
    out[path] ??= fieldMessage(e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message);
  }
  return out;
}

/** The agreement page's warnings come from the server in English; the known ones are translated. */
export function agreementWarning(text) {
  let m = /^The (\S+) tier expects a round-the-clock calendar, but "(.*)" has closed hours( or holidays)?;/.exec(text);
  if (m) return t('agr.warn.tierCalendar', { tier: tierLabel(m[1]), calendar: m[2] });
  m = /^(.*) has no e-mail address and will not receive notices$/.exec(text);
  if (m) return t('agr.warn.noEmail', { name: m[1] });
  if (/^The agreement has no SLA targets/.test(text)) return t('agr.warn.noTargets');
  return text;
}
