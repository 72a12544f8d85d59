import { Type } from '@sinclair/typebox';
import { IdParams, OrNull, problemResponses, type App } from '../../http/types.js';
import type { Installation } from '../../installation.js';
import { webhookEventTypes } from './webhook-events.js';
import type { DeliveryRow, EndpointRow } from './webhooks.repository.js';
import * as webhooks from './webhooks.service.js';

const responses = { ...problemResponses, 422: Type.Ref('Problem') };

const EventList = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 });
const Headers = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 2000 }));
const Payload = Type.Union([Type.Literal('thin'), Type.Literal('full')]);

const CreateBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    events: EventList,
    organizationId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    payload: Type.Optional(Payload),
    headers: Type.Optional(Headers),
    githubSignature: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const PatchBody = Type.Partial(CreateBody, { additionalProperties: false });

const EndpointSchema = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  description: Type.String(),
  events: Type.Array(Type.String()),
  organizationId: OrNull.Integer(),
  payload: Type.String(),
  /** Names only: values often carry the receiver's credentials. */
  headerNames: Type.Array(Type.String()),
  githubSignature: Type.Boolean(),
  active: Type.Boolean(),
  disabledReason: OrNull.String(),
  failingSince: OrNull.String(),
  /** Until when the secret before the last rotation still signs. */
  previousSecretUntil: OrNull.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const present = (e: EndpointRow) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: JSON.parse(e.events) as string[],
  organizationId: e.organization_id,
  payload: e.payload,
  headerNames: Object.keys(JSON.parse(e.headers) as Record<string, string>),
  githubSignature: e.github_signature === 1,
  active: e.active === 1,
  disabledReason: e.disabled_reason,
  failingSince: e.failing_since,
  previousSecretUntil: e.previous_secret_until,
  createdAt: e.created_at,
  updatedAt: e.updated_at,
});

const WithSecret = Type.Object({
  id: Type.Integer(),
  /** Shown this once: the API never returns it again. */
  secret: Type.String(),
  webhook: EndpointSchema,
});

const DeliverySchema = Type.Object({
  id: Type.Integer(),
  webhookId: Type.Integer(),
  messageId: Type.String(),
  eventId: OrNull.Integer(),
  eventType: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: OrNull.String(),
  manual: Type.Boolean(),
  body: Type.String(),
  requestHeaders: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
  responseStatus: OrNull.Integer(),
  responseBody: OrNull.String(),
  durationMs: OrNull.Integer(),
  error: OrNull.String(),
  createdAt: Type.String(),
  lastAttemptAt: OrNull.String(),
});

const presentDelivery = (d: DeliveryRow) => ({
  id: d.id,
  webhookId: d.endpoint_id,
  messageId: d.message_id,
  eventId: d.event_id,
  eventType: d.event_type,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.next_attempt_at,
  manual: d.manual === 1,
  body: d.body,
  requestHeaders: d.request_headers ? (JSON.parse(d.request_headers) as Record<string, string>) : null,
  responseStatus: d.response_status,
  responseBody: d.response_body,
  durationMs: d.duration_ms,
  error: d.error,
  createdAt: d.created_at,
  lastAttemptAt: d.last_attempt_at,
});

const DeliveryParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }), deliveryId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
const SettingsSchema = Type.Object({ allow: Type.Array(Type.String()), allowFromConfig: Type.Array(Type.String()) });

const emptyBodyIsObject = async (req: { body: unknown }) => {
  req.body ??= {};
};

