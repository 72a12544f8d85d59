import type { CalendarDocument } from './calendar-document.js';

const days = (intervals: [string, string][], weekend: [string, string][] = []) => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
  sat: weekend,
  sun: weekend,
});

/** Ready-made calendars admins start from. */
export const calendarPresets: Array<{ key: string; name: string; document: CalendarDocument }> = [
  {
    key: '8x5-moscow-production',
    name: '8x5 Moscow 10:00–19:00 with the production calendar',
    document: { timezone: 'Europe/Moscow', week: days([['10:00', '19:00']]), production: 'RU' },
  },
  {
    key: '24x7',
    name: '24x7',
    document: { timezone: 'Europe/Moscow', week: days([['00:00', '24:00']], [['00:00', '24:00']]) },
  },
  {
    key: '8x5-9-18',
    name: '8x5 Mon–Fri 09:00–18:00',
    document: { timezone: 'Europe/Moscow', week: days([['09:00', '18:00']]) },
  },
];
