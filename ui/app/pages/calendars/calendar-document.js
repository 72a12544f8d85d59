import { t } from '../../i18n.js';
import { WEEK } from '../../calendar-format.js';
import { isKnownZone, viewerZone } from '../../zone-input.js';

/** A preset's name in the viewer's language, when the catalogue has one. @param {{ key: string, name: string }} preset */
export const presetName = (preset) => {
  const key = `cal.preset.${preset.key}`;
  const text = t(key);
  return text === key ? preset.name : text;
};

/** A new calendar without a preset: 09:00–18:00 on weekdays, in the viewer's zone. */
export const blankCalendar = () => {
  const nine = [['09:00', '18:00']];
  return {
    name: '',
    timezone: isKnownZone(viewerZone()) ? viewerZone() : 'Europe/Moscow',
    week: { mon: nine, tue: nine, wed: nine, thu: nine, fri: nine, sat: [], sun: [] },
  };
};

/**
 * The editor's form of a calendar (as the API returns it or a preset gives it).
 * @param {any} calendar
 */
export function formOf(calendar) {
  return {
    name: calendar.name ?? '',
    timezone: calendar.timezone,
    production: calendar.production === 'RU',
    week: Object.fromEntries(WEEK.map((d) => [d, calendar.week?.[d] ?? []])),
    holidays: [...(calendar.holidays ?? [])].sort(),
    /** @type {Record<string, string[][]>} */
    days: calendar.days ?? {},
  };
}

/** @typedef {ReturnType<typeof formOf>} CalendarForm */

/**
 * The calendar document the API takes (with the name): what is saved, previewed and compared for changes.
 * @param {CalendarForm} form
 */
export function toDocument(form) {
  return {
    name: form.name.trim(),
    timezone: form.timezone.trim(),
    week: form.week,
    holidays: form.holidays,
    days: Object.fromEntries(Object.entries(form.days).sort(([a], [b]) => a.localeCompare(b))),
    production: form.production ? 'RU' : null,
  };
}
