import { Type } from '@sinclair/typebox';
import { IdParams, OrNull, problemResponses, type App } from '../../http/types.js';
import * as mailing from './report-mailing.service.js';
import type { SubscriptionRow } from './report-mailing.repository.js';

const Recipient = Type.Union([
  Type.Object({ kind: Type.Literal('agent'), id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('contact'), id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('agreement_recipients') }, { additionalProperties: false }),
]);
const Format = Type.Union([Type.Literal('pdf'), Type.Literal('xlsx'), Type.Literal('csv')]);
const Schedule = Type.Object(
  {
    period: Type.Union([Type.Literal('week'), Type.Literal('month'), Type.Literal('quarter')]),
    workingDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    time: Type.Optional(Type.String({ pattern: '^\\d{2}:\\d{2}$' })),
    calendarId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const CreateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    report: Type.String({ minLength: 1, maxLength: 50 }),
    filters: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 200 }), Type.Integer()]))),
    schedule: Schedule,
    format: Type.Optional(Type.Union([Format, Type.Array(Format, { minItems: 1, maxItems: 3 })])),
    recipients: Type.Array(Recipient, { minItems: 1, maxItems: 50 }),
    language: Type.Optional(Type.Union([Type.Literal('ru'), Type.Literal('en')])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const SubscriptionSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  report: Type.String(),
  filters: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  organizationId: OrNull.Integer(),
  agreementId: OrNull.Integer(),
  schedule: Type.Object({
    period: Type.String(),
    workingDay: Type.Integer(),
    time: Type.String(),
    calendarId: OrNull.Integer(),
  }),
  formats: Type.Array(Type.String()),
  recipients: Type.Array(Type.Object({ kind: Type.String(), id: Type.Optional(Type.Integer()) })),
  language: Type.String(),
  active: Type.Boolean(),
  lastPeriodKey: OrNull.String(),
  createdAt: Type.String(),
});

const present = (s: SubscriptionRow) => ({
  id: s.id,
  name: s.name,
  report: s.report,
  filters: JSON.parse(s.filters) as Record<string, string | number>,
  organizationId: s.organization_id,
  agreementId: s.agreement_id,
  schedule: { period: s.period, workingDay: s.working_day, time: s.send_time, calendarId: s.calendar_id },
  formats: JSON.parse(s.formats) as string[],
  recipients: JSON.parse(s.recipients) as Array<{ kind: string; id?: number }>,
  language: s.language,
  active: s.active === 1,
  lastPeriodKey: s.last_period_key,
  createdAt: s.created_at,
});

const DeliverySchema = Type.Object({
  id: Type.Integer(),
  subscriptionId: Type.Integer(),
  subscriptionName: Type.Optional(Type.String()),
  organizationId: OrNull.Integer(),
  periodKey: Type.String(),
  from: Type.String(),
  to: Type.String(),
  files: Type.Array(Type.Object({ name: Type.String(), size: Type.Integer(), contentType: Type.String() })),
  recipients: Type.Array(Type.String()),
  manual: Type.Boolean(),
  createdAt: Type.String(),
});

const presentDelivery = (d: {
  id: number;
  subscription_id: number;
  subscription_name?: string;
  organization_id: number | null;
  period_key: string;
  period_from: string;
  period_to: string;
  files: string;
  recipients: string;
  manual: number;
  created_at: string;
}) => ({
  id: d.id,
  subscriptionId: d.subscription_id,
  ...(d.subscription_name !== undefined && { subscriptionName: d.subscription_name }),
  organizationId: d.organization_id,
  periodKey: d.period_key,
  from: d.period_from,
  to: d.period_to,
  files: (JSON.parse(d.files) as mailing.StoredFile[]).map((f) => ({
    name: f.name,
    size: f.size,
    contentType: f.contentType,
  })),
  recipients: JSON.parse(d.recipients) as string[],
  manual: d.manual === 1,
  createdAt: d.created_at,
});

const emptyBodyIsObject = async (req: { body: unknown }) => {
  req.body ??= {};
};

export async function reportMailingRoutes(app: App) {
  const tags = ['report mailing'];
  app.post(
    '/report-subscriptions',
    {
      schema: {
        tags,
        summary:
          'Mail a report on a schedule: the last full week, month or quarter, on the Nth working day after it at a local time; the first run sends the last full period at once',
        body: CreateBody,
        response: { 201: SubscriptionSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(present(await mailing.createSubscription(req.ctx(), req.body))),
  );
  app.get(
    '/report-subscriptions',
    {
      schema: {
        tags,
        querystring: Type.Object(
          { organizationId: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(SubscriptionSchema) }), ...problemResponses },
      },
    },
    async (req) => ({ items: (await mailing.listSubscriptions(req.ctx(), req.query)).map(present) }),
  );
  app.get(
    '/report-subscriptions/:id',
    { schema: { tags, params: IdParams, response: { 200: SubscriptionSchema, ...problemResponses } } },
    async (req) => present(await mailing.getSubscription(req.ctx(), req.params.id)),
  );
  app.patch(
    '/report-subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Pause or resume a subscription',
        params: IdParams,
        body: Type.Object({ active: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: SubscriptionSchema, ...problemResponses },
      },
    },
    async (req) => present(await mailing.setSubscriptionActive(req.ctx(), req.params.id, req.body.active)),
  );
  app.delete(
    '/report-subscriptions/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (req, reply) => {
      await mailing.deleteSubscription(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/report-subscriptions/:id/send-now',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        tags,
        summary: 'Send the last full period now (409 when it went out already: it is in the archive)',
        params: IdParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 201: DeliverySchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentDelivery(await mailing.sendNow(req.ctx(), req.params.id))),
  );
  app.get(
    '/report-subscriptions/:id/preview',
    {
      schema: {
        tags,
        summary: "The last full period's report as it would be mailed, sent to nobody",
        params: IdParams,
        querystring: Type.Object({ format: Format }, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const file = await mailing.previewReport(req.ctx(), req.params.id, req.query.format);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.name}"`)
        .header('cache-control', 'no-store')
        .send(file.bytes);
    },
  );
  app.get(
    '/report-deliveries',
    {
      schema: {
        tags,
        summary: 'The archive of mailed reports, newest first (per client with organizationId)',
        querystring: Type.Object(
          {
            organizationId: Type.Optional(Type.Integer({ minimum: 1 })),
            subscriptionId: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            cursor: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(DeliverySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const page = await mailing.listDeliveries(req.ctx(), req.query);
      return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/report-deliveries/:id/files/:index',
    {
      schema: {
        tags,
        params: Type.Object(
          { id: Type.Integer({ minimum: 1 }), index: Type.Integer({ minimum: 0, maximum: 10 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const { file, stream, size } = await mailing.deliveryFile(req.ctx(), req.params.id, req.params.index);
      return reply
        .type(file.contentType)
        .header('content-length', size)
        .header('content-disposition', `attachment; filename="${file.name}"`)
        .send(stream);
    },
  );
}
