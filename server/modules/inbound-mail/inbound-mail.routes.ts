import { Type, type Static } from '@sinclair/typebox';
import { IdParams, OrNull, Page, problemResponses, type App } from '../../http/types.js';
import type { InboundMessage } from '../../db/schema.js';
import { getInbound, getOrganizationDomains, listInboundMessages, openInboundRaw, setOrganizationDomains } from './inbound-mail.admin.js';

const Status = Type.Union([Type.Literal('ticket'), Type.Literal('comment'), Type.Literal('rejected'), Type.Literal('held')]);

const InboundSchema = Type.Object({
  id: Type.Integer(),
  messageId: OrNull.String(),
  source: Type.String(),
  receivedAt: Type.String(),
  from: OrNull.String(),
  fromName: OrNull.String(),
  subject: OrNull.String(),
  status: Status,
  reason: OrNull.String(),
  /** Auto-reply, bounce, list mail: stored, never answered automatically. */
  isAutomatic: Type.Boolean(),
  ticketId: OrNull.Integer(),
  commentId: OrNull.Integer(),
  rawSize: Type.Integer(),
  rawUrl: OrNull.String(),
});

const InboundDetailSchema = Type.Composite([InboundSchema, Type.Object({ bodyHtml: OrNull.String(), quotedText: OrNull.String() })]);

type Row = Omit<InboundMessage, 'body_html' | 'quoted_text' | 'message_key'> & Partial<Pick<InboundMessage, 'body_html' | 'quoted_text'>>;

const present = (m: Row): Static<typeof InboundSchema> => ({
  id: m.id,
  messageId: m.message_id,
  source: m.source,
  receivedAt: m.received_at,
  from: m.from_address,
  fromName: m.from_name,
  subject: m.subject,
  status: m.status,
  reason: m.reason,
  isAutomatic: m.automatic === 1,
  ticketId: m.ticket_id,
  commentId: m.comment_id,
  rawSize: m.raw_size,
  rawUrl: m.raw_sha256 ? `/api/v1/inbound-messages/${m.id}/raw` : null,
});

const Domains = Type.Object({ domains: Type.Array(Type.String({ minLength: 3, maxLength: 253, pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+$' }), { maxItems: 100 }) }, { additionalProperties: false });

export async function inboundMailRoutes(app: App) {
  const tags = ['inbound mail'];
  app.get(
    '/inbound-messages',
    {
      schema: {
        tags,
        summary: 'Received mail and what became of it; ?status=rejected|held lists what needs an admin',
        querystring: Type.Object(
          { status: Type.Optional(Status), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), cursor: Type.Optional(Type.String({ maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: Page(InboundSchema), ...problemResponses },
      },
    },
    async (req) => {
      const page = await listInboundMessages(req.ctx(), req.query);
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );
  app.get('/inbound-messages/:id', { schema: { tags, params: IdParams, response: { 200: InboundDetailSchema, ...problemResponses } } }, async (req) => {
    const row = await getInbound(req.ctx(), req.params.id);
    return { ...present(row), bodyHtml: row.body_html, quotedText: row.quoted_text };
  });
  app.get(
    '/inbound-messages/:id/raw',
    { schema: { tags, summary: 'The original message (.eml) as received, for audit', params: IdParams, response: problemResponses } },
    async (req, reply) => {
      const { stream, size } = await openInboundRaw(req.ctx(), req.params.id);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="message-${req.params.id}.eml"`)
        .header('content-length', String(size))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );
  app.get('/organizations/:id/mail-domains', { schema: { tags, summary: "Mail domains whose unknown senders become this client's contacts", params: IdParams, response: { 200: Domains, ...problemResponses } } }, async (req) => ({
    domains: await getOrganizationDomains(req.ctx(), req.params.id),
  }));
  app.put('/organizations/:id/mail-domains', { schema: { tags, params: IdParams, body: Domains, response: { 200: Domains, ...problemResponses } } }, async (req) => ({
    domains: await setOrganizationDomains(req.ctx(), req.params.id, req.body.domains),
  }));
}
