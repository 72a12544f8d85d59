import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../config/config.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { DomainEventMap } from '../../events/domain-events.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { languageOf } from '../notifications/index.js';
import { enqueue } from '../outbox/index.js';
import { surveyMail, type SurveyLanguage } from './survey-mail.js';
import {
  cleanComment,
  COMMENT_MAX,
  inSample,
  isScore,
  linkAlive,
  summarize,
  TOKEN_PATTERN,
  tokenHash,
  type Score,
} from './survey-rules.js';
import * as repo from './surveys.repository.js';

export interface SurveySettings {
  enabled: boolean;
  samplePercent: number;
  delayMinutes: number;
}

const settingsOf = (row: { enabled: number; sample_percent: number; delay_minutes: number }): SurveySettings => ({
  enabled: row.enabled === 1,
  samplePercent: row.sample_percent,
  delayMinutes: row.delay_minutes,
});

const finished = (status: string) => status === 'resolved' || status === 'closed';

/**
 * Whether a change was a contact's own: a contact actor, or the portal acting for one — the portal's services run
 * the ticket service as the system actor `portal:contact:<id>` (a contact may not update tickets by the policy).
 */
export const isContactsOwnChange = (actor: Actor) =>
  actor.kind === 'contact' || (actor.kind === 'system' && actor.name.startsWith('portal:contact:'));

/**
 * `ticket.updated`: when a ticket's work ends — it moves to resolved, or straight to closed from an open status —
 * a pending survey is created, to be mailed after the delay. Resolved → closed is not a new end (the survey of
 * the resolve stands), and a contact who closes a ticket themselves (see isContactsOwnChange) was not
 * served by anyone and gets none. No survey either without the contact's e-mail, with surveys off for the
 * agreement (or the desk), or when the ticket is outside the sample. A ticket has one survey ever: a reopened and
 * resolved again ticket whose survey is still pending has its sending moved to the new resolve's delay.
 */
export async function createSurveyOnResolve(tx: TxCtx, data: DomainEventMap['ticket.updated']): Promise<void> {
  if (!data.status || !finished(data.status.to) || finished(data.status.from)) return;
  if (isContactsOwnChange(tx.actor)) return;
  const ticket = await repo.ticketForSurvey(tx.db, data.ticketId);
  if (!ticket || ticket.contact_id === null || !ticket.contact_email) return;
  const defaults = await repo.deskDefaults(tx.db);
  const own = ticket.agreement_id === null ? undefined : await repo.agreementSettings(tx.db, ticket.agreement_id);
  const settings = settingsOf(own ?? defaults);
  if (!settings.enabled || !inSample(ticket.id, defaults.sample_secret, settings.samplePercent)) return;
  const now = tx.clock.now();
  const sendAfter = new Date(now.getTime() + settings.delayMinutes * 60_000).toISOString();
  const existing = await repo.surveyOfTicket(tx.db, ticket.id);
  if (existing) {
    if (existing.sent_at === null) await repo.updateSurvey(tx.db, existing.id, { send_after: sendAfter });
    return;
  }
  await repo.insertSurvey(tx.db, {
    ticket_id: ticket.id,
    contact_id: ticket.contact_id,
    language: languageOf(ticket.contact_language),
    send_after: sendAfter,
    created_at: now.toISOString(),
  });
}

