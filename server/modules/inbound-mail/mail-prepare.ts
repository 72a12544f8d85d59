import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Ctx } from '../../context.js';
import { AttachmentStore } from '../attachments/index.js';
import type { InboundSettings } from './inbound-mail.service.js';
import { readOffThread, refusedOffThread } from './mail-read-pool.js';
import { type MailPart, type ReadMail, type RefusedMail, type Sender } from './mail-read.js';

export { addressOf, mb, placeholder, refusedFromHeaders, senderOf, tooLarge } from './mail-read.js';
export type { RefusedMail, Sender } from './mail-read.js';

/** Turning a raw message into what filing needs: read on a mail worker within its budget, its files stored. */

const fileStore = (ctx: Ctx) => new AttachmentStore(join(ctx.filesDir, 'attachments'), ctx.durable);

export interface StoredFile {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  cid: string | null;
}

/** A message parsed, its files stored: what filing it as a ticket or comment needs. */
export interface FilableMail {
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

export type Prepared = { ok: true; mail: FilableMail } | ({ ok: false } & RefusedMail);

/**
 * Parses a raw message within the limits and stores its files. The same for a message just received and for
 * one an admin files again, so both end the same: the same text, the same files, the same inline images.
 * The reading runs on a mail worker; a message that takes longer than its budget is kept raw and refused.
 */
export async function prepareMessage(ctx: Ctx, raw: Buffer, settings: InboundSettings): Promise<Prepared> {
  const budgetMs = settings.prepareSeconds * 1000;
  const outcome = await readOffThread(raw, settings, budgetMs);
  if (outcome.kind === 'timeout') {
    const reason = `took longer than ${settings.prepareSeconds} s to read: kept raw`;
    return outcome.head ? { ok: false, ...outcome.head, reason } : refusedOffThread(raw, settings, budgetMs, reason);
  }
  if (outcome.kind === 'failed') {
    return refusedOffThread(raw, settings, budgetMs, `unreadable message: ${outcome.message}`);
  }
  if (!outcome.result.ok) return outcome.result;
  const { parts, ...read }: ReadMail = outcome.result.mail;
  return { ok: true, mail: { ...read, files: await storeParts(ctx, parts) } };
}

/** Files go to the content-hash store before the transaction (files are not transactional; a stored file nobody references is harmless). */
async function storeParts(ctx: Ctx, parts: MailPart[]): Promise<StoredFile[]> {
  const files: StoredFile[] = [];
  for (const p of parts) {
    // Structured cloning from the worker turns Buffers into plain Uint8Arrays.
    const content = Buffer.from(p.content.buffer, p.content.byteOffset, p.content.byteLength);
    const stored = await fileStore(ctx).put(Readable.from([content]), Number.MAX_SAFE_INTEGER);
    files.push({
      fileName: p.fileName,
      contentType: p.contentType,
      size: stored.size,
      sha256: stored.sha256,
      cid: p.cid,
    });
  }
  return files;
}
