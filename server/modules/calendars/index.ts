// The calendars module's public face: other modules and the composition root import only this file.
export { addBusinessMinutes, businessMinutesBetween, compileCalendar, explain } from './business-time.js';
export type { CompiledCalendar, Pause } from './business-time.js';
export { CalendarError, isValidDate, parseCalendarDocument } from './calendar-document.js';
export { calendarRoutes } from './calendars.routes.js';
export { compiledCalendar, createCalendar, importProductionCalendar, productionYears } from './calendars.service.js';
export { computeBetween, computeDeadline, parsePauseText } from './deadline.js';
export { calendarPresets } from './presets.js';
export { builtInProductionYears } from './production-calendar.js';
export { formatLocal, localToUtc, utcToLocal } from './zone.js';
export { dayKind } from './day-kind.js';
export type { DayKind } from './day-kind.js';
// Whether an instant is working time: a team's business hours decide who acts (duty schedules).
export { isWorkingInstant } from './business-time.js';
export { allCalendarRecords, calendarRecord, calendarZone } from './calendar-lookup.js';
export type { CalendarRow } from './calendar-lookup.js';