/** Where the links of a survey mail point: the desk's public URL, else the address it listens on. */
export function surveyBaseUrl(dataDir: string): string {
  const config = loadConfig({ dataDir });
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = !config.host || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${config.port}`;
}

const BATCH = 200;

/**
 * The `surveys` job: mails every due survey once. Each gets a fresh token whose hash is stored in the same
 * transaction that queues the mail, so a survey is marked sent exactly when its mail exists in the outbox.
 */
export async function surveysJob(ctx: Ctx, opts: { baseUrl?: string } = {}) {
  let baseUrl = opts.baseUrl;
  let sent = 0;
  for (;;) {
    const due = await repo.dueSurveys(ctx.db, ctx.clock.now().toISOString(), BATCH);
    if (due.length === 0) break;
    // Read once a run, and only when something is due: the job runs every minute and mostly finds nothing.
    const url = (baseUrl ??= surveyBaseUrl(ctx.dataDir));
    sent += await inTransaction(ctx, async (tx) => {
      const now = tx.clock.now();
      let n = 0;
      for (const s of due) {
        const token = randomBytes(32).toString('base64url');
        if (!(await repo.markSent(tx.db, s.id, tokenHash(token), now.toISOString()))) continue;
        const mail = surveyMail({
          language: s.language,
          contactName: s.contact_name,
          ticketNumber: s.ticket_number,
          ticketSubject: s.ticket_subject,
          link: `${url}/survey/${token}`,
        });
        await enqueue(
          tx.db,
          {
            channel: 'email',
            recipient: s.contact_email!,
            subject: mail.subject,
            body: mail.body,
            payload: { kind: 'survey', surveyId: s.id },
            dedupeKey: `survey:${s.id}`,
          },
          now,
        );
        n++;
      }
      return n;
    });
    if (due.length < BATCH) break;
  }
  return { sent };
}

export type LinkedSurvey = NonNullable<Awaited<ReturnType<typeof repo.surveyByTokenHash>>>;

/** The survey a link names, refusing tokens nobody issued (404) and links past their days (410). */
async function surveyOfLink(ctx: Ctx, token: string): Promise<LinkedSurvey> {
  const survey = TOKEN_PATTERN.test(token) ? await repo.surveyByTokenHash(ctx.db, tokenHash(token)) : undefined;
  if (!survey || survey.sent_at === null) throw new AppError(404, 'survey_unknown', 'This survey link is unknown');
  if (!linkAlive(survey.sent_at, ctx.clock.now()))
    throw new AppError(410, 'survey_expired', 'This survey link has expired', { language: survey.language });
  return survey;
}

/**
 * A score link was clicked: the score is recorded at once; a later click on another one replaces it. `record`
 * false only checks the link (a HEAD request: link checkers and mail scanners ask, people never do).
 */
export async function answerByLink(
  ctx: Ctx,
  token: string,
  score: number,
  opts: { record?: boolean } = {},
): Promise<LinkedSurvey> {
  const survey = await surveyOfLink(ctx, token);
  if (!isScore(score)) throw new AppError(404, 'survey_unknown', 'A survey score is 1 to 5');
  if (opts.record === false) return survey;
  const answeredAt = ctx.clock.now().toISOString();
  await inTransaction(ctx, (tx) => repo.updateSurvey(tx.db, survey.id, { score, answered_at: answeredAt }));
  return { ...survey, score, answered_at: answeredAt };
}

/**
 * The comment of the thank-you page; the token alone protects it. A comment over the limit is not saved and
 * `saved` is false, so the page can hand the text back for shortening.
 */
export async function commentByLink(
  ctx: Ctx,
  token: string,
  text: string,
): Promise<{ survey: LinkedSurvey; saved: boolean }> {
  const survey = await surveyOfLink(ctx, token);
  const normalized = text.replace(/\r\n/g, '\n').trim();
  if (normalized.length > COMMENT_MAX) return { survey, saved: false };
  const comment = cleanComment(normalized);
  await inTransaction(ctx, (tx) => repo.updateSurvey(tx.db, survey.id, { comment }));
  return { survey: { ...survey, comment }, saved: true };
}

/** The satisfaction of one ticket for the desk: 404 while it has no survey that was sent. */
export async function ticketSatisfaction(ctx: Ctx, ticketId: number) {
  authorize(ctx.actor, 'survey.read');
  const survey = await repo.surveyOfTicket(ctx.db, ticketId);
  if (!survey || survey.sent_at === null) throw notFound(`A satisfaction survey of ticket ${ticketId}`);
  return {
    score: survey.score as Score | null,
    comment: survey.comment,
    answeredAt: survey.answered_at,
    sentAt: survey.sent_at,
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** `from`/`to` as days (to inclusive) or instants; the bounds the queries compare with answered_at. */
function periodBounds(from?: string, to?: string) {
  const bound = (v: string | undefined, field: string, end: boolean) => {
    if (v === undefined) return undefined;
    const instant = DATE.test(v) ? `${v}T00:00:00.000Z` : v;
    const ms = Date.parse(instant);
    if (Number.isNaN(ms)) throw badRequest(`${field} must be a date (YYYY-MM-DD) or an ISO instant`);
    return new Date(end && DATE.test(v) ? ms + 86_400_000 : ms).toISOString();
  };
  const f = bound(from, 'from', false);
  const t = bound(to, 'to', true);
  if (f && t && f >= t) throw badRequest('from must be before to');
  return { from: f, to: t };
}

/** A client's satisfaction: average, count and distribution of the scores answered in the period. */
export async function organizationSatisfaction(
  ctx: Ctx,
  organizationId: number,
  query: { from?: string; to?: string },
) {
  authorize(ctx.actor, 'survey.read');
  const { from, to } = periodBounds(query.from, query.to);
  if (!(await repo.organizationExists(ctx.db, organizationId))) throw notFound(`Organization ${organizationId}`);
  return summarize(await repo.organizationScores(ctx.db, organizationId, from, to));
}

/**
 * The answers given in [from, to), for the reports: the ticket's client, agreement and assignee (null when unassigned: such a
 * score counts for the client only), the score and the instant (epoch ms) it was given.
 */
export async function surveyAnswersBetween(ctx: Ctx, range: { from: string; to: string }) {
  return (await repo.answersBetween(ctx.db, range.from, range.to)).map((r) => ({
    organizationId: r.organization_id,
    agreementId: r.agreement_id,
    agentId: r.assignee_id,
    score: r.score!,
    at: Date.parse(r.answered_at!),
  }));
}

/** An agreement's survey settings, and whether they are its own or the desk's it inherits. */
export async function getAgreementSurveySettings(ctx: Ctx, agreementId: number) {
  authorize(ctx.actor, 'agreement.read');
  if (!(await repo.agreementExists(ctx.db, agreementId))) throw notFound(`Agreement ${agreementId}`);
  const own = await repo.agreementSettings(ctx.db, agreementId);
  return { ...settingsOf(own ?? (await repo.deskDefaults(ctx.db))), inherited: own === undefined };
}

export async function putAgreementSurveySettings(ctx: Ctx, agreementId: number, input: SurveySettings) {
  authorize(ctx.actor, 'survey.manage');
  if (!(await repo.agreementExists(ctx.db, agreementId))) throw notFound(`Agreement ${agreementId}`);
  const row = await inTransaction(ctx, (tx) =>
    repo.upsertAgreementSettings(tx.db, {
      agreement_id: agreementId,
      enabled: input.enabled ? 1 : 0,
      sample_percent: input.samplePercent,
      delay_minutes: input.delayMinutes,
      updated_at: tx.clock.now().toISOString(),
    }),
  );
  return { ...settingsOf(row), inherited: false };
}

/** The agreement follows the desk's settings again. */
export async function resetAgreementSurveySettings(ctx: Ctx, agreementId: number) {
  authorize(ctx.actor, 'survey.manage');
  if (!(await repo.agreementExists(ctx.db, agreementId))) throw notFound(`Agreement ${agreementId}`);
  await inTransaction(ctx, (tx) => repo.deleteAgreementSettings(tx.db, agreementId));
  return getAgreementSurveySettings(ctx, agreementId);
}

/** The desk's settings: tickets without an agreement and agreements without their own follow them. */
export async function getDeskSurveySettings(ctx: Ctx) {
  authorize(ctx.actor, 'survey.read');
  return settingsOf(await repo.deskDefaults(ctx.db));
}

export async function putDeskSurveySettings(ctx: Ctx, input: SurveySettings) {
  authorize(ctx.actor, 'survey.manage');
  const row = await inTransaction(ctx, (tx) =>
    repo.updateDeskDefaults(tx.db, {
      enabled: input.enabled ? 1 : 0,
      sample_percent: input.samplePercent,
      delay_minutes: input.delayMinutes,
      updated_at: tx.clock.now().toISOString(),
    }),
  );
  return settingsOf(row);
}

export type { SurveyLanguage };
