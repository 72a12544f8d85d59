import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ParsedMail, Attachment as MailAttachment, AddressObject } from 'mailparser';
import { lazyRequire } from '../../shared/lazy-require.js';

const mailparser = lazyRequire<typeof import('mailparser')>('mailparser');
import type { Ctx, TxCtx } from '../../context.js';
import { inTransaction, systemActor } from '../../context.js';
import type { Config } from '../../config/config.js';
import type { InboundMessageStatus } from '../../db/schema.js';
import { AttachmentStore } from '../attachments/attachment-store.js';
import { safeFileName } from '../attachments/file-name.js';
import { recordAttached } from '../attachments/attachments.repository.js';
import { addComment, createTicket } from '../tickets/tickets.service.js';
import { createContact, createOrganization } from '../organizations/organizations.service.js';
import { ticketNumberFromSubject } from '../notifications/mail-markers.js';
import { automaticReason, domainOf, headerBlock, mimeShape, normalizeMessageId, parseHeaderBlock, referencedIds } from './mail-classify.js';
import { boundedText, foldReply, htmlToText, sanitizeMailHtml } from './mail-text.js';
import * as repo from './inbound-mail.repository.js';

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
};

const addressOf = (text: string | undefined) => /[^\s<>"]+@[^\s<>"]+/.exec(text ?? '')?.[0]?.toLowerCase() ?? null;

