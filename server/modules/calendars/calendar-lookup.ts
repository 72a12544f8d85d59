import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import * as repo from './calendars.repository.js';

// Stored calendars as other modules read them (an agreement's calendar, the SLA's clock): no permission
// implied, the caller's own service decides who may see what.

export type { CalendarRow } from './calendars.repository.js';

export const calendarRecord = (db: Kysely<Database>, id: number) => repo.findCalendar(db, id);

export const allCalendarRecords = (db: Kysely<Database>) => repo.listCalendars(db);

/** The IANA zone of a stored calendar document (its days and hours are in it); Moscow for a damaged one. */
export function calendarZone(document: string): string {
  try {
    const zone = (JSON.parse(document) as { timezone?: unknown }).timezone;
    return typeof zone === 'string' ? zone : 'Europe/Moscow';
  } catch {
    return 'Europe/Moscow';
  }
}
