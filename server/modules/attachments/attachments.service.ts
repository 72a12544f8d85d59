import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Ctx, TxCtx } from '../../context.js';
import { agentId, inTransaction } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { getTicket } from '../tickets/index.js';
import { AttachmentStore } from '../../shared/content-store.js';
import * as repo from './attachments.repository.js';
import { safeFileName } from './file-name.js';

const storeFor = (ctx: Ctx) => new AttachmentStore(join(ctx.filesDir, 'attachments'), ctx.durable);

export async function addAttachment(
  ctx: Ctx,
  input: {
    ticketId: number;
    commentId?: number | null;
    fileName: string;
    contentType: string;
    content: Readable;
    maxBytes: number;
  },
) {
  authorize(ctx.actor, 'ticket.comment');
  await getTicket(ctx, input.ticketId);
  if (input.commentId != null && !(await repo.commentBelongsTo(ctx.db, input.commentId, input.ticketId))) {
    throw notFound(`Comment ${input.commentId} of ticket ${input.ticketId}`);
  }
  const stored = await storeFor(ctx).put(input.content, input.maxBytes);
  const now = ctx.clock.now().toISOString();
  const fileName = safeFileName(input.fileName);
  return inTransaction(ctx, async (tx) => {
    const row = await repo.insertAttachment(tx.db, {
      ticket_id: input.ticketId,
      comment_id: input.commentId ?? null,
      file_name: fileName,
      content_type: /^[\w.+-]+\/[\w.+-]+$/.test(input.contentType) ? input.contentType : 'application/octet-stream',
      size: stored.size,
      sha256: stored.sha256,
      uploaded_by_agent_id: agentId(ctx.actor),
      created_at: now,
    });
    await repo.recordAttached(tx.db, { ticketId: input.ticketId, actor: agentId(ctx.actor), at: now, fileName });
    return row;
  });
}

export async function listAttachments(ctx: Ctx, ticketId: number) {
  await getTicket(ctx, ticketId);
  return repo.listAttachments(ctx.db, ticketId);
}

/** Opens an attachment for download, only for callers who may see its ticket. */
export async function openAttachment(ctx: Ctx, id: number) {
  const row = await repo.findAttachment(ctx.db, id);
  if (!row) throw notFound(`Attachment ${id}`);
  await getTicket(ctx, row.ticket_id).catch(() => {
    throw notFound(`Attachment ${id}`);
  });
  const { stream, size } = await storeFor(ctx).open(row.sha256);
  return { row, stream, size };
}

/**
 * Records a file already in the attachment store (content-addressed, durable) as an attachment of a ticket,
 * inside the caller's transaction: inbound mail files the attachments of a message this way. Such a file was
 * not uploaded by an agent, whoever files the message.
 */
export async function recordStoredAttachment(
  tx: TxCtx,
  file: {
    ticketId: number;
    commentId: number | null;
    fileName: string;
    contentType: string;
    size: number;
    sha256: string;
  },
): Promise<number> {
  const at = tx.clock.now().toISOString();
  const row = await repo.insertAttachment(tx.db, {
    ticket_id: file.ticketId,
    comment_id: file.commentId,
    file_name: file.fileName,
    content_type: file.contentType,
    size: file.size,
    sha256: file.sha256,
    uploaded_by_agent_id: null,
    created_at: at,
  });
  await repo.recordAttached(tx.db, { ticketId: file.ticketId, actor: null, at, fileName: file.fileName });
  return row.id;
}