export function inboundSettingsFrom(config: Config): InboundSettings {
  const own = [config.mailFrom, ...(config.mailboxes ?? []).map((m) => m.user)].map((a) => addressOf(a)).filter((a): a is string => a !== null);
  return {
    maxBytes: config.inboundMaxBytes ?? defaultInboundSettings.maxBytes,
    maxMimeParts: config.inboundMaxMimeParts ?? defaultInboundSettings.maxMimeParts,
    maxMimeContainers: defaultInboundSettings.maxMimeContainers,
    attachmentMaxBytes: config.attachmentMaxBytes,
    strangerReplies: config.inboundStrangerReplies ?? 'hold',
    unsortedOrganization: config.inboundUnsortedOrganization ?? defaultInboundSettings.unsortedOrganization,
    ownAddresses: [...new Set(own)],
    autoReplyCapPerHour: config.inboundAutoReplyCapPerHour ?? defaultInboundSettings.autoReplyCapPerHour,
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

const UNSORTED_SETTING = 'inbound_mail.unsorted_organization_id';
const mailActor = () => systemActor('inbound-mail');
const mailStore = (ctx: Ctx) => new AttachmentStore(join(ctx.dataDir, 'mail'));
const fileStore = (ctx: Ctx) => new AttachmentStore(join(ctx.dataDir, 'attachments'));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface Base {
  message_key: string;
  message_id: string | null;
  source: string;
  received_at: string;
  raw_sha256: string;
  raw_size: number;
}

interface Sender {
  address: string | null;
  name: string | null;
}

function senderOf(from: AddressObject | AddressObject[] | undefined): Sender {
  const list = Array.isArray(from) ? from : from ? [from] : [];
  for (const group of list) {
    for (const v of group.value) {
      const address = addressOf(v.address);
      if (address) return { address, name: v.name?.trim() || null };
    }
  }
  return { address: null, name: null };
}

const duplicateOf = (row: { id: number; ticket_id: number | null; comment_id: number | null; reason: string | null; automatic: number }): IngestResult => ({
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
export async function ingestRawMessage(ctx: Ctx, raw: Buffer, source: IngestSource, settings: InboundSettings = defaultInboundSettings): Promise<IngestResult> {
  ctx = { ...ctx, actor: mailActor() };
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const headers = parseHeaderBlock(headerBlock(raw));
  const messageId = normalizeMessageId(/<[^<>]+>/.exec(headers.get('message-id')?.[0] ?? '')?.[0] ?? headers.get('message-id')?.[0]);
  const key = messageId ? messageId.slice(0, 500) : `sha256:${sha256}`;
  const known = await repo.findByKey(ctx.db, key);
  if (known) return duplicateOf(known);

  // The raw message is kept for audit before anything can go wrong with it.
  await mailStore(ctx).put(Readable.from([raw]), Number.MAX_SAFE_INTEGER);
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
    if (raw.length > settings.maxBytes) {
      return await rejectFromHeaders(ctx, base, raw, `too large: ${mb(raw.length)} is over the limit of ${mb(settings.maxBytes)}; the original is kept`, automatic);
    }
    const shape = mimeShape(raw);
    if (shape.parts > settings.maxMimeParts || shape.containers > settings.maxMimeContainers) {
      return await rejectFromHeaders(
        ctx,
        base,
        raw,
        `MIME bomb refused: ${shape.parts} parts and ${shape.containers} nested containers (limits ${settings.maxMimeParts} and ${settings.maxMimeContainers})`,
        automatic,
      );
    }
    let parsed: ParsedMail;
    try {
      parsed = await mailparser().simpleParser(raw, { keepCidLinks: true, skipTextToHtml: true, skipTextLinks: true });
    } catch (err) {
      return await rejectFromHeaders(ctx, base, raw, `unreadable message: ${(err as Error).message}`, automatic);
    }
    return await fileParsed(ctx, base, parsed, automatic, settings);
  } catch (err) {
    ctx.log.error({ err, messageKey: key }, 'inbound mail: ingestion failed');
    // Record the failure so the message is listed and never fetched again in a loop; if even that fails the
    // database is down and the receiver must keep the message.
    return rejectWith(ctx, base, { address: addressOf(headers.get('from')?.[0]), name: null }, headers.get('subject')?.[0] ?? null, `ingestion failed: ${(err as Error).message}`, automatic);
  }
}

/** For a message too large to fetch into memory (IMAP): its header and the stored raw are recorded as rejected. */
export async function recordOversized(ctx: Ctx, header: Buffer, stored: { sha256: string; size: number }, source: IngestSource, settings: InboundSettings) {
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
  return rejectFromHeaders(ctx, base, header, `too large: ${mb(stored.size)} is over the limit of ${mb(settings.maxBytes)}; the original is kept`, automaticReason(headers));
}

async function rejectFromHeaders(ctx: Ctx, base: Base, raw: Buffer, reason: string, automatic: string | null) {
  // Only the header block is parsed: it decodes encoded words in From and Subject without touching the body.
  const head = await mailparser().simpleParser(Buffer.from(`${headerBlock(raw)}\r\n\r\n`, 'latin1')).catch(() => null);
  return rejectWith(ctx, base, senderOf(head?.from), head?.subject ?? null, reason, automatic);
}

function rejectWith(ctx: Ctx, base: Base, sender: Sender, subject: string | null, reason: string, automatic: string | null): Promise<IngestResult> {
  return inTransaction(ctx, async (tx) => {
    const known = await repo.findByKey(tx.db, base.message_key);
    if (known) return duplicateOf(known);
    const row = await repo.insertInbound(tx.db, {
      ...base,
      from_address: sender.address,
      from_name: sender.name,
      subject: subject === null ? null : boundedText(subject, 500),
      status: 'rejected',
      reason,
      automatic: automatic ? 1 : 0,
      ticket_id: null,
      comment_id: null,
      body_html: null,
      quoted_text: null,
    });
    return { outcome: 'rejected' as const, inboundId: row.id, ticketId: null, commentId: null, reason, automatic: automatic !== null };
  });
}

interface StoredFile {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  cid: string | null;
}

/** Attachments and inline images go to the content-hash store before the transaction (files are not transactional; a stored file nobody references is harmless). */
async function storeAttachments(ctx: Ctx, attachments: MailAttachment[], settings: InboundSettings) {
  const files: StoredFile[] = [];
  const notices: string[] = [];
  for (const [i, a] of attachments.entries()) {
    const fileName = safeFileName(a.filename || (a.contentType === 'application/ms-tnef' ? 'winmail.dat' : `part-${i + 1}${extensionOf(a.contentType)}`));
    const size = a.content?.length ?? 0;
    if (size > settings.attachmentMaxBytes) {
      notices.push(`The file "${fileName}" (${mb(size)}) is larger than the limit of ${mb(settings.attachmentMaxBytes)}; it is kept in the original message.`);
      continue;
    }
    const stored = await fileStore(ctx).put(Readable.from([a.content ?? Buffer.alloc(0)]), Number.MAX_SAFE_INTEGER);
    const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(a.contentType ?? '') ? a.contentType : 'application/octet-stream';
    files.push({ fileName, contentType, size: stored.size, sha256: stored.sha256, cid: a.cid ? a.cid.replace(/^<|>$/g, '') : null });
  }
  return { files, notices };
}

function extensionOf(contentType: string): string {
  const known: Record<string, string> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'message/rfc822': '.eml', 'text/calendar': '.ics', 'application/pdf': '.pdf', 'text/plain': '.txt' };
  return known[contentType] ?? '.bin';
}

interface Decision {
  status: InboundMessageStatus;
  reason: string | null;
  ticketId: number | null;
  commentId: number | null;
}

async function fileParsed(ctx: Ctx, base: Base, parsed: ParsedMail, automatic: string | null, settings: InboundSettings): Promise<IngestResult> {
  const sender = senderOf(parsed.from);
  const subject = boundedText((parsed.subject ?? '').replace(/[\r\n]+/g, ' ').trim(), 250) || '(no subject)';
  if (sender.address && settings.ownAddresses.includes(sender.address)) {
    return rejectWith(ctx, base, sender, subject, `mail from our own address ${sender.address} never makes a ticket`, automatic);
  }

  const { files, notices } = await storeAttachments(ctx, parsed.attachments ?? [], settings);
  const placeholder = (i: number) => `__ondesk_attachment_${i}__`;
  const html = parsed.html
    ? sanitizeMailHtml(parsed.html, (cid) => {
        const i = files.findIndex((f) => f.cid === cid);
        return i === -1 ? null : `/api/v1/attachments/${placeholder(i)}/download`;
      })
    : null;
  const text = boundedText(parsed.text?.trim() ? parsed.text : html ? htmlToText(html) : '', 200_000);
  const folded = foldReply(text);
  const fresh = [folded.fresh || (files.length > 0 ? '(no text; see the attached files)' : '(no text)'), ...notices].join('\n\n');
  const refs = referencedIds(parsed.inReplyTo, parsed.references);
  const subjectNumber = ticketNumberFromSubject(subject);

  return inTransaction(ctx, async (tx) => {
    const known = await repo.findByKey(tx.db, base.message_key);
    if (known) return duplicateOf(known);
    const decision = await decide(tx, { sender, subject, fresh, refs, subjectNumber, automatic, settings, hasAttachments: files.length > 0 });
    const row = await repo.insertInbound(tx.db, {
      ...base,
      from_address: sender.address,
      from_name: sender.name ? boundedText(sender.name, 200) : null,
      subject,
      status: decision.status,
      reason: decision.reason,
      automatic: automatic ? 1 : 0,
      ticket_id: decision.ticketId,
      comment_id: decision.commentId,
      body_html: null,
      quoted_text: folded.history ? boundedText(folded.history, 200_000) : null,
    });
    let bodyHtml = html;
    if (decision.ticketId !== null && (decision.status === 'ticket' || decision.status === 'comment')) {
      const at = base.received_at;
      for (const [i, f] of files.entries()) {
        const att = await tx.db
          .insertInto('attachments')
          .values({ ticket_id: decision.ticketId, comment_id: decision.commentId, file_name: f.fileName, content_type: f.contentType, size: f.size, sha256: f.sha256, uploaded_by_agent_id: null, created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAttached(tx.db, { ticketId: decision.ticketId, actor: null, at, fileName: f.fileName });
        if (bodyHtml) bodyHtml = bodyHtml.split(placeholder(i)).join(String(att.id));
      }
      if (base.message_id) await repo.insertRefs(tx.db, decision.ticketId, row.id, [base.message_id]);
    }
    if (bodyHtml) await tx.db.updateTable('inbound_messages').set({ body_html: bodyHtml }).where('id', '=', row.id).execute();
    return { outcome: decision.status, inboundId: row.id, ticketId: decision.ticketId, commentId: decision.commentId, reason: decision.reason, automatic: automatic !== null };
  });
}

interface DecideInput {
  sender: Sender;
  subject: string;
  fresh: string;
  refs: string[];
  subjectNumber: number | null;
  automatic: string | null;
  settings: InboundSettings;
  hasAttachments: boolean;
}

async function decide(tx: TxCtx, input: DecideInput): Promise<Decision> {
  const { sender, automatic, settings } = input;
  const catchAll = await catchAllOrganization(tx, settings, false);
  let target = await repo.findTicketByMessageIds(tx.db, input.refs);
  let via = 'In-Reply-To/References';
  if (!target && input.subjectNumber !== null) {
    const t = await repo.findTicketByNumber(tx.db, input.subjectNumber);
    if (t) {
      target = { ticketId: t.id, recipient: null, via: 'message-id' };
      via = `the subject token [#${t.number}]`;
    }
  }
  let strangerNote: string | null = null;
  if (target) {
    const p = await repo.ticketParticipants(tx.db, target.ticketId, catchAll);
    if (p) {
      const address = sender.address;
      const contact = address ? p.contacts.find((c) => c.email?.toLowerCase() === address) : undefined;
      const agent = address ? p.agents.find((a) => a.email.toLowerCase() === address) : undefined;
      const known = address !== null && (p.senders.includes(address) || target.recipient?.toLowerCase() === address);
      if (contact || agent || known) {
        // Automatic mail and agents' mail become internal notes: an out-of-office reply must not count as the
        // client's answer (it would restart the SLA clock), and an agent's mail is not a reply to the client.
        const internal = automatic !== null || agent !== undefined;
        const body = automatic ? `Automatic message (${automatic}):\n\n${input.fresh}` : input.fresh;
        const comment = await addComment(tx, p.ticket.id, { body, public: !internal });
        await tx.db
          .updateTable('comments')
          .set({ author_contact_id: agent ? null : (contact?.id ?? null), author_agent_id: agent?.id ?? null })
          .where('id', '=', comment.id)
          .execute();
        return { status: 'comment', reason: `threaded by ${via}`, ticketId: p.ticket.id, commentId: comment.id };
      }
      const who = address ?? 'a sender without an address';
      if (settings.strangerReplies === 'hold' || automatic) {
        return { status: 'held', reason: `${who} is not a participant of ticket #${p.ticket.number} (matched by ${via}); held for an admin`, ticketId: p.ticket.id, commentId: null };
      }
      strangerNote = `${who} is not a participant of ticket #${p.ticket.number} (matched by ${via}); filed as a new ticket`;
    }
  }
  if (automatic) return { status: 'rejected', reason: `automatic mail (${automatic}): stored, makes no ticket`, ticketId: null, commentId: null };

  const placement = await placeSender(tx, sender, settings);
  const ticket = await createTicket(tx, {
    subject: input.subject,
    description: input.fresh,
    organizationId: placement.organizationId,
    contactId: placement.contactId,
    type: 'request',
    priority: 'P3',
    channel: 'email',
    tags: placement.unsorted ? ['unsorted'] : [],
  });
  return { status: 'ticket', reason: strangerNote ?? placement.note, ticketId: ticket.id, commentId: null };
}

/** The client a new message belongs to: by the sender's contact, else by the sender's domain, else the catch-all. */
async function placeSender(tx: TxCtx, sender: Sender, settings: InboundSettings) {
  if (sender.address) {
    const contact = await repo.findContactByEmail(tx.db, sender.address);
    if (contact) return { organizationId: contact.organization_id, contactId: contact.id, unsorted: false, note: null };
    const domain = domainOf(sender.address);
    const owner = domain ? await repo.findOrganizationByDomain(tx.db, domain) : undefined;
    if (owner) {
      const created = await createContact(tx, owner.organization_id, { name: sender.name ?? sender.address.split('@')[0]!, email: sender.address });
      return { organizationId: owner.organization_id, contactId: created.id, unsorted: false, note: `new contact ${sender.address} by the domain ${domain}` };
    }
  }
  const organizationId = (await catchAllOrganization(tx, settings, true))!;
  return { organizationId, contactId: null, unsorted: true, note: `unknown sender ${sender.address ?? '(no address)'}: unsorted` };
}

async function catchAllOrganization(tx: TxCtx, settings: InboundSettings, create: boolean): Promise<number | null> {
  const setting = await tx.db.selectFrom('settings').select('value').where('key', '=', UNSORTED_SETTING).executeTakeFirst();
  if (setting) {
    const org = await tx.db.selectFrom('organizations').select('id').where('id', '=', Number(setting.value)).executeTakeFirst();
    if (org) return org.id;
  }
  if (!create) return null;
  const org = await createOrganization(tx, { name: settings.unsortedOrganization, notes: 'Mail from senders no client could be matched to. Move each ticket to its client.', tags: ['unsorted'] });
  await tx.db
    .insertInto('settings')
    .values({ key: UNSORTED_SETTING, value: String(org.id) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(org.id) }))
    .execute();
  return org.id;
}

export interface MailOrigin {
  ticketId: number;
  /** The comment a message became; absent or null asks about the message that opened the ticket. */
  commentId?: number | null;
}

async function originOf(ctx: Ctx, ref: MailOrigin) {
  let q = ctx.db.selectFrom('inbound_messages').select(['id', 'automatic', 'from_address', 'received_at']).where('ticket_id', '=', ref.ticketId);
  q = ref.commentId != null ? q.where('comment_id', '=', ref.commentId) : q.where('status', '=', 'ticket');
  return q.orderBy('id').limit(1).executeTakeFirst();
}

/** Whether a ticket (or one of its comments) came from automatic mail; such mail is never answered automatically. */
export async function isAutomatic(ctx: Ctx, ref: MailOrigin): Promise<boolean> {
  return (await originOf(ctx, ref))?.automatic === 1;
}

/**
 * For the outbound side before an acknowledgement or any automatic answer to mail: no for automatic mail,
 * and no once a sender has sent more than the hourly cap (a loop with a desk that does not mark its mail).
 */
export async function mayAnswerAutomatically(ctx: Ctx, ref: MailOrigin, settings: InboundSettings = defaultInboundSettings): Promise<{ allowed: boolean; reason: string | null }> {
  const origin = await originOf(ctx, ref);
  if (!origin) return { allowed: true, reason: null };
  if (origin.automatic === 1) return { allowed: false, reason: 'the message was automatic' };
  if (!origin.from_address) return { allowed: false, reason: 'the message has no sender address' };
  const since = new Date(Date.parse(origin.received_at) - 3600_000).toISOString();
  const count = await repo.countFromSince(ctx.db, origin.from_address, since);
  if (count > settings.autoReplyCapPerHour) return { allowed: false, reason: `${origin.from_address} sent ${count} messages within an hour (cap ${settings.autoReplyCapPerHour})` };
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
