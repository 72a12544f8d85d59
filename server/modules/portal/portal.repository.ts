import { sql, type Insertable, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { ContactSessionTable, Database, PortalVisibility, TicketStatus } from '../../db/schema.js';
import { containsText } from '../../db/text-match.js';
import { ftsQuery, ticketTextFilter } from '../search/index.js';
import type { TicketScope } from './portal.policy.js';
import { dialectOf, jsonText } from '../../db/dialect.js';

/*
 * The portal's only queries. Every read of a ticket, comment or attachment takes the contact's scope and puts
 * it in the WHERE clause (see `scoped`): a row of another organization, or outside the visibility, is never
 * fetched, so there is nothing to filter out afterwards.
 */

/** The scope of a contact as SQL: the organization always, the requester when the visibility says so. */
function scoped<DB, TB extends keyof DB, O>(q: SelectQueryBuilder<DB, TB, O>, scope: TicketScope) {
  let inScope = q.where(sql<boolean>`tickets.organization_id = ${scope.organizationId}`);
  if (scope.contactId !== null) inScope = inScope.where(sql<boolean>`tickets.contact_id = ${scope.contactId}`);
  return inScope;
}

// ---- contacts and sign-in ------------------------------------------------------------------------------------

const contactColumns = [
  'contacts.id',
  'contacts.name',
  'contacts.email',
  'contacts.language',
  'contacts.portal_role as role',
  'contacts.organization_id as organizationId',
  'organizations.name as organizationName',
] as const;

function portalContacts(db: Kysely<Database>) {
  return (
    db
      .selectFrom('contacts')
      .innerJoin('organizations', 'organizations.id', 'contacts.organization_id')
      .leftJoin('organization_portal_settings as ps', 'ps.organization_id', 'contacts.organization_id')
      .select(contactColumns)
      .select([
        sql<PortalVisibility>`coalesce(ps.visibility, 'own')`.as('visibility'),
        sql<number>`coalesce(ps.reopen_days, 14)`.as('reopenDays'),
      ])
      .where('contacts.portal_enabled', '=', 1)
      // A deactivated contact (left the client) is out of the portal at once: sign-in and open sessions alike.
      .where('contacts.active', '=', 1)
      .where(sql<boolean>`coalesce(ps.enabled, 1) = 1`)
  );
}

export type PortalContactRow = NonNullable<Awaited<ReturnType<typeof findPortalContact>>>;

/** A contact who may use the portal now (enabled, and their organization's portal on), by id. */
export function findPortalContact(db: Kysely<Database>, id: number) {
  return portalContacts(db).where('contacts.id', '=', id).executeTakeFirst();
}

/** The contact a sign-in by address means: of several with one address, the first created. */
export function findPortalContactByEmail(db: Kysely<Database>, email: string) {
  // `collate nocase`: the comparison the contacts_email index is built for.
  return portalContacts(db)
    .where(sql<boolean>`contacts.email = ${email} collate nocase`)
    .orderBy('contacts.id')
    .limit(1)
    .executeTakeFirst();
}

export function findPasswordHash(db: Kysely<Database>, contactId: number) {
  return db
    .selectFrom('contact_credentials')
    .select('password_hash')
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
}

export function savePasswordHash(db: Kysely<Database>, contactId: number, hash: string, at: string) {
  return db
    .insertInto('contact_credentials')
    .values({ contact_id: contactId, password_hash: hash, updated_at: at })
    .onConflict((oc) => oc.column('contact_id').doUpdateSet({ password_hash: hash, updated_at: at }))
    .execute();
}

export function updateOwnContact(
  db: Kysely<Database>,
  contact: { id: number; organizationId: number },
  patch: { name?: string; language?: string; updated_at: string },
) {
  return db
    .updateTable('contacts')
    .set(patch)
    .where('id', '=', contact.id)
    .where('organization_id', '=', contact.organizationId)
    .execute();
}

export function insertSession(db: Kysely<Database>, row: Insertable<ContactSessionTable>) {
  return db.insertInto('contact_sessions').values(row).execute();
}

export function findSession(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('contact_sessions')
    .select(['id', 'contact_id', 'csrf_token', 'expires_at', 'last_seen_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function touchSession(db: Kysely<Database>, id: string, at: string, expiresAt: string) {
  return db
    .updateTable('contact_sessions')
    .set({ last_seen_at: at, expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

export function deleteSession(db: Kysely<Database>, id: string) {
  return db.deleteFrom('contact_sessions').where('id', '=', id).execute();
}

export function deleteContactSessions(db: Kysely<Database>, contactId: number, except?: string) {
  let q = db.deleteFrom('contact_sessions').where('contact_id', '=', contactId);
  if (except) q = q.where('id', '!=', except);
  return q.execute();
}

// ---- login links ---------------------------------------------------------------------------------------------

export async function countLinkRequests(db: Kysely<Database>, emailHash: string, since: string) {
  const row = await db
    .selectFrom('portal_link_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email_hash', '=', emailHash)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function recordLinkRequest(db: Kysely<Database>, emailHash: string, at: string) {
  return db.insertInto('portal_link_requests').values({ email_hash: emailHash, at }).execute();
}

export function insertLoginLink(
  db: Kysely<Database>,
  row: { token_hash: string; contact_id: number; created_at: string; expires_at: string },
) {
  return db.insertInto('portal_login_links').values(row).execute();
}

/** Spends a link: answers its contact only for the one caller that marks it used while it is still valid. */
export function spendLoginLink(db: Kysely<Database>, tokenHash: string, now: string) {
  return db
    .updateTable('portal_login_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('contact_id')
    .executeTakeFirst();
}

/** What is no longer of use: expired links, sessions and limit rows older than the limit's hour. */
export async function deleteExpired(db: Kysely<Database>, now: string, hourAgo: string) {
  const links = await db.deleteFrom('portal_login_links').where('expires_at', '<', hourAgo).executeTakeFirst();
  const requests = await db.deleteFrom('portal_link_requests').where('at', '<', hourAgo).executeTakeFirst();
  const sessions = await db.deleteFrom('contact_sessions').where('expires_at', '<', now).executeTakeFirst();
  return {
    links: Number(links.numDeletedRows),
    requests: Number(requests.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
  };
}

// ---- organization settings (agent side) ------------------------------------------------------------------

export function findSettings(db: Kysely<Database>, organizationId: number) {
  return db
    .selectFrom('organizations')
    .leftJoin('organization_portal_settings as ps', 'ps.organization_id', 'organizations.id')
    .select([
      'organizations.id',
      sql<PortalVisibility>`coalesce(ps.visibility, 'own')`.as('visibility'),
      sql<number>`coalesce(ps.reopen_days, 14)`.as('reopenDays'),
      sql<number>`coalesce(ps.enabled, 1)`.as('enabled'),
    ])
    .where('organizations.id', '=', organizationId)
    .executeTakeFirst();
}

export function saveSettings(
  db: Kysely<Database>,
  organizationId: number,
  s: { visibility: PortalVisibility; reopen_days: number; enabled: number; updated_at: string },
) {
  return db
    .insertInto('organization_portal_settings')
    .values({ organization_id: organizationId, ...s })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(s))
    .execute();
}

/** A contact of the organization, for an agent's invitation (any portal state: the caller decides). */
export function findOrganizationContact(db: Kysely<Database>, organizationId: number, contactId: number) {
  return db
    .selectFrom('contacts')
    .select(['id', 'name', 'email', 'language', 'portal_enabled', 'active'])
    .where('id', '=', contactId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

// ---- tickets -------------------------------------------------------------------------------------------------

const listColumns = [
  'tickets.id',
  'tickets.number',
  'tickets.subject',
  'tickets.status',
  'tickets.priority',
  'tickets.service_id as serviceId',
  'services.name as serviceName',
  'tickets.created_at as createdAt',
  'tickets.updated_at as updatedAt',
  'tickets.contact_id as requesterId',
  'requester.name as requesterName',
] as const;

function ticketsWithNames(db: Kysely<Database>) {
  return (
    db
      .selectFrom('tickets')
      .leftJoin('services', 'services.id', 'tickets.service_id')
      // The requester is named only when they are of the same organization (they always are; this keeps it so).
      .leftJoin('contacts as requester', (join) =>
        join
          .onRef('requester.id', '=', 'tickets.contact_id')
          .onRef('requester.organization_id', '=', 'tickets.organization_id'),
      )
  );
}

export interface TicketListFilter {
  statuses: TicketStatus[] | null;
  text?: string;
  /** The id of the last row of the previous page (newest first). */
  beforeId?: number;
  limit: number;
}

export function listTickets(db: Kysely<Database>, scope: TicketScope, filter: TicketListFilter) {
  const text = filter.text?.trim();
  const number = text ? /^#?(\d{1,9})$/.exec(text) : null;
  const match = text && !number ? ftsQuery(text) : null;
  if (match && dialectOf(db) === 'sqlite') return searchTickets(db, scope, filter, match);
  // PostgreSQL: the matching tickets as a subquery of the search module (a GIN lookup), newest first below.
  const words = match && text ? ticketTextFilter(db, text) : null;
  let q = scoped(ticketsWithNames(db).select(listColumns), scope);
  if (filter.statuses) q = q.where('tickets.status', 'in', filter.statuses);
  if (number) q = q.where('tickets.number', '=', Number(number[1]));
  else if (words) q = q.where('tickets.id', 'in', words);
  else if (text) q = q.where(containsText('tickets.subject', text));
  if (filter.beforeId !== undefined) q = q.where('tickets.id', '<', filter.beforeId);
  return q
    .orderBy('tickets.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}

/**
 * A word search: the word index is read newest first (its rowid is the document's key in creation order, see
 * migrations/2026-12-06-036-search-keys.ts) and stops at the page's end, so a common word costs a page, not every
 * ticket that holds it. Only a ticket's own subject and description are in its index entry (kind 'ticket'):
 * never a comment, never an internal note.
 */
function searchTickets(db: Kysely<Database>, scope: TicketScope, filter: TicketListFilter, match: string) {
  let q = scoped(
    db
      .selectFrom('search_index')
      // The key names the document: the ticket id × 4 (+ 0 for a ticket's own text).
      .innerJoin('search_keys', (join) => join.on(sql<boolean>`search_keys.key = search_index.rowid`))
      .innerJoin('tickets', (join) => join.on(sql<boolean>`tickets.id = search_keys.doc / 4`))
      .leftJoin('services', 'services.id', 'tickets.service_id')
      .leftJoin('contacts as requester', (join) =>
        join
          .onRef('requester.id', '=', 'tickets.contact_id')
          .onRef('requester.organization_id', '=', 'tickets.organization_id'),
      )
      .select(listColumns)
      .where(sql<boolean>`search_index match ${match}`)
      .where(sql<boolean>`search_index.rowid % 4 = 0`),
    scope,
  );
  if (filter.statuses) q = q.where('tickets.status', 'in', filter.statuses);
  if (filter.beforeId !== undefined)
    q = q.where(sql<boolean>`search_index.rowid < (select key from search_keys where doc = ${filter.beforeId * 4})`);
  return q
    .orderBy(sql`search_index.rowid`, 'desc')
    .limit(filter.limit + 1)
    .execute();
}

export type PortalTicketListRow = Awaited<ReturnType<typeof listTickets>>[number];

export function findTicket(db: Kysely<Database>, scope: TicketScope, id: number) {
  return scoped(
    ticketsWithNames(db)
      .leftJoin('agreements', (join) =>
        join
          .onRef('agreements.id', '=', 'tickets.agreement_id')
          .onRef('agreements.organization_id', '=', 'tickets.organization_id'),
      )
      .select(listColumns)
      .select([
        'tickets.description',
        'tickets.organization_id as organizationId',
        'tickets.resolved_at as resolvedAt',
        'tickets.closed_at as closedAt',
        'tickets.reaction_due as reactionDue',
        'tickets.resolution_due as resolutionDue',
        'tickets.manual_resolution_due as manualResolutionDue',
        'tickets.sla_state as slaState',
        'agreements.id as agreementId',
        'agreements.number as agreementNumber',
      ])
      .where('tickets.id', '=', id),
    scope,
  ).executeTakeFirst();
}

export type PortalTicketRow = NonNullable<Awaited<ReturnType<typeof findTicket>>>;

/** Public replies of tickets in scope, with their authors' names; internal notes are never selected. */
function publicComments(db: Kysely<Database>, scope: TicketScope) {
  return scoped(
    db
      .selectFrom('comments')
      .innerJoin('tickets', 'tickets.id', 'comments.ticket_id')
      .leftJoin('agents', 'agents.id', 'comments.author_agent_id')
      .leftJoin('contacts', 'contacts.id', 'comments.author_contact_id')
      .select([
        'comments.id',
        'comments.body',
        'comments.created_at as createdAt',
        'comments.author_agent_id as agentId',
        'comments.author_contact_id as contactId',
        'agents.name as agentName',
        'contacts.name as contactName',
      ])
      .where('comments.public', '=', 1),
    scope,
  );
}

export function listPublicComments(db: Kysely<Database>, scope: TicketScope, ticketId: number) {
  return publicComments(db, scope).where('comments.ticket_id', '=', ticketId).orderBy('comments.id').execute();
}

export function findPublicComment(db: Kysely<Database>, scope: TicketScope, commentId: number) {
  return publicComments(db, scope).where('comments.id', '=', commentId).executeTakeFirst();
}

export type PortalCommentRow = NonNullable<Awaited<ReturnType<typeof findPublicComment>>>;

function visibleAttachments(db: Kysely<Database>, scope: TicketScope) {
  return scoped(
    db
      .selectFrom('attachments')
      .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
      .leftJoin('comments', 'comments.id', 'attachments.comment_id')
      .select([
        'attachments.id',
        'attachments.ticket_id as ticketId',
        'attachments.comment_id as commentId',
        'attachments.file_name as fileName',
        'attachments.content_type as contentType',
        'attachments.size',
        'attachments.sha256',
        'attachments.created_at as createdAt',
      ])
      // A file of an internal note is as internal as the note.
      .where((eb) => eb.or([eb('attachments.comment_id', 'is', null), eb('comments.public', '=', 1)])),
    scope,
  );
}

export function listAttachments(db: Kysely<Database>, scope: TicketScope, ticketId: number) {
  return visibleAttachments(db, scope)
    .where('attachments.ticket_id', '=', ticketId)
    .orderBy('attachments.id')
    .execute();
}

export function findAttachment(db: Kysely<Database>, scope: TicketScope, id: number) {
  return visibleAttachments(db, scope).where('attachments.id', '=', id).executeTakeFirst();
}

// ---- agreements and services -------------------------------------------------------------------------------

/** The organization's agreements a client may hear of (drafts are the desk's own business), with their services. */
export function listServiceAgreements(db: Kysely<Database>, organizationId: number) {
  return db
    .selectFrom('agreement_services')
    .innerJoin('agreements', 'agreements.id', 'agreement_services.agreement_id')
    .innerJoin('services', 'services.id', 'agreement_services.service_id')
    .select([
      'services.id as serviceId',
      'services.name as serviceName',
      'agreements.id as agreementId',
      'agreements.number',
      'agreements.status',
      'agreements.tier',
      'agreements.start_date as startDate',
      'agreements.end_date as endDate',
      (eb) =>
        eb
          .selectFrom('agreement_history')
          .select((h) => h.fn.max('agreement_history.at').as('at'))
          .whereRef('agreement_history.agreement_id', '=', 'agreements.id')
          .where('agreement_history.to_status', '=', 'terminated')
          .as('terminatedAt'),
    ])
    .where('agreements.organization_id', '=', organizationId)
    .where('agreements.status', '!=', 'draft')
    .where('services.active', '=', 1)
    .orderBy('services.name')
    .orderBy('services.id')
    .execute();
}

export function listActiveAgreements(db: Kysely<Database>, organizationId: number) {
  return db
    .selectFrom('agreements')
    .leftJoin('calendars', 'calendars.id', 'agreements.calendar_id')
    .select([
      'agreements.id',
      'agreements.number',
      'agreements.title',
      'agreements.status',
      'agreements.tier',
      'agreements.start_date as startsOn',
      'agreements.end_date as endsOn',
      'calendars.name as calendarName',
      jsonText(db, 'calendars.document', 'timezone').as('calendarTimezone'),
    ])
    .where('agreements.organization_id', '=', organizationId)
    .where('agreements.status', '=', 'active')
    .orderBy('agreements.end_date')
    .orderBy('agreements.id')
    .execute();
}

export function listAgreementServices(db: Kysely<Database>, organizationId: number, agreementIds: number[]) {
  if (agreementIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('agreement_services')
    .innerJoin('agreements', 'agreements.id', 'agreement_services.agreement_id')
    .innerJoin('services', 'services.id', 'agreement_services.service_id')
    .select(['agreement_services.agreement_id as agreementId', 'services.id', 'services.name'])
    .where('agreements.organization_id', '=', organizationId)
    .where('agreement_services.agreement_id', 'in', agreementIds)
    .orderBy('services.name')
    .execute();
}

export function listAgreementTargets(db: Kysely<Database>, organizationId: number, agreementIds: number[]) {
  if (agreementIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sla_targets')
    .innerJoin('agreements', 'agreements.id', 'sla_targets.agreement_id')
    .select([
      'sla_targets.agreement_id as agreementId',
      'sla_targets.priority',
      'sla_targets.type',
      'sla_targets.reaction_minutes as reactionMinutes',
      'sla_targets.resolution_minutes as resolutionMinutes',
    ])
    .where('agreements.organization_id', '=', organizationId)
    .where('sla_targets.agreement_id', 'in', agreementIds)
    .orderBy('sla_targets.priority')
    .orderBy('sla_targets.id')
    .execute();
}
