import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ParsedMail, Attachment as MailAttachment, AddressObject } from 'mailparser';
import { lazyRequire } from '../../shared/lazy-require.js';

const mailparser = lazyRequire<typeof import('mailparser')>('mailparser');
import type { Ctx, TxCtx } from '../../context.js';
import { agentId, inTransaction, systemActor } from '../../context.js';
import { badRequest, conflict, notFound } from '../../shared/errors.js';
import type { Config } from '../../config/config.js';
import type { InboundMessageStatus } from '../../db/schema.js';
import { AttachmentStore } from '../attachments/attachment-store.js';
import { safeFileName } from '../attachments/file-name.js';
import { recordAttached } from '../attachments/attachments.repository.js';
import { addComment, createTicket } from '../tickets/tickets.service.js';
import { createContact, createOrganization } from '../organizations/organizations.service.js';
import { ticketNumberFromSubject } from '../notifications/mail-markers.js';
import { NO_AUTOREPLY_TAG } from '../notifications/notifications.service.js';
import { automaticReason, domainOf, headerBlock, mimeShape, normalizeMessageId, parseHeaderBlock, referencedIds } from './mail-classify.js';
import { boundedText, foldReply, htmlToText, sanitizeMailHtml } from './mail-text.js';
import { isTnef, readTnef } from './tnef.js';
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
    const prepared = await prepareMessage(ctx, raw, settings);
    return await inTransaction(ctx, async (tx) => {
      const known = await repo.findByKey(tx.db, base.message_key);
      if (known) return duplicateOf(known);
      const decision = prepared.ok
        ? await decide(tx, { mail: prepared.mail, automatic, settings, receivedAt: base.received_at, counted: false })
        : rejection(prepared.reason);
      const inboundId = await writeOutcome(tx, { insert: base }, prepared.ok ? prepared.mail : prepared, decision, automatic);
      return resultOf(inboundId, decision, automatic);
    });
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
  const refused = await refusedFromHeaders(header, tooLarge(stored.size, settings));
  return rejectWith(ctx, base, refused.sender, refused.subject, refused.reason, automaticReason(headers));
}

const tooLarge = (size: number, settings: InboundSettings) => `too large: ${mb(size)} is over the limit of ${mb(settings.maxBytes)}; the original is kept`;

function rejectWith(ctx: Ctx, base: Base, sender: Sender, subject: string | null, reason: string, automatic: string | null): Promise<IngestResult> {
  return inTransaction(ctx, async (tx) => {
    const known = await repo.findByKey(tx.db, base.message_key);
    if (known) return duplicateOf(known);
    const decision = rejection(reason);
    const inboundId = await writeOutcome(tx, { insert: base }, { sender, subject }, decision, automatic);
    return resultOf(inboundId, decision, automatic);
  });
}

interface StoredFile {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  cid: string | null;
}

/** A message parsed, its files stored: what filing it as a ticket or comment needs. */
interface FilableMail {
  sender: Sender;
  subject: string;
  /** Sanitised HTML whose inline images point at `placeholder(i)` until their attachment rows exist. */
  html: string | null;
  files: StoredFile[];
  /** What the sender wrote now, with notices about files kept only in the original. */
  fresh: string;
  /** The quoted history folded away. */
  quoted: string | null;
  refs: string[];
  subjectNumber: number | null;
}

/** Why a message cannot be filed (too large, a MIME bomb, unreadable, our own), with what its header tells. */
interface RefusedMail {
  sender: Sender;
  subject: string | null;
  reason: string;
}

type Prepared = { ok: true; mail: FilableMail } | ({ ok: false } & RefusedMail);

const placeholder = (i: number) => `__ondesk_attachment_${i}__`;

/**
 * Parses a raw message within the limits and stores its files. The same for a message just received and for
 * one an admin files again, so both end the same: the same text, the same files, the same inline images.
 */
