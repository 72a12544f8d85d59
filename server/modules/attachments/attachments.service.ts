import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Ctx } from '../../context.js';
import { agentId, inTransaction } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { getTicket } from '../tickets/index.js';
import { AttachmentStore } from './attachment-store.js';
import * as repo from './attachments.repository.js';
import { safeFileName } from './file-name.js';

const storeFor = (ctx: Ctx) => new AttachmentStore(join(ctx.dataDir, 'attachments'), ctx.durable);

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
