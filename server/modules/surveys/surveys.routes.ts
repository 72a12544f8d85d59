import { Type } from '@sinclair/typebox';
import { IdParams, OrNull, problemResponses, type App } from '../../http/types.js';
import * as surveys from './surveys.service.js';

const Settings = Type.Object(
  {
    enabled: Type.Boolean(),
    samplePercent: Type.Integer({ minimum: 0, maximum: 100 }),
    delayMinutes: Type.Integer({ minimum: 0, maximum: 43200 }),
  },
  { additionalProperties: false },
);
const AgreementSettings = Type.Object({
  enabled: Type.Boolean(),
  samplePercent: Type.Integer(),
  delayMinutes: Type.Integer(),
  /** True while the agreement follows the desk's settings (it has none of its own). */
  inherited: Type.Boolean(),
});
const TicketSatisfaction = Type.Object({
  score: OrNull.Integer(),
  comment: OrNull.String(),
  answeredAt: OrNull.String(),
  sentAt: Type.String(),
});
const Summary = Type.Object({
  average: OrNull.Number(),
  count: Type.Integer(),
  distribution: Type.Object({
    1: Type.Integer(),
    2: Type.Integer(),
    3: Type.Integer(),
    4: Type.Integer(),
    5: Type.Integer(),
  }),
});
const Period = Type.Object(
  {
    from: Type.Optional(Type.String({ minLength: 10, maxLength: 30 })),
    to: Type.Optional(Type.String({ minLength: 10, maxLength: 30 })),
  },
  { additionalProperties: false },
);

/** The desk's side of satisfaction surveys: scores of a ticket and of a client, and the settings. */
export async function surveyRoutes(app: App) {
  const tags = ['satisfaction'];
  app.get(
    '/tickets/:id/satisfaction',
    {
      schema: {
        tags,
        summary: "The ticket's satisfaction survey: its score and comment once answered (404 until one was sent)",
        params: IdParams,
        response: { 200: TicketSatisfaction, ...problemResponses },
      },
    },
    async (req) => surveys.ticketSatisfaction(req.ctx(), req.params.id),
  );
  app.get(
    '/organizations/:id/satisfaction',
    {
      schema: {
        tags,
        summary:
          "A client's satisfaction: average, count and distribution of scores answered in the period (from/to: dates, to inclusive)",
        params: IdParams,
        querystring: Period,
        response: { 200: Summary, ...problemResponses },
      },
    },
    async (req) => surveys.organizationSatisfaction(req.ctx(), req.params.id, req.query),
  );
  app.get(
    '/agreements/:id/survey-settings',
    {
      schema: {
        tags,
        summary: "An agreement's survey settings (inherited: it follows the desk's)",
        params: IdParams,
        response: { 200: AgreementSettings, ...problemResponses },
      },
    },
    async (req) => surveys.getAgreementSurveySettings(req.ctx(), req.params.id),
  );
  app.put(
    '/agreements/:id/survey-settings',
    {
      schema: {
        tags,
        summary: 'Sets whether resolved tickets of the agreement get a survey, the sampled percent and the delay',
        params: IdParams,
        body: Settings,
        response: { 200: AgreementSettings, ...problemResponses },
      },
    },
    async (req) => surveys.putAgreementSurveySettings(req.ctx(), req.params.id, req.body),
  );
  app.delete(
    '/agreements/:id/survey-settings',
    {
      schema: {
        tags,
        summary: "The agreement follows the desk's survey settings again",
        params: IdParams,
        response: { 200: AgreementSettings, ...problemResponses },
      },
    },
    async (req) => surveys.resetAgreementSurveySettings(req.ctx(), req.params.id),
  );
  app.get(
    '/survey-settings',
    {
      schema: {
        tags,
        summary:
          "The desk's survey settings: tickets without an agreement, and agreements without their own, follow them",
        response: { 200: Settings, ...problemResponses },
      },
    },
    async (req) => surveys.getDeskSurveySettings(req.ctx()),
  );
  app.put(
    '/survey-settings',
    {
      schema: { tags, body: Settings, response: { 200: Settings, ...problemResponses } },
    },
    async (req) => surveys.putDeskSurveySettings(req.ctx(), req.body),
  );
}
