import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import { allCalendarRecords, calendarRecord, type CalendarRow } from '../calendars/index.js';
import { servicesByIds } from '../services/index.js';
import * as repo from './agreements.repository.js';

/**
 * Checks that what an agreement refers to exists and fits it; each refusal is a 400 naming the field, so the
 * form can point at it.
 */
const refused = (path: string, message: string, detail: string) => badRequest(detail, { errors: [{ path, message }] });

export interface CalendarFacts {
  id: number;
  name: string;
  timezone: string;
  document: Record<string, unknown>;
}

export function calendarFacts(row: CalendarRow): CalendarFacts {
  const document = JSON.parse(row.document) as Record<string, unknown>;
  return { id: row.id, name: row.name, timezone: String(document.timezone), document };
}

export async function requireCalendar(
  db: Kysely<Database>,
  id: number,
  path = 'body.calendarId',
): Promise<CalendarFacts> {
  const row = await calendarRecord(db, id);
  if (!row) throw refused(path, 'does not exist', `Calendar ${id} does not exist`);
  return calendarFacts(row);
}

/** The zone of every calendar, for views and jobs that look at many agreements at once. */
export async function calendarZones(db: Kysely<Database>): Promise<Map<number, CalendarFacts>> {
  return new Map((await allCalendarRecords(db)).map((row) => [row.id, calendarFacts(row)]));
}

export async function requireOrganization(db: Kysely<Database>, id: number, path = 'body.organizationId') {
  const [org] = await repo.findOrganizations(db, [id]);
  if (!org) throw refused(path, 'does not exist', `Organization ${id} does not exist`);
  return org;
}

export async function requireManager(db: Kysely<Database>, id: number | null, path = 'body.managerId'): Promise<void> {
  if (id === null) return;
  const [agent] = await repo.findAgentsByIds(db, [id]);
  if (!agent || agent.active !== 1)
    throw refused(
      path,
      'is not an active agent',
      `Agent ${id} does not exist or is not active, so cannot be the responsible manager`,
    );
}

export async function requireRecipients(
  db: Kysely<Database>,
  organization: { id: number; name: string },
  ids: readonly number[],
  path = 'body.recipientContactIds',
): Promise<number[]> {
  const unique = [...new Set(ids)];
  const found = new Map((await repo.findContacts(db, unique)).map((c) => [c.id, c]));
  unique.forEach((id, i) => {
    const contact = found.get(id);
    if (!contact || contact.organization_id !== organization.id) {
      throw refused(
        `${path}.${i}`,
        `is not a contact of ${organization.name}`,
        `Contact ${id} is not a contact of ${organization.name}; notices go only to the client's own people`,
      );
    }
  });
  return unique;
}

/**
 * Services must exist; newly added ones must be active, since a retired service is no longer sold. Services
 * the agreement already covers may stay even once retired.
 */
export async function requireServices(
  db: Kysely<Database>,
  ids: readonly number[],
  alreadyCovered: ReadonlySet<number> = new Set(),
  path = 'body.serviceIds',
): Promise<number[]> {
  const unique = [...new Set(ids)];
  const found = new Map((await servicesByIds(db, unique)).map((s) => [s.id, s]));
  unique.forEach((id, i) => {
    const service = found.get(id);
    if (!service) throw refused(`${path}.${i}`, 'does not exist', `Service ${id} does not exist`);
    if (service.active !== 1 && !alreadyCovered.has(id))
      throw refused(
        `${path}.${i}`,
        'is retired',
        `Service "${service.name}" is retired (inactive); activate it in the catalogue first`,
      );
  });
  return unique;
}

export async function requireFreeNumber(db: Kysely<Database>, number: string, exceptId?: number): Promise<void> {
  const holder = await repo.findAgreementByNumber(db, number);
  if (holder && holder.id !== exceptId) {
    throw new AppError(
      409,
      'number_taken',
      `Agreement number ${number} is already taken by "${holder.title}" of ${holder.organization_name}; choose another number`,
      {
        errors: [{ path: 'body.number', message: 'is already taken' }],
      },
    );
  }
}

export async function requireAgreement(db: Kysely<Database>, id: number) {
  const agreement = await repo.findAgreement(db, id);
  if (!agreement) throw notFound(`Agreement ${id}`);
  return agreement;
}