async function prepareMessage(ctx: Ctx, raw: Buffer, settings: InboundSettings): Promise<Prepared> {
  if (raw.length > settings.maxBytes) return refusedFromHeaders(raw, tooLarge(raw.length, settings));
  const shape = mimeShape(raw);
  if (shape.parts > settings.maxMimeParts || shape.containers > settings.maxMimeContainers) {
    return refusedFromHeaders(raw, `MIME bomb refused: ${shape.parts} parts and ${shape.containers} nested containers (limits ${settings.maxMimeParts} and ${settings.maxMimeContainers})`);
  }
  let parsed: ParsedMail;
  try {
    parsed = await mailparser().simpleParser(raw, { keepCidLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch (err) {
    return refusedFromHeaders(raw, `unreadable message: ${(err as Error).message}`);
  }
  const sender = senderOf(parsed.from);
  const subject = boundedText((parsed.subject ?? '').replace(/[\r\n]+/g, ' ').trim(), 250) || '(no subject)';
  if (sender.address && settings.ownAddresses.includes(sender.address)) {
    return { ok: false, sender, subject, reason: `mail from our own address ${sender.address} never makes a ticket` };
  }

  const unpacked = unpackTnef(parsed.attachments ?? []);
  const { files, notices } = await storeAttachments(ctx, unpacked.attachments, settings);
  // Outlook's "rich text" mail can carry its only body inside winmail.dat.
  const sourceHtml = parsed.html || (!parsed.text?.trim() && unpacked.html) || null;
  const sourceText = parsed.text?.trim() ? parsed.text : !sourceHtml && unpacked.body ? unpacked.body : undefined;
  const html = sourceHtml
    ? sanitizeMailHtml(sourceHtml, (cid) => {
        const i = files.findIndex((f) => f.cid === cid);
        return i === -1 ? null : `/api/v1/attachments/${placeholder(i)}/download`;
      })
    : null;
  const text = boundedText(sourceText ?? (html ? htmlToText(html) : ''), 200_000);
  const folded = foldReply(text);
  const fresh = [folded.fresh || (files.length > 0 ? '(no text; see the attached files)' : '(no text)'), ...notices].join('\n\n');
  return {
    ok: true,
    mail: {
      sender,
      subject,
      html,
      files,
      fresh,
      quoted: folded.history ? boundedText(folded.history, 200_000) : null,
      refs: referencedIds(parsed.inReplyTo, parsed.references),
      subjectNumber: ticketNumberFromSubject(subject),
    },
  };
}

async function refusedFromHeaders(raw: Buffer, reason: string): Promise<{ ok: false } & RefusedMail> {
  // Only the header block is parsed: it decodes encoded words in From and Subject without touching the body.
  const head = await mailparser().simpleParser(Buffer.from(`${headerBlock(raw)}\r\n\r\n`, 'latin1')).catch(() => null);
  return { ok: false, sender: senderOf(head?.from), subject: head?.subject ?? null, reason };
}

const isTnefPart = (a: MailAttachment) =>
  /^application\/(vnd\.)?ms-tnef$/i.test(a.contentType ?? '') || /^winmail\.dat$/i.test(a.filename ?? '');

/**
 * winmail.dat parts are replaced by the files inside them, so agents get the documents rather than a file no
 * one can open. A part that cannot be read (or holds no file) stays as it came.
 */
function unpackTnef(attachments: MailAttachment[]): { attachments: MailAttachment[]; body: string | null; html: string | null } {
  let body: string | null = null;
  let html: string | null = null;
  const out: MailAttachment[] = [];
  for (const a of attachments) {
    if (!isTnefPart(a) || !a.content || !isTnef(a.content)) {
      out.push(a);
      continue;
    }
    const read = readTnef(a.content);
    body ??= read.body;
    html ??= read.html;
    if (read.files.length === 0) {
      if (read.problem) out.push(a);
      continue;
    }
    for (const f of read.files) {
      out.push({ ...a, filename: f.name, contentType: f.contentType ?? 'application/octet-stream', content: f.data, size: f.data.length, cid: f.contentId ?? undefined, contentId: f.contentId ? `<${f.contentId}>` : undefined, related: Boolean(f.contentId) } as MailAttachment);
    }
    if (read.problem) out.push(a);
  }
  return { attachments: out, body, html };
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

const rejection = (reason: string): Decision => ({ status: 'rejected', reason, ticketId: null, commentId: null });

const resultOf = (inboundId: number, d: Decision, automatic: string | null): IngestResult => ({
  outcome: d.status,
  inboundId,
  ticketId: d.ticketId,
  commentId: d.commentId,
  reason: d.reason,
  automatic: automatic !== null,
});

/** A new row for a message just received, or the row of a message an admin files again. */
type Slot = { insert: Base } | { update: number; messageId: string | null };

/**
 * Writes what became of a message, in the transaction of the decision: its row, and when it became a ticket
 * or comment, its files (inline images re-pointed at them) and its Message-ID for threading later replies.
 */
async function writeOutcome(tx: TxCtx, slot: Slot, mail: FilableMail | Pick<RefusedMail, 'sender' | 'subject'>, decision: Decision, automatic: string | null): Promise<number> {
  const filable = 'files' in mail ? mail : null;
  const fields = {
    from_address: mail.sender.address,
    from_name: mail.sender.name ? boundedText(mail.sender.name, 200) : null,
    subject: mail.subject === null ? null : boundedText(mail.subject, 500),
    status: decision.status,
    reason: decision.reason,
    ticket_id: decision.ticketId,
    comment_id: decision.commentId,
    body_html: null,
    quoted_text: filable?.quoted ?? null,
  };
  let id: number;
  let messageId: string | null;
  if ('insert' in slot) {
    id = (await repo.insertInbound(tx.db, { ...slot.insert, ...fields, automatic: automatic ? 1 : 0 })).id;
    messageId = slot.insert.message_id;
  } else {
    id = slot.update;
    messageId = slot.messageId;
    await tx.db.updateTable('inbound_messages').set(fields).where('id', '=', id).execute();
  }
  let bodyHtml = filable?.html ?? null;
  if (filable && decision.ticketId !== null && (decision.status === 'ticket' || decision.status === 'comment')) {
    const at = tx.clock.now().toISOString();
    for (const [i, f] of filable.files.entries()) {
      const att = await tx.db
        .insertInto('attachments')
        .values({ ticket_id: decision.ticketId, comment_id: decision.commentId, file_name: f.fileName, content_type: f.contentType, size: f.size, sha256: f.sha256, uploaded_by_agent_id: null, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAttached(tx.db, { ticketId: decision.ticketId, actor: null, at, fileName: f.fileName });
      if (bodyHtml) bodyHtml = bodyHtml.split(placeholder(i)).join(String(att.id));
    }
    if (messageId) await repo.insertRefs(tx.db, decision.ticketId, id, [messageId]);
  }
  if (bodyHtml) await tx.db.updateTable('inbound_messages').set({ body_html: bodyHtml }).where('id', '=', id).execute();
  return id;
}

interface DecideInput {
  mail: FilableMail;
  automatic: string | null;
  settings: InboundSettings;
  /** When the message arrived: the per-sender cap counts the hour before it. */
  receivedAt: string;
  /** Whether the message's own row already exists (and so is counted by the cap). */
  counted: boolean;
}

async function decide(tx: TxCtx, input: DecideInput): Promise<Decision> {
  const { mail, automatic, settings } = input;
  const { sender } = mail;
  const catchAll = await catchAllOrganization(tx, settings, false);
  let target = await repo.findTicketByMessageIds(tx.db, mail.refs);
  let via = 'In-Reply-To/References';
  if (!target && mail.subjectNumber !== null) {
    const t = await repo.findTicketByNumber(tx.db, mail.subjectNumber);
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
        const commentId = await postMailComment(tx, p.ticket.id, { fresh: mail.fresh, automatic, contactId: contact?.id ?? null, agentId: agent?.id ?? null });
        return { status: 'comment', reason: `threaded by ${via}`, ticketId: p.ticket.id, commentId };
      }
      const who = address ?? 'a sender without an address';
      if (settings.strangerReplies === 'hold' || automatic) {
        return { status: 'held', reason: `${who} is not a participant of ticket #${p.ticket.number} (matched by ${via}); held for an admin`, ticketId: p.ticket.id, commentId: null };
      }
      strangerNote = `${who} is not a participant of ticket #${p.ticket.number} (matched by ${via}); filed as a new ticket`;
    }
  }
  if (automatic) return rejection(`automatic mail (${automatic}): stored, makes no ticket`);

  const placement = await placeSender(tx, sender, settings);
  const ticketId = await openMailTicket(tx, input, placement);
  return { status: 'ticket', reason: strangerNote ?? placement.note, ticketId, commentId: null };
}

/**
 * A message as a comment. Automatic mail and agents' mail become internal notes: an out-of-office reply must
 * not count as the client's answer (it would restart the SLA clock), and an agent's mail is not a reply to
 * the client. Posted by the mail actor, so the SLA sees a client's reply, never an agent's.
 */
async function postMailComment(tx: TxCtx, ticketId: number, c: { fresh: string; automatic: string | null; contactId: number | null; agentId: number | null }): Promise<number> {
  const mailTx: TxCtx = { ...tx, actor: mailActor() };
  const internal = c.automatic !== null || c.agentId !== null;
  const body = c.automatic ? `Automatic message (${c.automatic}):\n\n${c.fresh}` : c.fresh;
  const comment = await addComment(mailTx, ticketId, { body, public: !internal });
  await tx.db
    .updateTable('comments')
    .set({ author_contact_id: c.agentId !== null ? null : c.contactId, author_agent_id: c.agentId })
    .where('id', '=', comment.id)
    .execute();
  return comment.id;
}

interface Placement {
  organizationId: number;
  contactId: number | null;
  unsorted: boolean;
  note: string | null;
}

/**
 * A new ticket from a message, by the mail actor (channel email). Tagged so it is never acknowledged when the
 * message was automatic or its sender is past the hourly cap: answering those is how two desks end up
 * mailing each other forever.
 */
async function openMailTicket(tx: TxCtx, input: DecideInput, placement: Placement): Promise<number> {
  const mailTx: TxCtx = { ...tx, actor: mailActor() };
  const silent = input.automatic !== null || (await overCap(tx, input.mail.sender.address, input.receivedAt, input.settings, input.counted));
  const ticket = await createTicket(mailTx, {
    subject: input.mail.subject,
    description: input.mail.fresh,
    organizationId: placement.organizationId,
    contactId: placement.contactId,
    type: 'request',
    priority: 'P3',
    channel: 'email',
    tags: [...(placement.unsorted ? ['unsorted'] : []), ...(silent ? [NO_AUTOREPLY_TAG] : [])],
  });
  return ticket.id;
}

/** Whether a sender wrote more than the hourly cap up to this message (the same count mayAnswerAutomatically makes). */
async function overCap(tx: TxCtx, address: string | null, receivedAt: string, settings: InboundSettings, counted: boolean): Promise<boolean> {
  if (!address) return false;
  const since = new Date(Date.parse(receivedAt) - 3600_000).toISOString();
  const count = (await repo.countFromSince(tx.db, address, since)) + (counted ? 0 : 1);
  return count > settings.autoReplyCapPerHour;
}

/** The client a new message belongs to: by the sender's contact, else by the sender's domain, else the catch-all. */
async function placeSender(tx: TxCtx, sender: Sender, settings: InboundSettings): Promise<Placement> {
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

// ---- An admin's actions on held and rejected messages ----

export type RefileAction =
  /** Post into the ticket it threaded to (or `ticketId`) as the sender's comment: the admin vouches for the sender. */
  | { kind: 'release'; ticketId?: number }
  /** A new ticket for the sender, in `organizationId` or wherever ingestion would place the sender. */
  | { kind: 'new_ticket'; organizationId?: number }
  /** Ingestion again, after contacts or mail domains were fixed. */
  | { kind: 'reingest' };

const refileVerbs: Record<RefileAction['kind'], { action: string; verb: string }> = {
  release: { action: 'mail_released', verb: 'released' },
  new_ticket: { action: 'mail_filed', verb: 'filed as a new ticket' },
  reingest: { action: 'mail_reingested', verb: 'reingested' },
};

/** What a message became, for the 409 of a second click: only held and rejected messages wait for an admin. */
async function assertWaiting(db: Ctx['db'], row: { id: number; status: InboundMessageStatus; ticket_id: number | null }) {
  if (row.status === 'held' || row.status === 'rejected') return;
  const number = row.ticket_id === null ? null : await repo.ticketNumberOf(db, row.ticket_id);
  const where = number === null ? 'a ticket that was since deleted' : `ticket #${number}`;
  throw conflict(
    row.status === 'ticket' ? `Message ${row.id} already became ${where}` : `Message ${row.id} already became a comment in ${where}`,
    // Not `status`: details are spread into the problem body, whose status is the HTTP one.
    { messageStatus: row.status, ticketId: row.ticket_id },
  );
}

/** The stored original; only its header when it is over the size limit (it is never parsed then). */
async function readStoredRaw(ctx: Ctx, row: { id: number; raw_sha256: string | null }, settings: InboundSettings): Promise<{ raw: Buffer; complete: boolean }> {
  const missing = () => conflict(`The original of message ${row.id} is not in the mail store; it cannot be filed again`);
  if (!row.raw_sha256) throw missing();
  const { stream, size } = await openRaw(ctx, row.raw_sha256).catch(() => {
    throw missing();
  });
  const complete = size <= settings.maxBytes;
  const limit = complete ? size : 256 * 1024;
  const chunks: Buffer[] = [];
  let got = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      got += chunk.length;
      if (got >= limit) break;
    }
  } finally {
    stream.destroy();
  }
  return { raw: Buffer.concat(chunks), complete };
}

/**
 * Files a held or rejected message again at an admin's word, through the same steps as ingestion (the same
 * parsing, files, inline images, loop protections), into the message's own row: no second row, and its own
 * Message-ID does not make it a duplicate of itself. The status is checked again inside the transaction, so
 * of two clicks one files the message and the other is told what it became; nothing is posted twice.
 * The admin is named in the row's reason and in the ticket's history.
 */
export async function refileInbound(ctx: Ctx, id: number, action: RefileAction, settings: InboundSettings = defaultInboundSettings): Promise<void> {
  const by = ctx.actor;
  const row = await repo.findInbound(ctx.db, id);
  if (!row) throw notFound(`Inbound message ${id}`);
  await assertWaiting(ctx.db, row);

  const mailCtx: Ctx = { ...ctx, actor: mailActor() };
  const { raw, complete } = await readStoredRaw(ctx, row, settings);
  // The SMTP envelope is not stored: a message received as a bounce keeps the mark it got then.
  const automatic = automaticReason(parseHeaderBlock(headerBlock(raw))) ?? (row.automatic === 1 ? 'marked automatic when it was received' : null);
  const prepared = complete ? await prepareMessage(mailCtx, raw, settings) : await refusedFromHeaders(raw, tooLarge(row.raw_size, settings));
  if (!prepared.ok && action.kind !== 'reingest') throw conflict(`Message ${id} cannot be filed: ${prepared.reason}`);

  const { action: historyAction, verb } = refileVerbs[action.kind];
  const who = by.kind === 'agent' ? `${by.name} (agent ${by.id})` : by.name;
  await inTransaction(mailCtx, async (tx) => {
    const current = await repo.findInbound(tx.db, id);
    if (!current) throw notFound(`Inbound message ${id}`);
    await assertWaiting(tx.db, current);
    let decision: Decision;
    if (!prepared.ok) {
      decision = rejection(prepared.reason);
    } else {
      const input: DecideInput = { mail: prepared.mail, automatic, settings, receivedAt: current.received_at, counted: true };
      if (action.kind === 'release') decision = await releaseInto(tx, input, current, action.ticketId);
      else if (action.kind === 'new_ticket') decision = await newTicketFor(tx, input, action.organizationId);
      else decision = await decide(tx, input);
    }
    decision = { ...decision, reason: `${verb} by ${who}${decision.reason ? `: ${decision.reason}` : ''}` };
    const mail = prepared.ok ? prepared.mail : prepared;
    await writeOutcome(tx, { update: id, messageId: current.message_id }, mail, decision, automatic);
    if (decision.ticketId !== null && (decision.status === 'ticket' || decision.status === 'comment')) {
      const from = mail.sender.address ?? 'a sender without an address';
      await repo.insertHistoryLine(tx.db, {
        ticketId: decision.ticketId,
        agentId: agentId(by),
        at: tx.clock.now().toISOString(),
        action: historyAction,
        text: `inbound message ${id} from ${from} ${verb} by ${who}`,
      });
    }
  });
}

/** Release: the message becomes the sender's comment in the ticket; a sender the client does not have yet becomes its contact. */
async function releaseInto(tx: TxCtx, input: DecideInput, row: { id: number; ticket_id: number | null }, ticketId: number | undefined): Promise<Decision> {
  const target = ticketId ?? row.ticket_id;
  if (target === null) {
    throw badRequest(`Message ${row.id} did not thread into any ticket; say which ticket to release it into (ticketId)`, { errors: [{ path: 'body.ticketId', message: 'is required for this message' }] });
  }
  const catchAll = await catchAllOrganization(tx, input.settings, false);
  const p = await repo.ticketParticipants(tx.db, target, catchAll);
  if (!p) throw badRequest(`Ticket ${target} does not exist`, { errors: [{ path: 'body.ticketId', message: 'does not exist' }] });
  const { sender } = input.mail;
  const address = sender.address;
  const agent = address ? p.agents.find((a) => a.email.toLowerCase() === address) : undefined;
  let contactId = (address ? p.contacts.find((c) => c.email?.toLowerCase() === address)?.id : undefined) ?? null;
  let note = '';
  // The catch-all client's contacts would route the sender's next mail there as if it were a client: a
  // sender released into an unsorted ticket stays without a contact until an agent moves the ticket.
  if (!agent && contactId === null && address && !p.senders.includes(address) && p.ticket.organization_id !== catchAll) {
    const created = await createContact({ ...tx, actor: mailActor() }, p.ticket.organization_id, { name: sender.name ?? address.split('@')[0]!, email: address });
    contactId = created.id;
    note = `; new contact ${address} of the ticket's client`;
  }
  const commentId = await postMailComment(tx, p.ticket.id, { fresh: input.mail.fresh, automatic: input.automatic, contactId, agentId: agent?.id ?? null });
  return { status: 'comment', reason: `into ticket #${p.ticket.number}${note}`, ticketId: p.ticket.id, commentId };
}

/** A new ticket: in the organization given (the sender its contact), else placed as ingestion places new mail. */
async function newTicketFor(tx: TxCtx, input: DecideInput, organizationId: number | undefined): Promise<Decision> {
  let placement: Placement;
  if (organizationId === undefined) {
    placement = await placeSender(tx, input.mail.sender, input.settings);
  } else {
    const org = await repo.findOrganizationName(tx.db, organizationId);
    if (!org) throw badRequest(`Organization ${organizationId} does not exist`, { errors: [{ path: 'body.organizationId', message: 'does not exist' }] });
    const unsorted = org.id === (await catchAllOrganization(tx, input.settings, false));
    const address = input.mail.sender.address;
    if (unsorted || !address) {
      placement = { organizationId: org.id, contactId: null, unsorted, note: `in ${org.name}` };
    } else {
      const existing = await repo.findContactInOrganization(tx.db, org.id, address);
      const contactId = existing?.id ?? (await createContact({ ...tx, actor: mailActor() }, org.id, { name: input.mail.sender.name ?? address.split('@')[0]!, email: address })).id;
      placement = { organizationId: org.id, contactId, unsorted: false, note: existing ? `in ${org.name}` : `in ${org.name}; new contact ${address}` };
    }
  }
  const ticketId = await openMailTicket(tx, input, placement);
  return { status: 'ticket', reason: placement.note, ticketId, commentId: null };
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
