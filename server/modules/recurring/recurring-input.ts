import type { Kysely } from 'kysely';
import type { Database, RecurringKind } from '../../db/schema.js';
import { badRequest } from '../../shared/errors.js';
import { parseDate } from './billing-dates.js';
import { parseHost } from './live-check.js';
import * as repo from './recurring.repository.js';

export interface RecurringInput {
  organizationId: number;
  kind: RecurringKind;
  name: string;
  vendor?: string | null;
  costKopecks?: number;
  priceKopecks?: number;
  vatRate?: number | null;
  billingEveryMonths: number;
  nextBillingDate: string;
  expiresOn?: string | null;
  host?: string | null;
  liveCheck?: boolean;
  notifyContactId?: number | null;
  managerId?: number | null;
  notes?: string | null;
  active?: boolean;
}

export type RecurringPatch = Partial<Omit<RecurringInput, 'organizationId'>>;

const fieldError = (path: string, message: string, human: string) =>
  badRequest(human, { errors: [{ path: `body.${path}`, message }] });

/** `path` names the field as the request has it: `body.expiresOn`, `querystring.from`. */
export function dateField(value: string, path: string, what: string): string {
  const date = parseDate(value);
  if (!date)
    throw badRequest(`${what} "${value}" is not a date; use YYYY-MM-DD`, {
      errors: [{ path, message: 'is not a date' }],
    });
  return date;
}

/** Empty text means "none". */
export const optionalText = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

export function cleanName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw fieldError('name', 'is empty', 'A recurring service needs a name, e.g. example.ru');
  return trimmed;
}

export function cleanHost(host: string | null | undefined): string | null {
  const value = optionalText(host);
  if (value === null) return null;
  if (!parseHost(value))
    throw fieldError(
      'host',
      'is not a host',
      `"${value}" is not a host name with an optional :port, e.g. example.ru:443`,
    );
  return value.toLowerCase();
}

/** The billing contact must be a person of the same client: reminders about one client never reach another. */
export async function checkContact(db: Kysely<Database>, organizationId: number, contactId: number | null) {
  if (contactId === null) return;
  const contact = await repo.findContact(db, contactId);
  if (!contact)
    throw fieldError(
      'notifyContactId',
      'not found',
      `Contact ${contactId} was not found; choose a contact of the client`,
    );
  if (contact.organization_id !== organizationId)
    throw fieldError(
      'notifyContactId',
      'another organization',
      `${contact.name} is a contact of another client; choose a contact of this client`,
    );
}

export async function checkManager(db: Kysely<Database>, managerId: number | null) {
  if (managerId === null) return;
  const agent = await repo.findAgent(db, managerId);
  if (!agent || agent.active !== 1)
    throw fieldError('managerId', 'not an active agent', `Agent ${managerId} was not found among active agents`);
}
