import { Type } from '@sinclair/typebox';
import { IdParams, OrNull, problemResponses, type App } from '../../http/types.js';
import type { Installation } from '../../installation.js';
import * as sms from '../sms/index.js';
import * as notifications from './notification-admin.js';

const Channel = Type.Union([Type.Literal('email'), Type.Literal('sms')]);
const Recipient = Type.Union(notifications.recipientKinds.map((r) => Type.Literal(r)));
const withQuota = { ...problemResponses, 422: Type.Ref('Problem'), 429: Type.Ref('Problem') };

const TemplateParams = Type.Object(
  { event: Type.String({ maxLength: 64 }), language: Type.String({ maxLength: 8 }) },
  { additionalProperties: false },
);
const TemplateBody = Type.Object(
  { subject: Type.String({ minLength: 1, maxLength: 500 }), body: Type.String({ minLength: 1, maxLength: 20_000 }) },
  { additionalProperties: false },
);
const TemplateView = Type.Object({
  event: Type.String(),
  language: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  overridden: Type.Boolean(),
  default: Type.Object({ subject: Type.String(), body: Type.String() }),
  variables: Type.Array(Type.String()),
});

const Rule = Type.Object(
  {
    event: Type.String({ maxLength: 64 }),
    channel: Channel,
    recipient: Recipient,
    agentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const RulesView = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      event: Type.String(),
      channel: Type.String(),
      recipient: Type.String(),
      agentId: OrNull.Integer(),
      enabled: Type.Boolean(),
    }),
  ),
  events: Type.Array(Type.String()),
  /** Events with an editable template: the rule events and the acknowledgement. */
  templateEvents: Type.Array(Type.String()),
  recipients: Type.Array(Type.String()),
  channels: Type.Array(Type.String()),
});
const Mute = Type.Object({ event: Type.String({ maxLength: 64 }), channel: Channel }, { additionalProperties: false });
const PreferencesView = Type.Object({
  mutes: Type.Array(Type.Object({ event: Type.String(), channel: Type.String() })),
  phone: OrNull.String(),
  events: Type.Array(Type.String()),
  channels: Type.Array(Type.String()),
});
const OrgSettings = Type.Object({ organizationId: Type.Integer(), acknowledgeNewTickets: Type.Boolean() });

export async function notificationRoutes(app: App, opts: { installation: Installation }) {
  const config = opts.installation.config;

  {
    const tags = ['notifications'];
    app.get(
      '/notification-templates/:event/:language',
      {
        schema: {
          tags,
          summary: 'A mail template: the admin override or the built-in default',
          params: TemplateParams,
          response: { 200: TemplateView, ...problemResponses },
        },
      },
      async (req) => notifications.getTemplate(req.ctx(), req.params.event, req.params.language),
    );
    app.put(
      '/notification-templates/:event/:language',
      {
        schema: {
          tags,
          summary: 'Override a mail template (admin); {{variables}} are checked',
          params: TemplateParams,
          body: TemplateBody,
          response: { 200: TemplateView, ...problemResponses },
        },
      },
      async (req) => notifications.putTemplate(req.ctx(), req.params.event, req.params.language, req.body),
    );
    app.delete(
      '/notification-templates/:event/:language',
      {
        schema: {
          tags,
          summary: 'Back to the built-in template (admin)',
          params: TemplateParams,
          response: { 200: TemplateView, ...problemResponses },
        },
      },
      async (req) => notifications.resetTemplate(req.ctx(), req.params.event, req.params.language),
    );
    app.get(
      '/notification-rules',
      {
        schema: {
          tags,
          summary: 'Who hears which ticket event on which channel (admin)',
          response: { 200: RulesView, ...problemResponses },
        },
      },
      async (req) => notifications.listRules(req.ctx()),
    );
    app.put(
      '/notification-rules',
      {
        schema: {
          tags,
          summary: 'Replace the notification rules (admin)',
          body: Type.Object({ rules: Type.Array(Rule, { maxItems: 500 }) }, { additionalProperties: false }),
          response: { 200: RulesView, ...problemResponses },
        },
      },
      async (req) => notifications.replaceRules(req.ctx(), req.body.rules),
    );
    app.get(
      '/agents/me/notification-preferences',
      { schema: { tags, summary: 'What I muted', response: { 200: PreferencesView, ...problemResponses } } },
      async (req) => notifications.getPreferences(req.ctx()),
    );
    app.put(
      '/agents/me/notification-preferences',
      {
        schema: {
          tags,
          summary: 'Replace what I muted',
          body: Type.Object({ mutes: Type.Array(Mute, { maxItems: 100 }) }, { additionalProperties: false }),
          response: { 200: PreferencesView, ...problemResponses },
        },
      },
      async (req) => notifications.putPreferences(req.ctx(), req.body),
    );
    app.get(
      '/organizations/:id/notification-settings',
      { schema: { tags, params: IdParams, response: { 200: OrgSettings, ...problemResponses } } },
      async (req) => notifications.getOrganizationSettings(req.ctx(), req.params.id),
    );
    app.put(
      '/organizations/:id/notification-settings',
      {
        schema: {
          tags,
          summary: 'Whether senders of new tickets by e-mail get an acknowledgement',
          params: IdParams,
          body: Type.Object({ acknowledgeNewTickets: Type.Boolean() }, { additionalProperties: false }),
          response: { 200: OrgSettings, ...problemResponses },
        },
      },
      async (req) => notifications.putOrganizationSettings(req.ctx(), req.params.id, req.body),
    );
  }

  {
    const tags = ['sms'];
    app.post(
      '/agents/:id/sms',
      {
        schema: {
          tags,
          summary: "Send a free-text SMS to an agent's phone (admin, manager); refused over the monthly cap",
          params: IdParams,
          body: Type.Object(
            { text: Type.String({ minLength: 1, maxLength: sms.SMS_TEXT_MAX }) },
            { additionalProperties: false },
          ),
          response: {
            202: Type.Object({ outboxId: Type.Integer(), to: Type.String(), status: Type.String() }),
            ...withQuota,
          },
        },
      },
      async (req, reply) =>
        reply.status(202).send(await sms.sendAgentSms(req.ctx(), config, req.params.id, req.body.text)),
    );
    app.get(
      '/sms/counters',
      {
        schema: {
          tags,
          summary: 'SMS sent and refused this month and before, per provider',
          response: {
            200: Type.Object({
              provider: Type.String(),
              month: Type.String(),
              cap: OrNull.Integer(),
              sent: Type.Integer(),
              refused: Type.Integer(),
              history: Type.Array(
                Type.Object({
                  provider: Type.String(),
                  month: Type.String(),
                  sent: Type.Integer(),
                  refused: Type.Integer(),
                }),
              ),
            }),
            ...problemResponses,
          },
        },
      },
      async (req) => sms.smsCounters(req.ctx(), config),
    );
  }
}
