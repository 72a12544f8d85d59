import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { App } from '../../http/types.js';
import type { Installation } from '../../installation.js';
import { systemActor } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { answeredPage, deadLinkPage, languageFromHeader, surveyPagePolicy, type AnsweredView } from './survey-page.js';
import { isScore, type Score } from './survey-rules.js';
import * as surveys from './surveys.service.js';

const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
const ScoreParams = Type.Object(
  { token: Type.String({ maxLength: 100 }), score: Type.String({ maxLength: 10 }) },
  { additionalProperties: false },
);
const CommentBody = Type.Object(
  // Browsers send a textarea's line breaks as CRLF, so the wire form may be longer than the characters typed;
  // the service counts after normalizing and answers a readable page when it is too long.
  { comment: Type.String({ maxLength: 8000 }) },
  { additionalProperties: false },
);

const scoreOf = (n: number | null): Score | null => (n !== null && isScore(n) ? n : null);

type SurveyRow = Awaited<ReturnType<typeof surveys.answerByLink>>;

/** The thank-you page of a survey as it stands now, with what the page says above its comment form. */
const answered = (s: SurveyRow, token: string, state: AnsweredView['state'], draft?: string) =>
  answeredPage({
    language: s.language,
    token,
    score: scoreOf(s.score),
    comment: s.comment,
    ticketNumber: s.ticket_number,
    ticketSubject: s.ticket_subject,
    state,
    ...(draft !== undefined && { draft }),
  });

const html = (reply: FastifyReply, status: number, body: string) =>
  reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', surveyPagePolicy)
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex, nofollow')
    .send(body);

/**
 * The pages a contact reaches from a survey mail, outside /api and without a login: `GET /survey/:token/:score`
 * records the score at once and shows the thank-you page with a comment form; `POST /survey/:token` saves the
 * comment. The token in the address is the only credential, so nothing here reads a session.
 */
export async function surveyPageRoutes(app: App, opts: { installation: Installation }) {
  const ctx = () => opts.installation.ctx(systemActor('survey'));
  // Fastify parses no form bodies; this scope (the survey routes only) reads the one small form it posts.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 32 * 1024 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  const dead = (reply: FastifyReply, err: unknown, accept: string | undefined) => {
    if (err instanceof AppError && (err.code === 'survey_unknown' || err.code === 'survey_expired')) {
      const language = (err.details?.language as 'ru' | 'en' | undefined) ?? languageFromHeader(accept);
      return err.status === 410
        ? html(reply, 410, deadLinkPage(language, 'expired'))
        : html(reply, 404, deadLinkPage(language, 'unknown'));
    }
    throw err;
  };

  app.get('/survey/:token/:score', { schema: { hide: true, params: ScoreParams } }, async (req, reply) => {
    const score = /^[1-5]$/.test(req.params.score) ? Number(req.params.score) : NaN;
    try {
      const s = await surveys.answerByLink(ctx(), req.params.token, score, { record: req.method !== 'HEAD' });
      return html(reply, 200, answered(s, req.params.token, 'scored'));
    } catch (err) {
      return dead(reply, err, req.headers['accept-language']);
    }
  });

  app.post('/survey/:token', { schema: { hide: true, params: TokenParams, body: CommentBody } }, async (req, reply) => {
    try {
      const { survey: s, saved } = await surveys.commentByLink(ctx(), req.params.token, req.body.comment);
      // A refused comment comes back in the form: nothing typed is lost.
      return saved
        ? html(reply, 200, answered(s, req.params.token, 'comment_saved'))
        : html(reply, 400, answered(s, req.params.token, 'comment_too_long', req.body.comment));
    } catch (err) {
      return dead(reply, err, req.headers['accept-language']);
    }
  });
}
