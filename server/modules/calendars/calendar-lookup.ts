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
  // Logging work asks twice per request, nearly always of the same document: the last answer is kept (comparing
  // the text costs less than parsing it).
  if (document === lastZone.document) return lastZone.zone;
  let zone = 'Europe/Moscow';
  try {
    const named = (JSON.parse(document) as { timezone?: unknown }).timezone;
    if (typeof named === 'string') zone = named;
  } catch {
    // a damaged document: Moscow
  }
  lastZone = { document, zone };
  return zone;
}
let lastZone = { document: '', zone: 'Europe/Moscow' };