export async function webhookRoutes(app: App, opts: { installation: Installation }) {
  const tags = ['webhooks'];
  const configured = () => opts.installation.config.webhookAllow;

  app.get(
    '/webhooks/event-types',
    {
      schema: {
        tags,
        summary: 'The event types a webhook may subscribe to; `prefix.*` patterns (e.g. `agreement.*`) match a family',
        response: { 200: Type.Object({ items: Type.Array(Type.String()) }), ...responses },
      },
    },
    async () => ({ items: [...webhookEventTypes] }),
  );
  app.get(
    '/webhooks/settings',
    { schema: { tags, summary: 'Private ranges webhooks may call', response: { 200: SettingsSchema, ...responses } } },
    async (req) => webhooks.getWebhookSettings(req.ctx(), configured()),
  );
  app.put(
    '/webhooks/settings',
    {
      schema: {
        tags,
        summary:
          'Sets the private ranges (CIDRs) webhooks may call besides ONDESK_WEBHOOK_ALLOW; loopback, private and link-local addresses are refused otherwise',
        body: Type.Object(
          { allow: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: SettingsSchema, ...responses },
      },
    },
    async (req) => webhooks.putWebhookSettings(req.ctx(), configured(), req.body),
  );
  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary:
          'Sends domain events to a URL, signed by the Standard Webhooks scheme; answers the secret this once (whsec_…)',
        body: CreateBody,
        response: { 201: WithSecret, ...responses },
      },
    },
    async (req, reply) => {
      const { endpoint, secret } = await webhooks.createEndpoint(req.ctx(), configured(), req.body);
      return reply.status(201).send({ id: endpoint.id, secret, webhook: present(endpoint) });
    },
  );
  app.get(
    '/webhooks',
    { schema: { tags, response: { 200: Type.Object({ items: Type.Array(EndpointSchema) }), ...responses } } },
    async (req) => ({ items: (await webhooks.listEndpoints(req.ctx())).map(present) }),
  );
  app.get(
    '/webhooks/:id',
    { schema: { tags, params: IdParams, response: { 200: EndpointSchema, ...responses } } },
    async (req) => present(await webhooks.getEndpoint(req.ctx(), req.params.id)),
  );
  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Changes a webhook; `active: true` turns it back on after it was turned off',
        params: IdParams,
        body: PatchBody,
        response: { 200: EndpointSchema, ...responses },
      },
    },
    async (req) => present(await webhooks.updateEndpoint(req.ctx(), configured(), req.params.id, req.body)),
  );
  app.delete(
    '/webhooks/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...responses } } },
    async (req, reply) => {
      await webhooks.deleteEndpoint(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/webhooks/:id/rotate-secret',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        tags,
        summary: 'A new secret, answered this once; the previous one keeps signing alongside it for 24 hours',
        params: IdParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: WithSecret, ...responses },
      },
    },
    async (req) => {
      const { endpoint, secret } = await webhooks.rotateSecret(req.ctx(), req.params.id);
      return { id: endpoint.id, secret, webhook: present(endpoint) };
    },
  );
  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log of a webhook, newest first (kept 30 days)',
        params: IdParams,
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
            ),
            event: Type.Optional(Type.String({ maxLength: 100 })),
            cursor: Type.Optional(Type.String({ maxLength: 20 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(DeliverySchema), nextCursor: OrNull.String() }),
          ...responses,
        },
      },
    },
    async (req) => {
      const page = await webhooks.listDeliveries(req.ctx(), req.params.id, req.query);
      return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
    },
  );
  app.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        tags,
        summary: 'Sends a message again (same webhook-id and body), after what the endpoint has queued',
        params: DeliveryParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 201: DeliverySchema, ...responses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(presentDelivery(await webhooks.redeliver(req.ctx(), req.params.id, req.params.deliveryId))),
  );
  app.post(
    '/webhooks/:id/redeliver',
    {
      schema: {
        tags,
        summary: 'Sends again every message first sent to the webhook between from and to, in their order',
        params: IdParams,
        body: Type.Object(
          { from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ queued: Type.Integer() }), ...responses },
      },
    },
    async (req, reply) => reply.status(202).send(await webhooks.redeliverRange(req.ctx(), req.params.id, req.body)),
  );
  app.post(
    '/webhooks/:id/test',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        tags,
        summary: 'Queues a `webhook.test` message to the webhook; it shows in the log like any other',
        params: IdParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 201: DeliverySchema, ...responses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(presentDelivery(await webhooks.sendTestEvent(req.ctx(), req.params.id))),
  );
}
