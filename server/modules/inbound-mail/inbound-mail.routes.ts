import { Type, type Static } from '@sinclair/typebox';
import { IdParams, OrNull, Page, problemResponses, type App } from '../../http/types.js';
import type { InboundMessage } from '../../db/schema.js';
import type { Installation } from '../../installation.js';
import {
  actOnInbound,
  getInbound,
  mailReceivers,
  getOrganizationDomains,
  listInboundMessages,
  openInboundRaw,
  setOrganizationDomains,
} from './inbound-mail.admin.js';
import { inboundSettingsFrom } from './inbound-mail.service.js';

const Status = Type.Union([
  Type.Literal('ticket'),
  Type.Literal('comment'),
  Type.Literal('rejected'),
  Type.Literal('held'),
]);

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

const InboundDetailSchema = Type.Composite([
  InboundSchema,
  Type.Object({ bodyHtml: OrNull.String(), quotedText: OrNull.String() }),
]);

type Row = Omit<InboundMessage, 'body_html' | 'quoted_text' | 'message_key'> &
  Partial<Pick<InboundMessage, 'body_html' | 'quoted_text'>>;

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

const presentDetail = (m: InboundMessage): Static<typeof InboundDetailSchema> => ({
  ...present(m),
  bodyHtml: m.body_html,
  quotedText: m.quoted_text,
});

const ReleaseBody = Type.Object(
  {
    ticketId: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'The ticket (id) to post into; default: the ticket the message threaded to',
      }),
    ),
  },
  { additionalProperties: false },
);
const NewTicketBody = Type.Object(
  {
    organizationId: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          "The client of the new ticket; default: by the sender's contact or mail domain, else the unsorted queue",
      }),
    ),
  },
  { additionalProperties: false },
);
const EmptyBody = Type.Object({}, { additionalProperties: false });

/** Actions are often sent as a bare `POST` (a button, curl): no body means an empty one, and the schema still applies. */
const emptyBodyIsObject = async (req: { body: unknown }) => {
  req.body ??= {};
};

const Domains = Type.Object(
  {
    domains: Type.Array(Type.String({ minLength: 3, maxLength: 253, pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+$' }), {
      maxItems: 100,
    }),
  },
  { additionalProperties: false },
);

const ReceiversSchema = Type.Object({
  /** The built-in SMTP receiver, or null when ONDESK_INBOUND_SMTP_PORT is unset. */
  smtp: Type.Union([Type.Object({ port: Type.Integer(), starttls: Type.Boolean() }), Type.Null()]),
  mailboxes: Type.Array(
    Type.Object({
      name: Type.String(),
      host: Type.String(),
      port: Type.Integer(),
      user: Type.String(),
      folder: Type.String(),
      connected: Type.Boolean(),
      lastCheckAt: OrNull.String(),
      lastError: OrNull.String(),
      fetched: Type.Integer(),
    }),
  ),
});

export async function inboundMailRoutes(app: App, opts: { installation: Installation }) {
  const tags = ['inbound mail'];
  const settings = inboundSettingsFrom(opts.installation.config);
  app.get(
    '/mail-receivers',
    {
      schema: {
        tags,
        summary:
          'What receives mail in this process: the SMTP listener and each IMAP mailbox, with its state and last error (admin)',
        response: { 200: ReceiversSchema, ...problemResponses },
      },
    },
    async (req) => mailReceivers(req.ctx(), opts.installation),
  );
  app.get(
    '/inbound-messages',
    {
      schema: {
        tags,
        summary: 'Received mail and what became of it; ?status=rejected|held lists what needs an admin',
        querystring: Type.Object(
          {
            status: Type.Optional(Status),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
          },
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
  app.get(
    '/inbound-messages/:id',
    { schema: { tags, params: IdParams, response: { 200: InboundDetailSchema, ...problemResponses } } },
    async (req) => {
      return presentDetail(await getInbound(req.ctx(), req.params.id));
    },
  );

  // An admin's word on what ingestion held or rejected. Each answers the message as it is afterwards; a message
  // that is no longer held or rejected answers 409 (a second click), so nothing is filed twice.
  const action = { tags, params: IdParams, response: { 200: InboundDetailSchema, ...problemResponses } };
  app.post(
    '/inbound-messages/:id/release',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        ...action,
        summary:
          "Vouch for a held message: post it into its ticket (or ticketId) as the public comment of the sender, who becomes a contact of the ticket's client if not one yet",
        body: ReleaseBody,
      },
    },
    async (req) =>
      presentDetail(
        await actOnInbound(
          req.ctx(),
          req.params.id,
          { kind: 'release', ...(req.body.ticketId !== undefined && { ticketId: req.body.ticketId }) },
          settings,
        ),
      ),
  );
  app.post(
    '/inbound-messages/:id/new-ticket',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        ...action,
        summary:
          "A new ticket from a held or rejected message, for the sender's contact in organizationId (else placed as ingestion places new mail)",
        body: NewTicketBody,
      },
    },
    async (req) =>
      presentDetail(
        await actOnInbound(
          req.ctx(),
          req.params.id,
          {
            kind: 'new_ticket',
            ...(req.body.organizationId !== undefined && { organizationId: req.body.organizationId }),
          },
          settings,
        ),
      ),
  );
  app.post(
    '/inbound-messages/:id/reingest',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        ...action,
        summary:
          'Run ingestion again on the stored original (after contacts or mail domains were fixed); updates this message',
        body: EmptyBody,
      },
    },
    async (req) => presentDetail(await actOnInbound(req.ctx(), req.params.id, { kind: 'reingest' }, settings)),
  );
  app.get(
    '/inbound-messages/:id/raw',
    {
      schema: {
        tags,
        summary: 'The original message (.eml) as received, for audit',
        params: IdParams,
        response: problemResponses,
      },
    },
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
  app.get(
    '/organizations/:id/mail-domains',
    {
      schema: {
        tags,
        summary: "Mail domains whose unknown senders become this client's contacts",
        params: IdParams,
        response: { 200: Domains, ...problemResponses },
      },
    },
    async (req) => ({
      domains: await getOrganizationDomains(req.ctx(), req.params.id),
    }),
  );
  app.put(
    '/organizations/:id/mail-domains',
    { schema: { tags, params: IdParams, body: Domains, response: { 200: Domains, ...problemResponses } } },
    async (req) => ({
      domains: await setOrganizationDomains(req.ctx(), req.params.id, req.body.domains),
    }),
  );
}
