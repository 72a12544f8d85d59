import type * as MailparserModule from 'mailparser';
import type { ParsedMail, Attachment as MailAttachment, AddressObject } from 'mailparser';
import { lazyRequire } from '../../shared/lazy-require.js';
import { safeFileName } from '../attachments/index.js';
import { ticketNumberFromSubject } from '../notifications/index.js';
import { headerBlock, mimeShape, referencedIds } from './mail-classify.js';
import { boundedText, foldReply, htmlToText, sanitizeMailHtml } from './mail-text.js';
import { isTnef, readTnef } from './tnef.js';
import type { InboundSettings } from './inbound-mail.service.js';

/**
 * Reading a raw message: the CPU-bound, I/O-free part of preparation (parse, unpack, sanitise, fold). It runs on
 * the mail worker (mail-read-worker.ts) so that no message, however hostile, holds the main thread.
 */

const mailparser = lazyRequire<typeof MailparserModule>('mailparser');
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * The first `local@domain` word of a header value. Written as a split rather than the regex
 * /[^\s<>"]+@[^\s<>"]+/ (same answer: a maximal run with an @ that has a character either side), which
 * backtracks from every position of a long run without an @ — 40 KB took a second, 100 KB many.
 */
export function addressOf(text: string | undefined): string | null {
  for (const word of (text ?? '').split(/[\s<>"]+/)) {
    if (word.length >= 3 && word.slice(1, -1).includes('@')) return word.toLowerCase();
  }
  return null;
}

export interface Sender {
  address: string | null;
  name: string | null;
}

export function senderOf(from: AddressObject | AddressObject[] | undefined): Sender {
  const list = Array.isArray(from) ? from : from ? [from] : [];
  for (const group of list) {
    for (const v of group.value) {
      const address = addressOf(v.address);
      if (address) return { address, name: v.name?.trim() || null };
    }
  }
  return { address: null, name: null };
}

export const tooLarge = (size: number, settings: InboundSettings) =>
  `too large: ${mb(size)} is over the limit of ${mb(settings.maxBytes)}; the original is kept`;

export const placeholder = (i: number) => `__ondesk_attachment_${i}__`;

/** Why a message cannot be filed (too large, a MIME bomb, unreadable, our own), with what its header tells. */
export interface RefusedMail {
  sender: Sender;
  subject: string | null;
  reason: string;
}

/** A file of the message to be stored, in the order its `placeholder(i)` refers to. */
export interface MailPart {
  fileName: string;
  contentType: string;
  cid: string | null;
  content: Uint8Array;
}

/** A message read: everything filing needs except that its files are not stored yet. */
export interface ReadMail {
  sender: Sender;
  subject: string;
  html: string | null;
  parts: MailPart[];
  fresh: string;
  quoted: string | null;
  refs: string[];
  subjectNumber: number | null;
}

export type ReadResult = { ok: true; mail: ReadMail } | ({ ok: false } & RefusedMail);

export async function readMessage(raw: Buffer, settings: InboundSettings): Promise<ReadResult> {
  if (raw.length > settings.maxBytes) return refusedFromHeaders(raw, tooLarge(raw.length, settings));
  const shape = mimeShape(raw);
  if (shape.parts > settings.maxMimeParts || shape.containers > settings.maxMimeContainers) {
    return refusedFromHeaders(
      raw,
      `MIME bomb refused: ${shape.parts} parts and ${shape.containers} nested containers (limits ${settings.maxMimeParts} and ${settings.maxMimeContainers})`,
    );
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
  const { parts, notices } = keptParts(unpacked.attachments, settings);
  // Outlook's "rich text" mail can carry its only body inside winmail.dat.
  const sourceHtml = parsed.html || (!parsed.text?.trim() && unpacked.html) || null;
  const sourceText = parsed.text?.trim() ? parsed.text : !sourceHtml && unpacked.body ? unpacked.body : undefined;
  const html = sourceHtml
    ? sanitizeMailHtml(sourceHtml, (cid) => {
        const i = parts.findIndex((f) => f.cid === cid);
        return i === -1 ? null : `/api/v1/attachments/${placeholder(i)}/download`;
      })
    : null;
  const text = boundedText(sourceText ?? (html ? htmlToText(html) : ''), 200_000);
  const folded = foldReply(text);
  const fresh = [
    folded.fresh || (parts.length > 0 ? '(no text; see the attached files)' : '(no text)'),
    ...notices,
  ].join('\n\n');
  return {
    ok: true,
    mail: {
      sender,
      subject,
      html,
      parts,
      fresh,
      quoted: folded.history ? boundedText(folded.history, 200_000) : null,
      refs: referencedIds(parsed.inReplyTo, parsed.references),
      subjectNumber: ticketNumberFromSubject(subject),
    },
  };
}

/** Who sent a message and about what: all a refusal lists of it. */
export type MailHead = Pick<RefusedMail, 'sender' | 'subject'>;

/** The sender and subject from the header block alone: encoded words in From and Subject decoded, the body untouched. */
export async function headOf(raw: Buffer): Promise<MailHead> {
  const head = await mailparser()
    .simpleParser(Buffer.from(`${headerBlock(raw)}\r\n\r\n`, 'latin1'))
    .catch(() => null);
  return { sender: senderOf(head?.from), subject: head?.subject ?? null };
}

export async function refusedFromHeaders(raw: Buffer, reason: string): Promise<{ ok: false } & RefusedMail> {
  return { ok: false, ...(await headOf(raw)), reason };
}

const isTnefPart = (a: MailAttachment) =>
  /^application\/(vnd\.)?ms-tnef$/i.test(a.contentType ?? '') || /^winmail\.dat$/i.test(a.filename ?? '');

/**
 * winmail.dat parts are replaced by the files inside them, so agents get the documents rather than a file no
 * one can open. A part that cannot be read (or holds no file) stays as it came.
 */
function unpackTnef(attachments: MailAttachment[]): {
  attachments: MailAttachment[];
  body: string | null;
  html: string | null;
} {
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
      out.push({
        ...a,
        filename: f.name,
        contentType: f.contentType ?? 'application/octet-stream',
        content: f.data,
        size: f.data.length,
        cid: f.contentId ?? undefined,
        contentId: f.contentId ? `<${f.contentId}>` : undefined,
        related: Boolean(f.contentId),
      } as MailAttachment);
    }
    if (read.problem) out.push(a);
  }
  return { attachments: out, body, html };
}

/** The files that become ticket files; one over the file limit stays in the original, with a notice. */
function keptParts(attachments: MailAttachment[], settings: InboundSettings) {
  const parts: MailPart[] = [];
  const notices: string[] = [];
  for (const [i, a] of attachments.entries()) {
    const fileName = safeFileName(
      a.filename ||
        (a.contentType === 'application/ms-tnef' ? 'winmail.dat' : `part-${i + 1}${extensionOf(a.contentType)}`),
    );
    const size = a.content?.length ?? 0;
    if (size > settings.attachmentMaxBytes) {
      notices.push(
        `The file "${fileName}" (${mb(size)}) is larger than the limit of ${mb(settings.attachmentMaxBytes)}; it is kept in the original message.`,
      );
      continue;
    }
    const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(a.contentType ?? '') ? a.contentType : 'application/octet-stream';
    parts.push({
      fileName,
      contentType,
      cid: a.cid ? a.cid.replace(/^<|>$/g, '') : null,
      content: a.content ?? Buffer.alloc(0),
    });
  }
  return { parts, notices };
}

function extensionOf(contentType: string): string {
  const known: Record<string, string> = {
    'image/png': '.png',
    'image/jpeg': '.jpg',
    'image/gif': '.gif',
    'message/rfc822': '.eml',
    'text/calendar': '.ics',
    'application/pdf': '.pdf',
    'text/plain': '.txt',
  };
  return known[contentType] ?? '.bin';
}
