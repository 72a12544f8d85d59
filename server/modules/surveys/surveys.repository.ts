import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, SurveySettingsTable, SurveyTable } from '../../db/schema.js';

/** What deciding on a survey needs of a ticket: its contact (and address), agreement and number. */
export function ticketForSurvey(db: Kysely<Database>, ticketId: number) {
  return db
    .selectFrom('tickets')
    .leftJoin('contacts', 'contacts.id', 'tickets.contact_id')
    .select([
      'tickets.id',
      'tickets.agreement_id',
      'tickets.contact_id',
      'contacts.email as contact_email',
      'contacts.language as contact_language',
    ])
    .where('tickets.id', '=', ticketId)
    .executeTakeFirst();
}

export function deskDefaults(db: Kysely<Database>) {
  return db.selectFrom('survey_defaults').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

export function updateDeskDefaults(
  db: Kysely<Database>,
  patch: { enabled: number; sample_percent: number; delay_minutes: number; updated_at: string },
) {
  return db.updateTable('survey_defaults').set(patch).where('id', '=', 1).returningAll().executeTakeFirstOrThrow();
}

export function agreementSettings(db: Kysely<Database>, agreementId: number) {
  return db.selectFrom('survey_settings').selectAll().where('agreement_id', '=', agreementId).executeTakeFirst();
}

export function upsertAgreementSettings(db: Kysely<Database>, row: Insertable<SurveySettingsTable>) {
  return db
    .insertInto('survey_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('agreement_id').doUpdateSet({
        enabled: row.enabled,
        sample_percent: row.sample_percent,
        delay_minutes: row.delay_minutes,
        updated_at: row.updated_at,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteAgreementSettings(db: Kysely<Database>, agreementId: number) {
  return db.deleteFrom('survey_settings').where('agreement_id', '=', agreementId).executeTakeFirst();
}

export async function agreementExists(db: Kysely<Database>, id: number) {
  return (await db.selectFrom('agreements').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function organizationExists(db: Kysely<Database>, id: number) {
  return (await db.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export function surveyOfTicket(db: Kysely<Database>, ticketId: number) {
  return db.selectFrom('surveys').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
}

/** Creates the ticket's survey unless it has one (one per ticket, enforced by the unique ticket_id). */
export async function insertSurvey(db: Kysely<Database>, row: Insertable<SurveyTable>) {
  const inserted = await db
    .insertInto('surveys')
    .values(row)
    .onConflict((oc) => oc.column('ticket_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export function updateSurvey(db: Kysely<Database>, id: number, patch: Updateable<SurveyTable>) {
  return db.updateTable('surveys').set(patch).where('id', '=', id).executeTakeFirst();
}

/**
 * Pending surveys whose time has come and whose ticket is still resolved or closed (a reopened ticket's survey
 * waits for the next resolve), with what the mail needs. Oldest first, a batch at a time.
 */
export function dueSurveys(db: Kysely<Database>, now: string, limit: number) {
  return db
    .selectFrom('surveys')
    .innerJoin('tickets', 'tickets.id', 'surveys.ticket_id')
    .innerJoin('contacts', 'contacts.id', 'surveys.contact_id')
    .select([
      'surveys.id',
      'surveys.language',
      'tickets.number as ticket_number',
      'tickets.subject as ticket_subject',
      'contacts.name as contact_name',
      'contacts.email as contact_email',
    ])
    .where('surveys.sent_at', 'is', null)
    .where('surveys.send_after', '<=', now)
    .where('tickets.status', 'in', ['resolved', 'closed'])
    .where('contacts.email', 'is not', null)
    .orderBy('surveys.send_after')
    .limit(limit)
    .execute();
}

/** Marks a survey sent with its token's hash; false when another run sent it first. */
export async function markSent(db: Kysely<Database>, id: number, tokenHash: string, now: string) {
  const result = await db
    .updateTable('surveys')
    .set({ token_hash: tokenHash, sent_at: now })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function surveyByTokenHash(db: Kysely<Database>, hash: string) {
  return db
    .selectFrom('surveys')
    .innerJoin('tickets', 'tickets.id', 'surveys.ticket_id')
    .selectAll('surveys')
    .select(['tickets.number as ticket_number', 'tickets.subject as ticket_subject'])
    .where('surveys.token_hash', '=', hash)
    .executeTakeFirst();
}

/** Scores answered in [from, to) of one organization's tickets. */
export async function organizationScores(db: Kysely<Database>, organizationId: number, from?: string, to?: string) {
  let q = db
    .selectFrom('surveys')
    .innerJoin('tickets', 'tickets.id', 'surveys.ticket_id')
    .select('surveys.score')
    .where('tickets.organization_id', '=', organizationId)
    .where('surveys.answered_at', 'is not', null)
    .where('surveys.score', 'is not', null);
  if (from) q = q.where('surveys.answered_at', '>=', from);
  if (to) q = q.where('surveys.answered_at', '<', to);
  return (await q.execute()).map((r) => r.score!);
}

/** Every answer given in [from, to): the ticket's client and assignee, the score and when. */
export function answersBetween(db: Kysely<Database>, from: string, to: string) {
  return db
    .selectFrom('surveys')
    .innerJoin('tickets', 'tickets.id', 'surveys.ticket_id')
    .select([
      'tickets.organization_id',
      'tickets.agreement_id',
      'tickets.assignee_id',
      'surveys.score',
      'surveys.answered_at',
    ])
    .where('surveys.answered_at', '>=', from)
    .where('surveys.answered_at', '<', to)
    .where('surveys.score', 'is not', null)
    .execute();
}
