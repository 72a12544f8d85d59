import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import type * as Nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Config } from '../../config/config.js';
import type { Ctx } from '../../context.js';
import { lazyRequire } from '../../shared/lazy-require.js';
import { AttachmentStore } from '../../shared/content-store.js';
import type { DeliveryChannel, OutboxRow } from '../outbox/index.js';
import { headerSafe } from './mail-markers.js';
import { recordMessageId, ticketThread } from './message-ids.js';
import type { TicketMailPayload } from './ticket-notifier.js';

const nodemailer = lazyRequire<typeof Nodemailer>('nodemailer');

/** The domain of our Message-IDs: the desk's own address, so ids stay ours when mail clients quote them. */
export function mailDomain(config: Pick<Config, 'mailFrom' | 'publicUrl'>): string {
  const fromMail = config.mailFrom && /@([A-Za-z0-9.-]+)>?\s*$/.exec(config.mailFrom)?.[1];
  if (fromMail) return fromMail.toLowerCase();
  if (config.publicUrl) return new URL(config.publicUrl).hostname;
  return 'ondesk.invalid';
}

const SINGLE_ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

/** What the outbox row says about its mail: a ticket's thread, a mailed report's files, or nothing. */
type MailPayload = Partial<Omit<TicketMailPayload, 'kind'>> & { kind?: 'ticket' | 'report' | string; files?: unknown };

function parsePayload(row: OutboxRow): MailPayload {
  if (!row.payload) return {};
  try {
    const value = JSON.parse(row.payload) as unknown;
    return typeof value === 'object' && value !== null ? (value as MailPayload) : {};
  } catch {
    return {};
  }
}

/** A mailed report's files, read from the report store when the mail is built (they are durable by then). */
function reportAttachments(ctx: Ctx, payload: { files?: unknown }) {
  const store = new AttachmentStore(join(ctx.filesDir, 'reports'), ctx.durable);
  const files = Array.isArray(payload.files) ? (payload.files as Array<Record<string, unknown>>) : [];
  return files.map((f) => ({
    filename: String(f.name),
    path: store.pathOf(String(f.sha256)),
    contentType: String(f.contentType),
  }));
}

/** The local part of an item's Message-ID: chosen when it was queued (ticket mail) or derived from the row, never per attempt. */
function messageKeyOf(row: OutboxRow, payload: MailPayload) {
  return payload.kind === 'ticket' && payload.messageKey
    ? payload.messageKey
    : `outbox-${row.id}.${Date.parse(row.created_at)}`;
}

/**
 * The nodemailer message of an outbox e-mail. Every header value is one line (CR/LF cannot start a header of
 * their own); machine-written mail says so (RFC 3834), so auto-responders and other desks do not answer it.
 */
export async function buildMail(ctx: Ctx, config: Config, row: OutboxRow) {
  const payload = parsePayload(row);
  const domain = mailDomain(config);
  const messageId = `${messageKeyOf(row, payload)}@${domain}`;
  const to = headerSafe(row.recipient);
  if (!SINGLE_ADDRESS.test(to)) throw new Error(`The recipient "${to.slice(0, 100)}" is not one e-mail address`);
  const automatic = payload.kind === 'ticket' ? payload.automatic !== false : true;
  const thread =
    payload.kind === 'ticket' && payload.ticketId ? await ticketThread(ctx.db, payload.ticketId, messageId) : [];
  const headers: Record<string, string> = {};
  if (automatic) {
    headers['Auto-Submitted'] = 'auto-generated';
    // Exchange's auto-replies honour this one instead of Auto-Submitted.
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  if (payload.kind === 'ticket' && payload.ticketNumber) headers['X-Ondesk-Ticket'] = String(payload.ticketNumber);
  return {
    messageId,
    ticketId: payload.kind === 'ticket' ? (payload.ticketId ?? null) : null,
    commentId: payload.kind === 'ticket' ? (payload.commentId ?? null) : null,
    mail: {
      from: headerSafe(config.mailFrom ?? `Ondesk <noreply@${domain}>`),
      to,
      subject: headerSafe(row.subject ?? ''),
      text: row.body,
      ...(payload.kind === 'ticket' && typeof payload.html === 'string' && { html: payload.html }),
      ...(payload.kind === 'report' && { attachments: reportAttachments(ctx, payload) }),
      messageId: `<${messageId}>`,
      ...(thread.length && { inReplyTo: `<${thread[thread.length - 1]}>`, references: thread.map((id) => `<${id}>`) }),
      headers,
    },
  };
}

/** SMTP answers 5xx when the same message can never be accepted (RFC 5321); 4xx and lost connections pass. */
const smtpPermanent = (err: unknown) => {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

export type MailMessage = Awaited<ReturnType<typeof buildMail>>;

/**
 * How the outbox worker sends e-mail: over the configured SMTP server, each message's Message-ID recorded before
 * it leaves so a reply can always be filed. Null without SMTP: mail then waits in the outbox.
 */
export function mailDeliveryChannel(config: Config): DeliveryChannel<MailMessage> | null {
  if (!config.smtpUrl) return null;
  const transport: Transporter<SMTPTransport.SentMessageInfo> = nodemailer().createTransport(config.smtpUrl, {
    // Shorter than the outbox worker's lease, so an attempt never outlives its claim.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
  } as SMTPTransport.Options);
  return {
    channel: 'email',
    prepare: (ctx, item) => buildMail(ctx, config, item),
    async claimed(tx, item, built, now) {
      // Recorded before the mail leaves: a reply can never arrive for an id we do not know.
      await recordMessageId(tx.db, {
        messageId: built.messageId,
        ticketId: built.ticketId,
        commentId: built.commentId,
        outboxId: item.id,
        recipient: item.recipient,
        direction: 'out',
        at: now.toISOString(),
      });
    },
    async send(_item, built) {
      await transport.sendMail(built.mail);
    },
    isPermanent: smtpPermanent,
    close: () => transport.close(),
  };
}
