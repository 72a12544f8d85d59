import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { Config } from '../../config/config.js';
import type { InboundMessageStatus } from '../../db/schema.js';
import { AttachmentStore } from '../attachments/index.js';
import { automaticReason, headerBlock, normalizeMessageId, parseHeaderBlock } from './mail-classify.js';
import * as repo from './inbound-mail.repository.js';
import { decide, mailActor, rejection, resultOf, writeOutcome, type Base } from './mail-filing.js';
import { addressOf, prepareMessage, refusedFromHeaders, tooLarge, type Sender } from './mail-prepare.js';

export interface InboundSettings {
  /** Largest raw message parsed; larger ones are kept raw and listed as rejected. */
  maxBytes: number;
  maxMimeParts: number;
  /** Multipart and message/rfc822 containers: a bound on nesting depth too. */
  maxMimeContainers: number;
  /** Largest single attachment kept as a ticket file; larger ones stay in the raw message with a notice. */
  attachmentMaxBytes: number;
  strangerReplies: 'hold' | 'new_ticket';
  unsortedOrganization: string;
  /** Our own addresses (mailFrom, the watched mailboxes): mail from them never makes a ticket. */
  ownAddresses: string[];
  autoReplyCapPerHour: number;
  /** Seconds a message may take to read on the mail worker; longer: kept raw and listed as rejected. */
  prepareSeconds: number;
}

export const defaultInboundSettings: InboundSettings = {
  maxBytes: 40 * 1024 * 1024,
  maxMimeParts: 1000,
  maxMimeContainers: 100,
  attachmentMaxBytes: 25 * 1024 * 1024,
  strangerReplies: 'hold',
  unsortedOrganization: 'Unsorted mail',
  ownAddresses: [],
  autoReplyCapPerHour: 5,
  prepareSeconds: 10,
};

export function inboundSettingsFrom(config: Config): InboundSettings {
  const own = [config.mailFrom, ...(config.mailboxes ?? []).map((m) => m.user)]
    .map((a) => addressOf(a))
    .filter((a): a is string => a !== null);
  return {
    maxBytes: config.inboundMaxBytes ?? defaultInboundSettings.maxBytes,
    maxMimeParts: config.inboundMaxMimeParts ?? defaultInboundSettings.maxMimeParts,
    maxMimeContainers: defaultInboundSettings.maxMimeContainers,
    attachmentMaxBytes: config.attachmentMaxBytes,
    strangerReplies: config.inboundStrangerReplies ?? 'hold',
    unsortedOrganization: config.inboundUnsortedOrganization ?? defaultInboundSettings.unsortedOrganization,
    ownAddresses: [...new Set(own)],
    autoReplyCapPerHour: config.inboundAutoReplyCapPerHour ?? defaultInboundSettings.autoReplyCapPerHour,
    prepareSeconds: config.inboundPrepareSeconds ?? defaultInboundSettings.prepareSeconds,
  };
}

export interface IngestSource {
  /** `smtp`, `imap`, `test`…; with `name` it is recorded as `kind:name`. */
  kind: string;
  name?: string;
  /** The SMTP envelope sender when known; empty means a bounce. */
  envelopeFrom?: string | null;
}

export type IngestOutcome = InboundMessageStatus | 'duplicate';

export interface IngestResult {
  outcome: IngestOutcome;
  inboundId: number;
  ticketId: number | null;
  commentId: number | null;
  reason: string | null;
  automatic: boolean;
}

export const mailStore = (ctx: Ctx) => new AttachmentStore(join(ctx.filesDir, 'mail'), ctx.durable);

const duplicateOf = (row: {
  id: number;
  ticket_id: number | null;
  comment_id: number | null;
  reason: string | null;
  automatic: number;
}): IngestResult => ({
  outcome: 'duplicate',
  inboundId: row.id,
  ticketId: row.ticket_id,
  commentId: row.comment_id,
  reason: row.reason,
  automatic: row.automatic === 1,
});

/**
 * The one way a received message enters the desk, whichever receiver got it. Idempotent by Message-ID (or the
 * raw's sha256 when it has none): the record of the message is written in the same transaction as the ticket
 * or comment it becomes, so a crash mid-way leaves either both or neither, and a second delivery is a
 * `duplicate`. Never throws for a malformed message: what cannot become a ticket is listed as rejected with
 * its reason. It throws only when the database itself fails — the receiver then keeps the message for later.
 */
