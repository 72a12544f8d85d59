import { parseCalendarDocument, type CalendarDocument } from '../../server/modules/calendars/calendar-document.js';
import { compileCalendar } from '../../server/modules/calendars/business-time.js';
import { builtInProductionYears } from '../../server/modules/calendars/production-calendar.js';

export const weekdays = (intervals: [string, string][]) => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
  sat: [],
  sun: [],
});
export const everyDay = (intervals: [string, string][]) => ({ ...weekdays(intervals), sat: intervals, sun: intervals });

export const calendar = (doc: CalendarDocument) => compileCalendar(parseCalendarDocument(doc), builtInProductionYears);
export const moscow8x5 = () =>
  calendar({ timezone: 'Europe/Moscow', week: weekdays([['10:00', '19:00']]), production: 'RU' });
export const at = (iso: string) => Date.parse(iso);