export async function ingestRawMessage(
  ctx: Ctx,
  raw: Buffer,
  source: IngestSource,
  settings: InboundSettings = defaultInboundSettings,
  /** `rawStored`: the caller stored the raw already (the SMTP spool), so it is not written twice. */
  opts: { rawStored?: boolean } = {},
): Promise<IngestResult> {
  ctx = { ...ctx, actor: mailActor() };
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const headers = parseHeaderBlock(headerBlock(raw));
  const messageId = normalizeMessageId(
    /<[^<>]+>/.exec(headers.get('message-id')?.[0] ?? '')?.[0] ?? headers.get('message-id')?.[0],
  );
  const key = messageId ? messageId.slice(0, 500) : `sha256:${sha256}`;
  const known = await repo.findByKey(ctx.db, key);
  if (known) return duplicateOf(known);

  // The raw message is kept for audit before anything can go wrong with it.
  if (!opts.rawStored) await mailStore(ctx).put(Readable.from([raw]), Number.MAX_SAFE_INTEGER);
  const base: Base = {
    message_key: key,
    message_id: messageId,
    source: source.name ? `${source.kind}:${source.name}` : source.kind,
    received_at: ctx.clock.now().toISOString(),
    raw_sha256: sha256,
    raw_size: raw.length,
  };
  const automatic = automaticReason(headers, source.envelopeFrom);
  try {
    const prepared = await prepareMessage(ctx, raw, settings);
    return await inTransaction(ctx, async (tx) => {
      const known = await repo.findByKey(tx.db, base.message_key);
      if (known) return duplicateOf(known);
      const decision = prepared.ok
        ? await decide(tx, { mail: prepared.mail, automatic, settings, receivedAt: base.received_at, counted: false })
        : rejection(prepared.reason);
      const inboundId = await writeOutcome(
        tx,
        { insert: base },
        prepared.ok ? prepared.mail : prepared,
        decision,
        automatic,
      );
      return resultOf(inboundId, decision, automatic);
    });
  } catch (err) {
    ctx.log.error({ err, messageKey: key }, 'inbound mail: ingestion failed');
    // Record the failure so the message is listed and never fetched again in a loop; if even that fails the
    // database is down and the receiver must keep the message.
    return rejectWith(
      ctx,
      base,
      { address: addressOf(headers.get('from')?.[0]), name: null },
      headers.get('subject')?.[0] ?? null,
      `ingestion failed: ${(err as Error).message}`,
      automatic,
    );
  }
}

/** For a message too large to fetch into memory (IMAP): its header and the stored raw are recorded as rejected. */
export async function recordOversized(
  ctx: Ctx,
  header: Buffer,
  stored: { sha256: string; size: number },
  source: IngestSource,
  settings: InboundSettings,
) {
  ctx = { ...ctx, actor: mailActor() };
  const headers = parseHeaderBlock(headerBlock(header));
  const messageId = normalizeMessageId(/<[^<>]+>/.exec(headers.get('message-id')?.[0] ?? '')?.[0]);
  const key = messageId ? messageId.slice(0, 500) : `sha256:${stored.sha256}`;
  const known = await repo.findByKey(ctx.db, key);
  if (known) return duplicateOf(known);
  const base: Base = {
    message_key: key,
    message_id: messageId,
    source: source.name ? `${source.kind}:${source.name}` : source.kind,
    received_at: ctx.clock.now().toISOString(),
    raw_sha256: stored.sha256,
    raw_size: stored.size,
  };
  const refused = await refusedFromHeaders(header, tooLarge(stored.size, settings));
  return rejectWith(ctx, base, refused.sender, refused.subject, refused.reason, automaticReason(headers));
}

function rejectWith(
  ctx: Ctx,
  base: Base,
  sender: Sender,
  subject: string | null,
  reason: string,
  automatic: string | null,
): Promise<IngestResult> {
  return inTransaction(ctx, async (tx) => {
    const known = await repo.findByKey(tx.db, base.message_key);
    if (known) return duplicateOf(known);
    const decision = rejection(reason);
    const inboundId = await writeOutcome(tx, { insert: base }, { sender, subject }, decision, automatic);
    return resultOf(inboundId, decision, automatic);
  });
}

export interface MailOrigin {
  ticketId: number;
  /** The comment a message became; absent or null asks about the message that opened the ticket. */
  commentId?: number | null;
}

const originOf = (ctx: Ctx, ref: MailOrigin) => repo.findOrigin(ctx.db, ref.ticketId, ref.commentId ?? null);

/** Whether a ticket (or one of its comments) came from automatic mail; such mail is never answered automatically. */
export async function isAutomatic(ctx: Ctx, ref: MailOrigin): Promise<boolean> {
  return (await originOf(ctx, ref))?.automatic === 1;
}

/**
 * For the outbound side before an acknowledgement or any automatic answer to mail: no for automatic mail,
 * and no once a sender has sent more than the hourly cap (a loop with a desk that does not mark its mail).
 */
export async function mayAnswerAutomatically(
  ctx: Ctx,
  ref: MailOrigin,
  settings: InboundSettings = defaultInboundSettings,
): Promise<{ allowed: boolean; reason: string | null }> {
  const origin = await originOf(ctx, ref);
  if (!origin) return { allowed: true, reason: null };
  if (origin.automatic === 1) return { allowed: false, reason: 'the message was automatic' };
  if (!origin.from_address) return { allowed: false, reason: 'the message has no sender address' };
  const since = new Date(Date.parse(origin.received_at) - 3600_000).toISOString();
  const count = await repo.countFromSince(ctx.db, origin.from_address, since);
  if (count > settings.autoReplyCapPerHour)
    return {
      allowed: false,
      reason: `${origin.from_address} sent ${count} messages within an hour (cap ${settings.autoReplyCapPerHour})`,
    };
  return { allowed: true, reason: null };
}

/** Streams a raw message into the audit store (for messages too large to hold in memory). */
export function storeRawStream(ctx: Ctx, stream: Readable) {
  return mailStore(ctx).put(stream, Number.MAX_SAFE_INTEGER);
}

/** Opens a stored raw message for download. */
export function openRaw(ctx: Ctx, sha256: string) {
  return mailStore(ctx).open(sha256);
}
